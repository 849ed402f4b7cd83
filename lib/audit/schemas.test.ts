// The audit log's filter as an address gives it: what the form could not have sent is ignored,
// the person's text is trimmed and refused with a message when it cannot be searched for.
import { describe, expect, it } from "vitest";
import { AUDIT_PERSON_CONTROL, AUDIT_PERSON_MAX, AUDIT_PERSON_TOO_LONG, auditFilterSchema, auditPersonSchema } from "./schemas";

describe("auditFilterSchema", () => {
  it("keeps an action from the list, a person's id and cursors as the pager writes them", () => {
    const id = "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e";
    expect(auditFilterSchema.parse({ action: "user.end_sessions", actor: id, before: "120", after: undefined })).toEqual({ action: "user.end_sessions", actor: id, before: 120 });
  });

  it("ignores what the form could not have sent, rather than failing the page", () => {
    for (const bad of ["not.an_action", "a".repeat(10_000), "%", "signoff.approve\u0000", "SIGNOFF.APPROVE", "constructor", "__proto__"]) {
      expect(auditFilterSchema.parse({ action: bad }), bad.slice(0, 20)).toEqual({});
    }
    for (const bad of ["not-an-id", "-".repeat(36), "'; drop table users; --", "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e\u0000"]) expect(auditFilterSchema.parse({ actor: bad })).toEqual({});
    for (const bad of ["-1", "1e3", "abc", "9".repeat(16), "1.5", " 12"]) expect(auditFilterSchema.parse({ before: bad, after: bad })).toEqual({});
  });
});

describe("auditPersonSchema", () => {
  it("trims the text; empty or spaces alone is no filter", () => {
    expect(auditPersonSchema.parse("  Jane Fi ")).toBe("Jane Fi");
    expect(auditPersonSchema.parse("")).toBeUndefined();
    expect(auditPersonSchema.parse(" ".repeat(10_000))).toBeUndefined();
  });

  it("keeps LIKE's wildcards and markup as typed (the query escapes them, React the page)", () => {
    expect(auditPersonSchema.parse("100% _Real\\ <b>")).toBe("100% _Real\\ <b>");
  });

  it("refuses text longer than an email address can be, and control characters (Postgres refuses NUL)", () => {
    expect(auditPersonSchema.parse("x".repeat(AUDIT_PERSON_MAX))).toHaveLength(AUDIT_PERSON_MAX);
    expect(auditPersonSchema.safeParse("x".repeat(AUDIT_PERSON_MAX + 1)).error?.issues[0]?.message).toBe(AUDIT_PERSON_TOO_LONG);
    expect(auditPersonSchema.safeParse("a".repeat(10_000)).error?.issues[0]?.message).toBe(AUDIT_PERSON_TOO_LONG);
    for (const bad of ["Jane\u0000", "\u0000", "Jane\tFisher", "a\u007fb", "a\u0085b"]) {
      expect(auditPersonSchema.safeParse(bad).error?.issues[0]?.message, JSON.stringify(bad)).toBe(AUDIT_PERSON_CONTROL);
    }
  });
});
