// Test helper: call /api/v1 route handlers directly with Request objects, against a test
// database, and check every response against the OpenAPI document.
import type { TestDb } from "../../../db/testing";
import { OpenApiValidator } from "./openapi-validator";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

/** Route handlers open the process's database with getDb(); point it at the test database. */
export function routeHandlersUse(t: TestDb) {
  (globalThis as unknown as { __consultDb?: unknown }).__consultDb = { db: t.db, driver: t.driver, close: async () => {} };
}

export type CallOptions = {
  key?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON and text bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export function makeCaller(validator: OpenApiValidator) {
  return async function call(handler: Handler, method: string, path: string, opts: CallOptions = {}) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const req = new Request(`http://localhost/api/v1${path}`, { method, headers, body });
    const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
    const parsed = await validator.check(method, path, res);
    return { res, status: res.status, body: parsed as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}
