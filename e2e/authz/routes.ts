// The route tree, read from the file system when the suite runs: every page (App Router and
// Pages Router), every route handler with the methods it exports, every server action (the
// exports of each 'use server' module) and every operation of the OpenAPI document. The
// authorization matrix (matrix.ts) must have a row for each, and nothing else.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { openApiDocument } from "../../lib/api/openapi";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(walk(rel));
    else out.push(rel);
  }
  return out;
}

/** `app/manage/[id]/page.tsx` → `/manage/[id]`; route groups `(x)` and private `_x` folders drop out. */
function appRoute(file: string): string | null {
  const parts = file.split("/").slice(1, -1);
  if (parts.some((p) => p.startsWith("_") || p.startsWith("@"))) return null;
  return "/" + parts.filter((p) => !/^\(.*\)$/.test(p)).join("/");
}

/** The names a module exports (`export const X`, `export function X`, `export { a as X }`). */
export function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const names: string[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of source.statements) {
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && exported(st) && st.name) {
      names.push(st.name.text);
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) if (!el.isTypeOnly) names.push(el.name.text);
    }
  }
  return names;
}

/** Whether a module starts with the 'use server' directive (every export is a server action). */
function isServerModule(file: string): boolean {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  for (const st of source.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) break;
    if (st.expression.text === "use server") return true;
  }
  return false;
}

export type RouteTree = {
  /** Page routes: `/manage/[id]/edit`, `/respond/[slug]/chapter/[n]`. */
  pages: string[];
  /** Route handlers as `METHOD /path`. */
  handlers: string[];
  /** Server actions as `file#export`. */
  actions: string[];
  /** OpenAPI operations as `METHOD /api/v1/path` with `{param}` as `[*]`. */
  apiOperations: string[];
};

/** `/api/v1/consultations/[id]` and `/api/v1/consultations/{consultationId}` both → `/api/v1/consultations/[*]`. */
export function normaliseParams(route: string): string {
  return route.replace(/\[\[?\.{3}[^\]]+\]?\]|\[[^\]]+\]|\{[^}]+\}/g, (m) => (m.includes("...") ? m : "[*]"));
}

export function readRouteTree(): RouteTree {
  const appFiles = walk("app");
  const pages = new Set<string>();
  const handlers = new Set<string>();
  const actions = new Set<string>();
  for (const file of appFiles) {
    const base = path.posix.basename(file);
    const route = appRoute(file);
    if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(base) && route !== null) pages.add(route);
    if (/^route\.(ts|js)$/.test(base) && route !== null) {
      for (const name of exportedNames(file)) if ((HTTP_METHODS as readonly string[]).includes(name)) handlers.add(`${name} ${route}`);
    }
  }
  for (const file of walk("pages")) {
    const m = /^pages\/(.*)\.(tsx|ts|jsx|js)$/.exec(file);
    if (!m) continue;
    const route = m[1]!.replace(/(^|\/)index$/, "");
    if (/^_(app|document|error)$/.test(route) || route === "404" || route === "500") continue;
    if (route.startsWith("api/")) {
      // An API endpoint served through lib/api/node-route names its methods there; any other
      // Pages Router API route answers every method.
      const served = /nodeRoute\(\{([^}]*)\}/.exec(readFileSync(path.join(ROOT, file), "utf8"));
      const methods = served ? served[1]!.split(",").map((m) => m.trim()).filter((m) => (HTTP_METHODS as readonly string[]).includes(m)) : [];
      for (const method of methods.length ? methods : ["ALL"]) handlers.add(`${method} /${route}`);
      continue;
    }
    pages.add(`/${route}`);
  }
  // Server actions: every 'use server' module anywhere in the code the app builds from, and
  // every exported async function in an actions.ts even if the directive were lost.
  const sourceFiles = ["app", "components", "lib", "pages"].flatMap((d) => walk(d)).filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  for (const file of sourceFiles) {
    if (isServerModule(file) || path.posix.basename(file) === "actions.ts") {
      for (const name of exportedNames(file)) actions.add(`${file}#${name}`);
    }
  }
  const doc = openApiDocument();
  const apiOperations = new Set<string>();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(item as object)) {
      if ((HTTP_METHODS as readonly string[]).includes(method.toUpperCase())) apiOperations.add(`${method.toUpperCase()} ${normaliseParams(`/api/v1${p}`)}`);
    }
  }
  return { pages: [...pages].sort(), handlers: [...handlers].sort(), actions: [...actions].sort(), apiOperations: [...apiOperations].sort() };
}

/** The built server's action ids (the Next-Action header) by `file#export`. */
export function builtActionIds(): Map<string, { id: string; workers: string[] }> {
  const dist = process.env.NEXT_DIST_DIR ?? ".next";
  const manifest = JSON.parse(readFileSync(path.join(ROOT, dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
  };
  const out = new Map<string, { id: string; workers: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    out.set(`${entry.filename}#${entry.exportedName}`, { id, workers: Object.keys(entry.workers) });
  }
  return out;
}

/**
 * Every message an access refusal can carry: the default ForbiddenError's and each one written
 * in lib/ and app/ (`new ForbiddenError("…")`), so a refused server action can be told from a
 * refusal for any other reason (a closed consultation, answers not yet signed off).
 */
export function forbiddenMessages(): string[] {
  const out = new Set<string>();
  for (const file of ["lib", "app"].flatMap((d) => walk(d)).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/new ForbiddenError\(([^;]*?)\)/g)) for (const lit of m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.add(lit[1]!);
  }
  return [...out];
}
