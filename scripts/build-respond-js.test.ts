// The question page's JavaScript stays within issue 8's budget: the page loads no Next.js or
// React runtime (pages/respond, unstable_runtimeJS: false), only this script. The end-to-end
// test (e2e/respond.spec.ts) weighs what the browser really loads.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildRespondScripts, RESPOND_JS_BUDGET_BYTES } from "./build-respond-js.mjs";

describe("the respondent pages' scripts", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "respond-js-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("build, and the chapter page's fits in 50 kB gzipped, zod schemas included", () => {
    const files = buildRespondScripts({ outDir: dir });
    const chapter = files.find((f) => f.endsWith("respond-chapter.js"))!;
    const code = readFileSync(chapter);
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(RESPOND_JS_BUDGET_BYTES);
    // No framework came along by accident.
    expect(code.toString()).not.toMatch(/react\.production|__NEXT_DATA__|react-dom/);
  });

  it("build the draft document reader's script (comments in place) small, with no framework", () => {
    const file = buildRespondScripts({ outDir: dir }).find((f) => f.endsWith("document-comment.js"))!;
    const code = readFileSync(file);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(RESPOND_JS_BUDGET_BYTES);
    expect(code.toString()).not.toMatch(/react\.production|__NEXT_DATA__|react-dom/);
  });
});
