// URLs of the scripts built next to the app (scripts/build-respond-js.mjs writes them into
// public/assets when Next builds), with a content hash so that browsers fetch a new build.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const versions = new Map<string, string>();

export function assetUrl(file: string): string {
  let v = versions.get(file);
  if (v === undefined) {
    try {
      v = createHash("sha256").update(readFileSync(path.join(process.cwd(), "public", "assets", file))).digest("hex").slice(0, 12);
    } catch {
      v = "missing";
    }
    if (process.env.NODE_ENV === "production") versions.set(file, v);
  }
  return `/assets/${file}?v=${v}`;
}
