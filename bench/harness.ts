// The benchmark harness: a keep-alive HTTP client on node:http, closed-loop load at a fixed
// concurrency for a fixed time, exact percentiles over every latency, and plain-text tables.
//
// Why not autocannon: each submission needs its own API key and body, the journey is a
// stateful GET → parse form → POST per signed-in partner, and the checks need to know which
// requests were acknowledged. A worker loop of our own does that directly; at the rates one
// 2-core machine reaches (hundreds of requests a second) keeping every latency and sorting it
// is cheap and exact, so no histogram approximation is needed either.
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

export class HttpClient {
  readonly agent: http.Agent;
  constructor(
    readonly base: string,
    maxSockets = 64,
    private readonly timeoutMs = 30_000,
  ) {
    const u = new URL(base);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) throw new Error(`benchmarks only load 127.0.0.1, not ${u.hostname}`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, opts: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.base);
      const body = typeof opts.body === "string" ? Buffer.from(opts.body) : opts.body;
      const req = http.request(
        url,
        { method, agent: this.agent, headers: { ...(opts.headers ?? {}), ...(body ? { "content-length": String(body.length) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      if (body) req.write(body);
      req.end();
    });
  }

  /** A streamed GET: `onData` sees each chunk; nothing is kept. */
  stream(path: string, headers: Record<string, string>, onData: (chunk: Buffer) => void): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve, reject) => {
      const req = http.get(new URL(path, this.base), { agent: this.agent, headers }, (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          onData(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on("error", reject);
      });
      req.setTimeout(10 * 60_000, () => req.destroy(new Error("export timed out")));
      req.on("error", reject);
    });
  }

  close() {
    this.agent.destroy();
  }
}

export type Stats = { count: number; mean: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles over every sample (milliseconds). */
export function stats(samples: number[]): Stats {
  if (!samples.length) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { count: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]! };
}

/**
 * The median of `samples`: the middle one, or the mean of the two middles when there is an even
 * number (so that two rounds give their mean, not whichever came first after sorting).
 */
export function median(samples: number[]): number {
  if (!samples.length) return 0;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The 95th percentile of `samples`, by the nearest-rank rule `stats` uses. */
export const p95 = (samples: number[]): number => stats(samples).p95;

export class Recorder {
  latencies: number[] = [];
  ok = 0;
  errors = 0;
  errorKinds: Record<string, number> = {};

  add(ms: number, ok: boolean, kind?: string) {
    this.latencies.push(ms);
    if (ok) this.ok++;
    else {
      this.errors++;
      const k = kind ?? "error";
      this.errorKinds[k] = (this.errorKinds[k] ?? 0) + 1;
    }
  }

  error(kind: string) {
    this.errors++;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }
}

/**
 * Closed-loop load: `concurrency` workers each call `step` until `durationMs` has passed (or
 * a step returns false: nothing left to do). Returns the wall time actually used.
 */
export async function runFor(concurrency: number, durationMs: number, step: (worker: number) => Promise<boolean | void>): Promise<number> {
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  let stop = false;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (!stop && performance.now() < deadline) {
        if ((await step(w)) === false) stop = true;
      }
    }),
  );
  return performance.now() - t0;
}

/** A page's or a floor's figures under load; a page's also the p95 of the two floors requested in turn with it. */
export type PageRow = { name: string; path: string; stats: Stats; errors: number; perSecond: number; kind: "page" | "floor"; floorP95?: number; otherFloorP95?: number };

/**
 * Pages against floors (bench/public.ts, bench/documents-pages.ts): each of the two floors alone
 * for half the time, for reference; then each page requested in turn with both floors by every
 * worker (page, first floor, page, second floor, …), so all three see the same load on a shared
 * host and a page's p95 is read against the floors' over the same seconds. `get` requests a
 * target and records it (its latency, and whether the answer was the one expected).
 */
