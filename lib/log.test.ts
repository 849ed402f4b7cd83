import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorReference, formatLogArgs, logFailure, logLine, safeError, safeErrorMessage } from "./log";

const TYPED = "Our answer mentions jane.doe@example.org and the Chorley plan";

/** As node-postgres raises a unique violation: the row's values in `detail`. */
function pgError() {
  return Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
    name: "DatabaseError",
    code: "23505",
    constraint: "users_email_unique",
    table: "users",
    detail: `Key (email)=(${TYPED}) already exists.`,
  });
}
/** As drizzle wraps it: the statement and its parameters in its message. */
const failedQuery = () => new DrizzleQueryError("insert into users (email) values ($1)", [TYPED], pgError());

describe("the log never carries what people typed", () => {
  it("keeps a failed statement's text, code and constraint, not its values or the row's", () => {
    const s = safeError(failedQuery());
    expect(s).toMatchObject({ message: "Failed query", query: "insert into users (email) values ($1)", cause: { code: "23505", constraint: "users_email_unique", table: "users" } });
    expect(JSON.stringify(s)).not.toContain("jane.doe");
    expect(s.stack).toMatch(/^\s+at /);
    expect(safeErrorMessage(failedQuery())).toBe('Failed query: insert into users (email) values ($1): caused by: duplicate key value violates unique constraint "users_email_unique" (23505)');
  });

  it("formats console's arguments as console would, each error made safe", () => {
    const { msg, error } = formatLogArgs(["save of response %s failed:", "r-1", failedQuery()]);
    expect(msg).toMatch(/^save of response r-1 failed: QueryError: Failed query insert into users/);
    expect(msg).toContain("caused by DatabaseError: duplicate key value");
    expect(msg).not.toContain("jane.doe");
    expect(error?.cause?.code).toBe("23505");
    expect(formatLogArgs([{ a: 1 }, "b"]).msg).toBe("{ a: 1 } b");
    expect(formatLogArgs(["plain"]).msg).toBe("plain");
  });

  it("writes one JSON object per line with LOG_FORMAT=json, the error apart from the message", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    const line = logLine("error", ["campaign grouping failed", failedQuery()], { json: true, instance: "web-1", now });
    expect(line).not.toContain("\n");
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ time: "2026-12-06T10:00:00.000Z", level: "error", instance: "web-1", msg: "campaign grouping failed QueryError: Failed query insert into users (email) values ($1)" });
    expect(parsed.error).toMatchObject({ name: "QueryError", query: "insert into users (email) values ($1)", cause: { code: "23505" } });
    expect(line).not.toContain("jane.doe");
    expect(JSON.parse(logLine("info", ["ready on port %d", 3000], { json: true, instance: "web-1", now }))).toEqual({ time: "2026-12-06T10:00:00.000Z", level: "info", instance: "web-1", msg: "ready on port 3000" });
    expect(logLine("warn", ["as text"], { json: false, instance: "web-1" })).toBe("as text");
  });

  it("leaves out an email address a mail server's refusal quotes", () => {
    const refused = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <jane.doe@example.org>: Recipient address rejected"), { code: "EENVELOPE", responseCode: 550 });
    expect(safeErrorMessage(refused)).toBe("Can't send mail - all recipients were rejected: 550 5.1.1 <<address>>: Recipient address rejected");
    expect(JSON.stringify(safeError(refused))).not.toContain("jane.doe");
  });

  it("takes anything thrown, not only errors", () => {
    expect(safeErrorMessage("a string")).toBe("a string");
    expect(safeErrorMessage(undefined)).toBe("undefined");
    const looped: Error & { cause?: unknown } = new Error("outer");
    looped.cause = looped;
    expect(safeErrorMessage(looped).split("caused by").length).toBeLessThanOrEqual(7);
  });
});

describe("a failure's reference: what the person is told, and what the log has", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the digest Next.js gave the error, in the log beside it", () => {
    const e = Object.assign(failedQuery(), { digest: "2868193867" });
    expect(errorReference(e)).toBe("2868193867");
    expect(safeError(e).reference).toBe("2868193867");
    const line = JSON.parse(logLine("error", ["⨯", e], { json: true, instance: "web-1" }));
    expect(line.error.reference).toBe("2868193867");
    expect(line.msg).toContain("reference 2868193867");
  });

  it("is never one of Next.js's control-flow digests, which carry a URL", () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/respond/x?token=secret;307;" });
    expect(safeError(redirect).reference).toBeUndefined();
    expect(errorReference(redirect)).toMatch(/^\d{1,10}$/);
    // And the redirect's own digest is left as it was: Next.js reads it to redirect.
    expect(redirect.digest).toBe("NEXT_REDIRECT;replace;/respond/x?token=secret;307;");
  });

  it("is made once for an error that has none, and kept on it", () => {
    const e = new Error("a fault");
    const first = errorReference(e);
    expect(first).toMatch(/^\d{1,10}$/);
    expect(errorReference(e)).toBe(first);
    const others = new Set(Array.from({ length: 200 }, () => errorReference(new Error("x"))));
    expect(others.size).toBeGreaterThan(195);
  });

  it("is logged with the failure, whatever was thrown", () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args));
    const e = failedQuery();
    const reference = logFailure("API error", e);
    expect(formatLogArgs(lines[0]!).msg).toMatch(new RegExp(`^API error QueryError: Failed query .*reference ${reference}\\)`));
    const frozen = Object.freeze(new Error("frozen"));
    const r2 = logFailure("export failed", frozen);
    expect(formatLogArgs(lines[1]!).msg).toMatch(new RegExp(`^export failed \\(reference ${r2}\\) Error: frozen`));
    const r3 = logFailure("job failed", "a string");
    expect(formatLogArgs(lines[2]!).msg).toBe(`job failed (reference ${r3}) a string`);
  });
});
