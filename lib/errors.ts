// Typed domain errors. lib/ throws these; server actions turn them into messages on the
// page and route handlers into HTTP statuses, each in one place.
import { logFailure } from "./log";

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what = "The page or record") {
    super(`${what} was not found`, "not_found", 404);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do that") {
    super(message, "forbidden", 403);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue") {
    super(message, "unauthenticated", 401);
  }
}

/** Bad input: `fieldErrors` maps a field name (or path) to the message shown beside it. */
export class InvalidError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message, "invalid", 422, { fieldErrors });
  }
}

/** A save over a newer version: both versions travel with the error so none is lost. */
export class ConflictError<T = unknown> extends DomainError {
  constructor(
    message: string,
    readonly current: T,
    readonly attempted?: T,
  ) {
    super(message, "conflict", 409, { current, attempted });
  }
}

/** The record was there and has been removed for good (an export file past its keeping time). */
export class GoneError extends DomainError {
  constructor(message: string) {
    super(message, "gone", 410);
  }
}

/** The record is locked (closed consultation, signed-off answers). */
export class LockedError extends DomainError {
  constructor(message: string) {
    super(message, "locked", 409);
  }
}

/** Postgres's codes for a statement stopped by statement_timeout (or cancelled). */
const TIMED_OUT = new Set(["57014"]);
/**
 * Postgres's codes for a transaction given up because another, at the same moment, needed the
 * same rows the other way round (a deadlock) or could not be put in order with it: nothing of it
 * was saved, and the same request again will go through.
 */
const BUSY = new Set(["40P01", "40001"]);
/**
 * Postgres's codes, and the socket's, for a database that cannot take the request just now:
 * out of connections, shutting down or starting, the connection refused or cut, and (an
 * administrator's to mend, not the person's) the database or its login not as configured.
 */
const UNAVAILABLE = new Set(["53300", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "3D000", "28000", "28P01", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH"]);
/** node-postgres's own words when no connection came in time (DATABASE_CONNECTION_TIMEOUT_SECONDS) or one was cut. */
const UNAVAILABLE_WORDS = /timeout exceeded when trying to connect|Connection terminated (due to connection timeout|unexpectedly)/;

export type DatabaseProblem = {
  kind: "timeout" | "unavailable" | "busy";
  /** Seconds to wait before trying again (Retry-After). */
  retryAfter: number;
  /** For a page or an API call: what happened, and to try again. */
  message: string;
  /** For a form: the same, saying that nothing was saved (its transaction was rolled back). */
  unsaved: string;
};

/** Seconds a person or client is asked to wait before trying again when the database is slow or away. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 60;

const PROBLEMS: Record<DatabaseProblem["kind"], { what: string; again: string; retryAfter: number }> = {
  timeout: { what: "the database took too long to answer", again: "Try again in a minute.", retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS },
  unavailable: { what: "the service cannot reach its database just now", again: "Try again in a minute.", retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS },
  busy: { what: "the database was busy with another change to the same records at the same moment", again: "Try again.", retryAfter: 1 },
};

function problem(kind: DatabaseProblem["kind"]): DatabaseProblem {
  const { what, again, retryAfter } = PROBLEMS[kind];
  return { kind, retryAfter, message: `Sorry, ${what}. ${again}`, unsaved: `${what[0]!.toUpperCase()}${what.slice(1)}, so nothing was saved. ${again}` };
}

/**
 * Whether `e` (or what caused it: drizzle wraps the driver's error) is the database not
 * answering in time or not taking requests, or giving up a transaction that met another at the
 * same moment (a deadlock), and what to tell the person: nothing they did, and worth trying
 * again. Null for anything else.
 */
export function databaseProblem(e: unknown): DatabaseProblem | null {
  const chain = [...causes(e)];
  // The codes first, along the whole chain: drizzle's own error carries no code, the driver's does.
  for (const c of chain) {
    const code = String((c as { code?: unknown }).code ?? "");
    if (TIMED_OUT.has(code)) return problem("timeout");
    if (UNAVAILABLE.has(code)) return problem("unavailable");
    if (BUSY.has(code)) return problem("busy");
  }
  // pg-pool's own errors have no code, only words. Never read drizzle's message for them: it
  // quotes the statement's parameters, which is what people typed.
  for (const c of chain) {
    if ("query" in c || "params" in c) continue;
    if (UNAVAILABLE_WORDS.test(String((c as { message?: unknown }).message ?? ""))) return problem("unavailable");
  }
  return null;
}

/**
 * `e` and what caused it, outermost first (drizzle wraps the driver's error, which may wrap the
 * socket's): objects only, at most five deep, each once (a cause that points back ends it).
 */
export function* causes(e: unknown): Generator<object> {
  const seen = new Set<object>();
  for (let c = e; c !== null && typeof c === "object" && seen.size < 5 && !seen.has(c); c = (c as { cause?: unknown }).cause) {
    seen.add(c);
    yield c;
  }
}

/**
 * A request that failed on the service's side, as every kind of answer (API, page, download)
 * gives it: logged under `context`, with the reference the log has it under; 503 with
 * Retry-After and the database's `problem` when the database was slow or away (worth trying
 * again soon), else 500.
 */
export type ServiceFailure = {
  status: 500 | 503;
  headers: Record<string, string>;
  problem: DatabaseProblem | null;
  reference: string;
};

export function serviceFailure(context: string, e: unknown): ServiceFailure {
  const problem = databaseProblem(e);
  const reference = logFailure(problem ? `${context}: database ${problem.kind}` : context, e);
  return problem
    ? { status: 503, headers: { "Retry-After": String(problem.retryAfter) }, problem, reference }
    : { status: 500, headers: {}, problem: null, reference };
}

/**
 * What a download that failed on our side says (a plain-text answer): the database's problem or
 * that the file could not be made, and whom to tell, quoting the reference.
 */
export function downloadFailureMessage(what: "export" | "file", failure: Pick<ServiceFailure, "problem" | "reference">, tell: string): string {
  return `${failure.problem?.message ?? `Sorry, the ${what} could not be made. Try again.`} If it keeps failing, tell ${tell}, quoting reference ${failure.reference}.`;
}

/**
 * What a form says when its save failed for a reason that is not the person's: the database's
 * own problem when it is one, else a plain apology. Either way nothing was saved.
 */
export function unsavedMessage(e: unknown): string {
  return databaseProblem(e)?.unsaved ?? "Sorry, something went wrong and nothing was saved. Try again.";
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Turn zod issues into a { "path.to.field": "message" } map (first message per field). */
export function zodFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * `value` as `schema` parses it, or an InvalidError with the first problem's message, shown at
 * the one field `field` (a filter or search box whose schema checks that field alone).
 */
export function parseField<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } } },
  value: unknown,
  field: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]!.message;
  throw new InvalidError(message, { [field]: message });
}
