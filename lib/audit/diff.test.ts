import { describe, expect, it } from "vitest";
import { auditChanges, auditValueText } from "./diff";

describe("auditChanges", () => {
  it("marks changed, added, removed and unchanged keys", () => {
    const changes = auditChanges(
      { question: "12", text: "Old", status: "drafting", gone: 1 },
      { question: "12", text: "New", status: "drafting", assignee: "Amir Khan" },
    );
    expect(changes).toEqual([
      { key: "question", kind: "same", after: "12" },
      { key: "text", kind: "changed", before: "Old", after: "New" },
      { key: "status", kind: "same", after: "drafting" },
      { key: "gone", kind: "removed", before: 1 },
      { key: "assignee", kind: "added", after: "Amir Khan" },
    ]);
  });

  it("treats a missing side as empty and compares nested values by content", () => {
    expect(auditChanges(null, { a: 1 })).toEqual([{ key: "a", kind: "added", after: 1 }]);
    expect(auditChanges({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual([{ key: "a", kind: "same", after: { y: 2, x: 1 } }]);
    expect(auditChanges("before", "after")).toEqual([{ key: "value", kind: "changed", before: "before", after: "after" }]);
  });
});

describe("auditValueText", () => {
  it("writes values as short text", () => {
    expect(auditValueText(null)).toBe("none");
    expect(auditValueText(["3", "4"])).toBe("3, 4");
    expect(auditValueText({ "3": "Jane Fisher", "4": null })).toBe("3: Jane Fisher; 4: none");
    expect(auditValueText(true)).toBe("true");
  });
});
