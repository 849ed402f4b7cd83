import { describe, expect, it } from "vitest";
import { databaseProblem } from "./errors";

/** An error as node-postgres raises it: a message and Postgres's SQLSTATE (or the socket's errno) as `code`. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
/** As drizzle raises it: its own error, the driver's as the cause. */
const drizzleError = (cause: Error) => Object.assign(new Error("Failed query: select …\nparams: "), { cause });

describe("databaseProblem: a slow or absent database told apart from other faults", () => {
  it("finds a statement stopped by statement_timeout, through drizzle's wrapping", () => {
    const p = databaseProblem(drizzleError(pgError("canceling statement due to statement timeout", "57014")));
    expect(p?.kind).toBe("timeout");
    expect(p?.message).toBe("Sorry, the database took too long to answer. Try again in a minute.");
    expect(p?.unsaved).toBe("The database took too long to answer, so nothing was saved. Try again in a minute.");
  });

  it("finds a database that refuses or drops connections, or none free in time", () => {
    for (const e of [
      pgError("sorry, too many clients already", "53300"),
      pgError("the database system is starting up", "57P03"),
      pgError("terminating connection due to administrator command", "57P01"),
      pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      drizzleError(pgError('database "consult" does not exist', "3D000")),
      pgError("timeout exceeded when trying to connect"),
      drizzleError(pgError("Connection terminated unexpectedly")),
    ]) {
      expect(databaseProblem(e)?.kind, e.message).toBe("unavailable");
    }
    expect(databaseProblem(pgError("timeout exceeded when trying to connect"))?.message).toBe("Sorry, the service cannot reach its database just now. Try again in a minute.");
  });

  it("leaves every other error alone", () => {
    expect(databaseProblem(pgError('duplicate key value violates unique constraint "x"', "23505"))).toBeNull();
    expect(databaseProblem(drizzleError(pgError('relation "nope" does not exist', "42P01")))).toBeNull();
    expect(databaseProblem(new Error("statement timeout in the text alone is not a code"))).toBeNull();
    expect(databaseProblem("a string")).toBeNull();
    // Drizzle's message quotes the parameters (what people typed): never read as the pool's words.
    const typed = Object.assign(new Error("Failed query: insert into comments …\nparams: Connection terminated unexpectedly"), { query: "insert …", params: [], cause: pgError("duplicate key", "23505") });
    expect(databaseProblem(typed)).toBeNull();
    expect(databaseProblem(null)).toBeNull();
  });

  it("stops on a cause chain that loops", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(databaseProblem(a)).toBeNull();
  });
});
