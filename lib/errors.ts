// Typed domain errors. lib/ throws these; server actions turn them into messages on the
// page and route handlers into HTTP statuses, each in one place.

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
