// Reading a server-rendered HTML form the way a browser without JavaScript submits it: every
// successful control (hidden inputs including Next's $ACTION_ fields, text inputs, textareas,
// checked radios and checkboxes, selected options) plus the pressed submit button.
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type FormControl =
  | { kind: "value"; name: string; value: string }
  | { kind: "textarea"; name: string; value: string }
  | { kind: "choice"; name: string; value: string; checked: boolean; type: "radio" | "checkbox" }
  | { kind: "button"; name: string; value: string };

export type ParsedForm = { action: string | null; enctype: string; controls: FormControl[] };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** The first <form> whose tag or body contains one of `markers` (e.g. "data-chapter-form"), parsed. */
export function parseForm(html: string, markers: string[]): ParsedForm | null {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const body = m[2]!;
    if (!markers.some((k) => m[0].includes(k))) continue;
    const controls: FormControl[] = [];
    for (const t of body.matchAll(/<(input|button)\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      if (t[1]) {
        const a = attrs(t[2]!);
        if (!a.name || "disabled" in a) continue;
        const type = (a.type ?? (t[1].toLowerCase() === "button" ? "submit" : "text")).toLowerCase();
        if (type === "submit") controls.push({ kind: "button", name: a.name, value: a.value ?? "" });
        else if (type === "radio" || type === "checkbox") controls.push({ kind: "choice", name: a.name, value: a.value ?? "on", checked: "checked" in a, type });
        else if (type !== "button" && type !== "reset" && type !== "file") controls.push({ kind: "value", name: a.name, value: a.value ?? "" });
      } else if (t[3] !== undefined) {
        const a = attrs(t[3]);
        if (a.name) controls.push({ kind: "textarea", name: a.name, value: decodeEntities(t[4]!.replace(/^\n/, "")) });
      } else {
        const a = attrs(t[5]!);
        const selected = [...t[6]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => ({ a: attrs(o[1]!), text: o[2]! }));
        const pick = selected.find((o) => "selected" in o.a) ?? selected[0];
        if (a.name && pick) controls.push({ kind: "value", name: a.name, value: pick.a.value ?? decodeEntities(pick.text) });
      }
    }
    const a = attrs(m[1]!);
    return { action: a.action ?? null, enctype: (a.enctype ?? "application/x-www-form-urlencoded").toLowerCase(), controls };
  }
  return null;
}

/**
 * The form data a browser would send: `fill` may replace a textarea's text or choose a radio
 * (return the value to choose for a choice group); `button` is the submit button pressed.
 */
export function formData(
  form: ParsedForm,
  fill: { textarea?: (name: string, current: string) => string; radio?: (name: string, options: string[]) => string | null },
  button: { name: string; value: string } | null,
): FormData {
  const fd = new FormData();
  const radios = new Map<string, { options: string[]; checked: string | null }>();
  for (const c of form.controls) {
    if (c.kind === "choice" && c.type === "radio") {
      const g = radios.get(c.name) ?? { options: [], checked: null };
      g.options.push(c.value);
      if (c.checked) g.checked = c.value;
      radios.set(c.name, g);
    }
  }
  const chosen = new Map([...radios].map(([name, g]) => [name, fill.radio?.(name, g.options) ?? g.checked]));
  const done = new Set<string>();
  for (const c of form.controls) {
    if (c.kind === "value") fd.append(c.name, c.value);
    else if (c.kind === "textarea") fd.append(c.name, fill.textarea ? fill.textarea(c.name, c.value) : c.value);
    else if (c.kind === "choice" && c.type === "checkbox") {
      if (c.checked) fd.append(c.name, c.value);
    } else if (c.kind === "choice" && !done.has(c.name)) {
      done.add(c.name);
      const v = chosen.get(c.name);
      if (v !== null && v !== undefined) fd.append(c.name, v);
    }
  }
  if (button) fd.append(button.name, button.value);
  return fd;
}

/** The body a browser sends for the form's enctype: urlencoded, or multipart as fetch makes it. */
export async function encodeForm(fd: FormData, enctype: string): Promise<{ body: Buffer; contentType: string }> {
  if (enctype !== "multipart/form-data") {
    const params = new URLSearchParams();
    for (const [k, v] of fd.entries()) params.append(k, typeof v === "string" ? v : "");
    return { body: Buffer.from(params.toString()), contentType: "application/x-www-form-urlencoded" };
  }
  const req = new Request("http://127.0.0.1/", { method: "POST", body: fd });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
}

export type ScriptWeight = { files: { src: string; bytes: number; gzip: number }[]; bytes: number; gzip: number; inlineBytes: number; inlineGzip: number; missing: string[] };

/**
 * The JavaScript a page loads: each external script it references (<script src>, and
 * <link rel=preload|modulepreload as=script>), read from the build folder and gzipped, plus the
 * inline scripts (Next's flight data) in the HTML itself.
 */
export function scriptWeight(html: string, root: string, distDir: string): ScriptWeight {
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const a = attrs(m[1]!);
    if (a.src) srcs.add(a.src);
  }
  for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
    const a = attrs(m[1]!);
    if (a.href && (a.rel === "modulepreload" || (a.rel === "preload" && a.as === "script"))) srcs.add(a.href);
  }
  const files: ScriptWeight["files"] = [];
  const missing: string[] = [];
  for (const src of srcs) {
    const p = new URL(src, "http://x").pathname;
    const file = p.startsWith("/_next/") ? path.join(root, distDir, decodeURIComponent(p.slice("/_next/".length))) : path.join(root, "public", p);
    if (!existsSync(file)) {
      missing.push(src);
      continue;
    }
    const buf = readFileSync(file);
    files.push({ src: p, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length });
  }
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!).join("");
  return {
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
    inlineBytes: Buffer.byteLength(inline),
    inlineGzip: inline ? gzipSync(inline, { level: 9 }).length : 0,
    missing,
  };
}
