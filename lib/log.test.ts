import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { formatLogArgs, logLine, safeError, safeErrorMessage } from "./log";

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

  it("takes anything thrown, not only errors", () => {
    expect(safeErrorMessage("a string")).toBe("a string");
    expect(safeErrorMessage(undefined)).toBe("undefined");
    const looped: Error & { cause?: unknown } = new Error("outer");
    looped.cause = looped;
    expect(safeErrorMessage(looped).split("caused by").length).toBeLessThanOrEqual(7);
  });
});
