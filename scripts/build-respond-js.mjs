// Builds the respondent pages' own scripts (components/response/enhance/*.ts) into
// public/assets with esbuild: no React, no Next.js runtime, so a question page loads at most
// 50 kB of JavaScript gzipped (issue 8). next.config.mjs runs this whenever Next builds or
// starts its development server; run it by hand with `node scripts/build-respond-js.mjs`.
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const RESPOND_SCRIPTS = {
  "respond-chapter.js": "components/response/enhance/chapter.ts",
  // The draft document reader's page: comments open in place (issue 16).
  "document-comment.js": "components/documents/enhance/comment-in-place.ts",
};

/** The budget issue 8 sets for all the JavaScript a question page loads, gzipped. */
export const RESPOND_JS_BUDGET_BYTES = 50 * 1024;

export function buildRespondScripts({ outDir = path.join(root, "public", "assets") } = {}) {
  mkdirSync(outDir, { recursive: true });
  const files = [];
  for (const [out, entry] of Object.entries(RESPOND_SCRIPTS)) {
    const file = path.join(outDir, out);
    // Written aside then renamed: several builds may run at once (NEXT_DIST_DIR).
    const tmp = `${file}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [path.join(root, entry)],
      outfile: tmp,
      bundle: true,
      minify: true,
      format: "iife",
      target: ["es2020"],
      platform: "browser",
      alias: { "@": root },
      legalComments: "none",
      logLevel: "warning",
    });
    renameSync(tmp, file);
    files.push(file);
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) buildRespondScripts();
