// The one place where the API turns failures into HTTP: every error leaves as
// { "error": { "code", "message", "details" } } with its status. Domain errors from lib/ map by
// type; anything unexpected is logged and becomes a 500 without internals, with the reference
// under which the log has it (as a database that is away, a 503).
import { ZodError } from "zod";
import { ConflictError, DomainError, InvalidError, LockedError, serviceFailure } from "../errors";

export type ErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "locked"
  | "idempotency_in_progress"
  | "precondition_failed"
  | "payload_too_large"
  | "invalid"
  | "idempotency_key_reused"
  | "precondition_required"
  | "rate_limited"
  | "internal"
  | "unavailable";

export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  locked: 409,
  idempotency_in_progress: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  invalid: 422,
  idempotency_key_reused: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** One problem with the input: where (dotted path, "" for the whole body) and what. */
export type IssueDetail = { path: string; message: string };

/** An error raised by the API layer itself (headers, bodies, paging), not by lib/. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS_OF[code];
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown; reference?: string } };

/** How a route wants a version conflict reported: 409 by default, 412 where If-Match was sent. */
export type ErrorOptions = { conflictStatus?: 409 | 412 };

export function issuesFromZod(error: ZodError): IssueDetail[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

function issuesFromFieldErrors(fieldErrors: Record<string, string>): IssueDetail[] {
  return Object.entries(fieldErrors).map(([path, message]) => ({ path: path === "_form" ? "" : path, message }));
}

/** The status, body and headers for any thrown value. */
export function describeError(e: unknown, options: ErrorOptions = {}): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const out = (status: number, code: string, message: string, details?: unknown, headers: Record<string, string> = {}, reference?: string) => ({
    status,
    body: { error: { code, message, ...(details === undefined ? {} : { details }), ...(reference === undefined ? {} : { reference }) } },
    headers,
  });
  if (e instanceof ApiError) return out(e.status, e.code, e.message, e.details, e.headers);
  if (e instanceof ZodError) return out(422, "invalid", "The request is not valid", issuesFromZod(e));
  if (e instanceof InvalidError) {
    const issues = issuesFromFieldErrors(e.fieldErrors);
    return out(422, "invalid", e.message, issues.length ? issues : [{ path: "", message: e.message }]);
  }
  if (e instanceof ConflictError) {
    const status = options.conflictStatus ?? 409;
    return out(status, status === 412 ? "precondition_failed" : "conflict", e.message, { current: e.current ?? null });
  }
  if (e instanceof LockedError) return out(409, "locked", e.message);
  if (e instanceof DomainError) {
    const known: Record<string, ErrorCode> = { not_found: "not_found", forbidden: "forbidden", unauthenticated: "unauthenticated" };
    const code = known[e.code];
    if (code) return out(STATUS_OF[code], code, e.message);
    // A domain error this layer does not know yet: keep the status lib/ chose if it is a 4xx.
    if (e.status >= 400 && e.status < 500) return out(e.status, e.code, e.message, e.details);
  }
  // Our side's failures: logged, with a reference the caller can quote to find them in the log.
  const failure = serviceFailure("API error", e);
  if (failure.problem) return out(failure.status, "unavailable", failure.problem.message, undefined, failure.headers, failure.reference);
  return out(failure.status, "internal", "Sorry, something went wrong on our side. Try again later.", undefined, failure.headers, failure.reference);
}

export function errorResponse(e: unknown, options: ErrorOptions = {}): Response {
  const { status, body, headers } = describeError(e, options);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
