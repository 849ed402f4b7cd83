import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { ApiError, describeError } from "./errors";

describe("describeError: one place from errors to HTTP", () => {
  it("maps the domain errors to their statuses", () => {
    expect(describeError(new NotFoundError("Consultation")).status).toBe(404);
    expect(describeError(new ForbiddenError()).status).toBe(403);
    expect(describeError(new LockedError("Signed off")).body.error).toEqual({ code: "locked", message: "Signed off" });
    expect(describeError(new ConflictError("Newer", { text: "theirs" })).status).toBe(409);
    expect(describeError(new ConflictError("Newer", { text: "theirs" }), { conflictStatus: 412 }).body.error).toEqual({
      code: "precondition_failed",
      message: "Newer",
      details: { current: { text: "theirs" } },
    });
  });

  it("turns invalid input into 422 with a path and message per problem", () => {
    const zodError = z.object({ a: z.string() }).safeParse({ a: 1 }).error!;
    expect(describeError(zodError).body.error.details).toEqual([{ path: "a", message: expect.any(String) }]);
    const invalid = describeError(new InvalidError("Bad", { "answers.0.value": "Enter text" }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual([{ path: "answers.0.value", message: "Enter text" }]);
  });

  it("keeps headers such as Retry-After and hides unexpected errors behind a 500", () => {
    expect(describeError(new ApiError("rate_limited", "Slow down", undefined, { "Retry-After": "5" })).headers).toEqual({ "Retry-After": "5" });
    const original = console.error;
    console.error = () => {};
    try {
      const fault = new Error("password=secret");
      const e = describeError(fault);
      expect(e.status).toBe(500);
      expect(JSON.stringify(e.body)).not.toContain("secret");
      // The reference the log has it under (lib/log errorReference), for the caller to quote.
      expect(e.body.error).toEqual({ code: "internal", message: expect.any(String), reference: expect.stringMatching(/^\d+$/) });
      expect((fault as Error & { digest?: string }).digest).toBe(e.body.error.reference);
    } finally {
      console.error = original;
    }
  });

  it("answers a database that timed out or is away with 503, Retry-After and no internals", () => {
    const original = console.error;
    console.error = () => {};
    try {
      const timedOut = describeError(Object.assign(new Error("Failed query: select secret_column"), { cause: Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }) }));
      expect(timedOut.status).toBe(503);
      expect(timedOut.headers).toEqual({ "Retry-After": "60" });
      expect(timedOut.body.error).toEqual({ code: "unavailable", message: "Sorry, the database took too long to answer. Try again in a minute.", reference: expect.stringMatching(/^\d+$/) });
      expect(describeError(new Error("timeout exceeded when trying to connect")).body.error.code).toBe("unavailable");
    } finally {
      console.error = original;
    }
  });
});
