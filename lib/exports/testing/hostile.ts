// Hostile text for the standing round-trip suite (hostile-text.integration.test.ts for every
// export, e2e/hostile-text.spec.ts for every page): markup that would run script, break out of a
// <style> element or an attribute, spreadsheet formulas and their look-alikes, and a
// bidirectional override. Each payload is one line, short enough for any field it is put in.

/** What a payload does if it ever runs: sets window.__pwned (the pages' trap reads it). */
const RUN = "window.__pwned=1";

/** Everything that must stay text, in one string that starts with a formula. */
export function hostile(label: string): string {
  return [
    `=HYPERLINK("http://evil.example/${label}")`,
    `<script>${RUN}</script>`,
    `<img src=x onerror="${RUN}">`,
    `</style><script>${RUN}</script>`,
    `" onmouseover="${RUN}" x="`,
    `' autofocus onfocus='${RUN}`,
    `\u202E${label}.exe`,
  ].join(" ");
}

/**
 * Starts a spreadsheet might run as a formula: the ASCII triggers, then look-alikes that
 * spreadsheets trim or fold (leading space, tab, no-break space, full-width forms).
 */
export const FORMULA_STARTS = ["=", "+", "-", "@", " =", "\t=", "\u00a0=", "\u3000@", "\uff1d", "\uff0b", "\uff0d", "\uff20"] as const;

/** A one-line formula payload with a given start. */
export function formula(start: string, label: string): string {
  return `${start}HYPERLINK("http://evil.example/${label}","${label}") <b>${label}</b> \u202E${label}`;
}

/** A cell a spreadsheet could run: starts (after whitespace) with a trigger or a full-width one. */
export const LIVE_FORMULA = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

