// Every kind of audit entry the code writes reads in words: the filter's dropdown and the table
// show AUDIT_ACTION_LABELS, never a dotted name. The type of AuditInput.action already refuses
// an unlabelled literal; this reads the source too, so a kind written through a plain string
// (a helper taking `string`) is caught as well.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, auditActionLabel } from "./labels";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "testing" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Dotted names in the places an audit entry's kind is given: `action: "…"` (and its ternaries) and `audit(tx, c, actor, "…"`. */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles("lib"), ...sourceFiles("app")]) {
    if (file.endsWith(join("auth", "policy.ts"))) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\baction:\s*([^,\n}]+)/g)) {
      for (const lit of m[1]!.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) found.set(lit[1]!, file);
    }
    for (const m of text.matchAll(/\baudit\(\s*\w+,\s*\w+,\s*\w+,\s*"([a-z_]+\.[a-z_]+)"/g)) found.set(m[1]!, file);
  }
  return found;
}

describe("audit action labels", () => {
  it("has a plain-English label for every action kind the code writes", () => {
    const written = writtenActions();
    // The scan finds the kinds it should (so it is not passing by finding nothing).
    for (const kind of ["response.save", "response.submit", "question.update", "comment.reply", "user.deactivate", "organisation.merge"]) {
      expect(written.has(kind), kind).toBe(true);
    }
    const missing = [...written].filter(([kind]) => !Object.hasOwn(AUDIT_ACTION_LABELS, kind)).map(([kind, file]) => `${kind} (${file})`);
    expect(missing).toEqual([]);
  });

  it("reads as words, not as the dotted name", () => {
    expect(auditActionLabel("response.save")).toBe("Answer saved");
    for (const [kind, text] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(text, kind).not.toMatch(/[._]/);
      expect(text, kind).toMatch(/^[A-Z]/);
    }
    expect(new Set(Object.values(AUDIT_ACTION_LABELS)).size).toBe(Object.keys(AUDIT_ACTION_LABELS).length);
  });

  it("falls back to words for an old kind no longer written", () => {
    expect(auditActionLabel("thing.done_once")).toBe("Thing done once");
  });
});
