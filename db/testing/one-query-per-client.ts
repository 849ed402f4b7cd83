// Integration tests only (vitest setupFiles): node-postgres 8 queues a query sent to a client
// that is still running one (a `Promise.all` of reads on a transaction's handle, say) and says
// so once per process in a deprecation warning, easily missed; pg 9 refuses it. Here every such
// query is recorded (and still run, so the transaction ends cleanly) and fails the test it
// happened in, so each place is found while pg 8 still forgives it. Reads meant to run side by
// side go through `readTogether` (db/client.ts), which runs them in turn on a single client.
import pg from "pg";
import { afterAll, afterEach } from "vitest";

type Internals = { _activeQuery?: unknown; _queryQueue?: unknown[]; pipeline?: boolean };
type Overlap = { text: string; stack: string };
const g = globalThis as unknown as { __queryOverlaps?: Overlap[] };
const overlaps = (g.__queryOverlaps ??= []);

/** The overlapping queries recorded since the last call (a test of this guard takes them). */
export function takeQueryOverlaps(): Overlap[] {
  return overlaps.splice(0);
}

const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown; __oneQueryGuard?: true };
if (!proto.__oneQueryGuard) {
  const query = proto.query;
  proto.query = function (this: Internals, ...a: unknown[]) {
    if (!this.pipeline && (this._activeQuery || (this._queryQueue?.length ?? 0) > 0)) {
      const q = a[0] as string | { text?: string };
      overlaps.push({ text: String(typeof q === "string" ? q : q?.text).slice(0, 200), stack: new Error().stack ?? "" });
    }
    return query.apply(this, a);
  };
  proto.__oneQueryGuard = true;
}

function check(where: string) {
  const found = takeQueryOverlaps();
  if (found.length) {
    throw new Error(
      `${found.length} quer${found.length === 1 ? "y was" : "ies were"} sent ${where} to a database client already running one ` +
        `(reads started together on a transaction's handle?); node-postgres 9 refuses this: run them in turn, or through readTogether(db, [...]). ` +
        `First: ${found[0]!.text}\n${found[0]!.stack}`,
    );
  }
}

// Each test, and the file's own setting up (beforeAll, blamed on its first test) and tearing down.
afterEach(() => check("during this test"));
afterAll(() => check("while the file set up or tore down"));
