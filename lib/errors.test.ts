import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { formatLogArgs } from "./log";
import { causes, databaseProblem, downloadFailureMessage, InvalidError, parseField, serviceFailure } from "./errors";

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

describe("databaseProblem: a transaction given up as it met another", () => {
  it("is told as busy, nothing saved, to try again at once (a deadlock, a serialization failure)", () => {
    for (const code of ["40P01", "40001"]) {
      const p = databaseProblem(drizzleError(pgError("deadlock detected", code)));
      expect(p).toMatchObject({ kind: "busy", retryAfter: 1 });
      expect(p?.message).toBe("Sorry, the database was busy with another change to the same records at the same moment. Try again.");
      expect(p?.unsaved).toBe("The database was busy with another change to the same records at the same moment, so nothing was saved. Try again.");
    }
  });

  it("answers 503 with Retry-After: 1", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(serviceFailure("API error", pgError("deadlock detected", "40P01"))).toMatchObject({ status: 503, headers: { "Retry-After": "1" } });
    vi.restoreAllMocks();
  });
});

describe("causes: an error and what caused it", () => {
  it("walks drizzle's error to the driver's, outermost first", () => {
    const driver = pgError("connect ECONNREFUSED", "ECONNREFUSED");
    const outer = drizzleError(driver);
    expect([...causes(outer)]).toEqual([outer, driver]);
  });

  it("stops at five, at a loop, and at a cause that is not an object", () => {
    let e: Error = new Error("0");
    for (let i = 1; i < 9; i++) e = new Error(String(i), { cause: e });
    expect([...causes(e)].map((c) => (c as Error).message)).toEqual(["8", "7", "6", "5", "4"]);
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = new Error("b", { cause: a });
    expect([...causes(a)]).toHaveLength(2);
    expect([...causes(new Error("x", { cause: "a string" }))]).toHaveLength(1);
    expect([...causes("a string")]).toEqual([]);
    expect([...causes(null)]).toEqual([]);
  });
});

describe("serviceFailure: a failure on our side, as every kind of answer gives it", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is a 503 with Retry-After and the database's problem when the database is away, logged with its reference", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const f = serviceFailure("API error", drizzleError(pgError("connect ECONNREFUSED", "ECONNREFUSED")));
    expect(f).toMatchObject({ status: 503, headers: { "Retry-After": "60" }, problem: { kind: "unavailable" } });
    expect(f.reference).toMatch(/^\d+$/);
    const line = formatLogArgs(log.mock.calls[0]!);
    expect(line.msg.startsWith("API error: database unavailable ")).toBe(true);
    expect(JSON.stringify(line)).toContain(f.reference);
  });

  it("is a 500 with no Retry-After for anything else", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const f = serviceFailure("export download failed", new Error("a bug"));
    expect(f).toMatchObject({ status: 500, headers: {}, problem: null });
    expect(formatLogArgs(log.mock.calls[0]!).msg.startsWith("export download failed ")).toBe(true);
  });

  it("gives a download's words: the problem, or that the file could not be made, and whom to tell", () => {
    expect(downloadFailureMessage("export", { problem: null, reference: "42" }, "an administrator")).toBe(
      "Sorry, the export could not be made. Try again. If it keeps failing, tell an administrator, quoting reference 42.",
    );
    const problem = databaseProblem(pgError("canceling statement", "57014"));
    expect(downloadFailureMessage("file", { problem, reference: "7" }, "the council's contact officer")).toBe(
      "Sorry, the database took too long to answer. Try again in a minute. If it keeps failing, tell the council's contact officer, quoting reference 7.",
    );
  });
});

describe("parseField: a filter's one field parsed, or refused at that field", () => {
  const schema = z.string().trim().max(5, "Enter 5 characters or fewer");
  it("gives the parsed value", () => {
    expect(parseField(schema, "  abc ", "q")).toBe("abc");
  });
  it("refuses with the first problem's message, at the field", () => {
    let caught: unknown;
    try {
      parseField(schema, "abcdefgh", "person");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidError);
    expect((caught as InvalidError).message).toBe("Enter 5 characters or fewer");
    expect((caught as InvalidError).fieldErrors).toEqual({ person: "Enter 5 characters or fewer" });
  });
});