export async function pagesBesideFloors<T extends { name: string; path: string }>(o: {
  floors: readonly [T, T];
  pages: readonly T[];
  concurrency: number;
  durationMs: number;
  get: (target: T, rec: Recorder) => Promise<void>;
  problems: string[];
}): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  const record = (t: T, kind: PageRow["kind"], rec: Recorder, elapsed: number, floorP95?: number, otherFloorP95?: number) => {
    rows.push({ name: t.name, path: t.path, stats: stats(rec.latencies), errors: rec.errors, perSecond: rec.ok / (elapsed / 1000), kind, floorP95, otherFloorP95 });
    if (rec.errors) o.problems.push(`${t.name}: ${rec.errors} errors (${JSON.stringify(rec.errorKinds)})`);
  };
  const warm = async (t: T) => {
    for (let i = 0; i < o.concurrency; i++) await o.get(t, new Recorder());
  };
  for (const f of o.floors) {
    await warm(f);
    const rec = new Recorder();
    record(f, "floor", rec, await runFor(o.concurrency, o.durationMs / 2, () => o.get(f, rec)));
  }
  for (const p of o.pages) {
    await warm(p);
    const [rec, first, second] = [new Recorder(), new Recorder(), new Recorder()];
    const turn = Array.from({ length: o.concurrency }, (_, w) => w % 4);
    const elapsed = await runFor(o.concurrency, o.durationMs, (w) => {
      const k = (turn[w] = (turn[w]! + 1) % 4);
      return k % 2 === 0 ? o.get(p, rec) : k === 1 ? o.get(o.floors[0], first) : o.get(o.floors[1], second);
    });
    record(p, "page", rec, elapsed, stats(first.latencies).p95, stats(second.latencies).p95);
  }
  return rows;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");

/** A bench script's command line: `value("k", fallback)` reads `--k V`, `flag("k")` whether `--k` is given. */
export function commandLine(args: string[] = process.argv.slice(2)) {
  return {
    value: (k: string, fallback: string): string => {
      const i = args.indexOf(`--${k}`);
      return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
    },
    flag: (k: string): boolean => args.includes(`--${k}`),
  };
}

/** A plain-text table: the first row is the header. */
export function table(title: string, rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const sep = widths.map((w) => "-".repeat(w)).join("  ");
  return [`\n${title}`, line(cells[0]!), sep, ...cells.slice(1).map(line)].join("\n");
}

/**
 * The figures of pagesBesideFloors's rows against a target (p95 under `ms`, or at most `ratio`
 * times the floor's: the floor requested in turn with the page, else the first floor alone).
 */
export function pageResults(rows: PageRow[], target: { ms: number; ratio: number }) {
  const floorP95 = rows[0]!.stats.p95;
  const floorOf = (r: PageRow) => r.floorP95 ?? floorP95;
  const met = (r: PageRow) => r.stats.p95 < target.ms || r.stats.p95 <= target.ratio * floorOf(r);
  return {
    /** The table's rows under a header of eleven columns: the figures, the page's against both floors', and met or not. */
    tableRows: (header: string[]): (string | number)[][] => [
      header,
      ...rows.map((r) => [
        r.name,
        r.perSecond.toFixed(0),
        ms(r.stats.p50),
        ms(r.stats.p95),
        ms(r.stats.p99),
        r.errors,
        r.kind === "floor" ? "" : ms(floorOf(r)),
        r.kind === "floor" ? "" : ratio(r.stats.p95 / floorOf(r)),
        r.kind === "floor" ? "" : ms(r.otherFloorP95!),
        r.kind === "floor" ? "" : ratio(r.stats.p95 / r.otherFloorP95!),
        r.kind === "floor" ? "" : met(r) ? "met" : "NOT MET",
      ]),
    ],
    /** The results file's fields: the first floor's p95 and the rows. */
    fields: { floorP95, pages: rows.map((r) => ({ ...r, ratioP95: r.kind === "floor" ? null : r.stats.p95 / floorOf(r), met: r.kind === "floor" ? null : met(r) })) },
  };
}

/** Writes bench/results/<name>-<date>.json: the date, then `fields` in their order; says so. */
export function writeResults(name: string, fields: Record<string, unknown>) {
  const root = path.resolve(import.meta.dirname, "..");
  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...fields }, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(root, file)}`);
}
