// One escaping function per output context, for the few places that write markup by hand (the
// print HTML of the exports, JSON embedded in a page). React escapes what pages render; the docx
// and exceljs libraries escape XML text themselves and drop the control characters XML 1.0
// forbids, but not U+FFFE and U+FFFF, which Postgres stores and which make a Word or Excel file
// unreadable: xmlText and docxSafe take those out of what those files are made from (checked by
// the hostile text tests). Each function makes any string inert in
// its context, whatever it holds: text typed by officers, partners and API clients is hostile.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/** Explicit bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text between tags (`<p>${htmlText(x)}</p>`). A value carrying bidirectional controls is kept
 * as typed but wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: the isolate's end
 * closes every embedding or override opened inside it (Unicode bidi rule X6a), so a U+202E in
 * one organisation's name cannot reverse the words that follow it on the line.
 */
export function htmlText(value: string | number | null | undefined): string {
  const s = String(value ?? "");
  const escaped = s.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]!);
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(s) ? `\u2068${escaped}\u2069` : escaped;
}

/** A value inside a double-quoted attribute (`<div data-x="${htmlAttr(x)}">`): never unquoted. */
export function htmlAttr(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]!);
}

/** Characters a CSS string may hold as they are; anything else is written as a hex escape. */
const CSS_SAFE = /[A-Za-z0-9 ,.:_-]/;

/**
 * A quoted CSS string literal (`content: ${cssString(x)}`). Every character outside a small safe
 * set becomes a six-digit hex escape with its terminating space (`\00003C `), so no quote,
 * backslash, line break, `<` or `/` survives to end the string, the rule or the <style> element.
 * Code points are escaped whole (astral characters included); NUL and lone surrogates become
 * U+FFFD, as CSS itself would read them.
 */
export function cssString(value: string | number | null | undefined): string {
  let out = "";
  for (const ch of String(value ?? "")) {
    if (CSS_SAFE.test(ch)) {
      out += ch;
      continue;
    }
    let cp = ch.codePointAt(0)!;
    if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    out += `\\${cp.toString(16).toUpperCase().padStart(6, "0")} `;
  }
  return `"${out}"`;
}

/**
 * JSON as the content of a `<script type="application/json">` element: `<`, `>` and `&` as
 * \u escapes, so no `</script>` or `<!--` can end or bend the element, and the line and paragraph
 * separators too (valid JSON, but not JavaScript before ES2019).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * What XML 1.0 cannot hold at all, escaped or not: C0 controls but tab, LF and CR; unpaired
 * surrogates; and the noncharacters U+FFFE and U+FFFF.
 */
export const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` without what XML 1.0 cannot hold (XML_INVALID); text that a Word or Excel file may carry. */
export function xmlText(value: string): string {
  return value.replace(XML_INVALID, "");
}

/**
 * Text for a Word document: nothing XML cannot hold (xmlText), and no bidirectional controls.
 * A Word file cannot isolate them as HTML does (htmlText), so, as in spreadsheet cells
 * (lib/exports/csv), they are dropped: they change only the order characters are shown in, so no
 * letter is lost, and one organisation's override cannot reverse the words that follow it.
 */
export function docxText(value: string): string {
  return xmlText(value).replace(BIDI_CONTROLS, "");
}

/**
 * `value` with every string in it made docxText, through arrays and plain objects (a document's
 * data before a Word file is made from it); dates, buffers and other objects are kept as they are.
 */
export function docxSafe<T>(value: T): T {
  if (typeof value === "string") return docxText(value) as T;
  if (Array.isArray(value)) return value.map(docxSafe) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, docxSafe(v)])) as T;
  }
  return value;
}

/**
 * `value` kept apart from the text around it when it holds bidirectional controls: wrapped in
 * FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, which closes whatever it opened. For a line made
 * of several people's texts (organisations listed, a committee's name and its resolution) before
 * it is escaped as a whole, and for text where no markup can isolate it (a CSS string).
 */
export function isolate(value: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(value) ? `\u2068${value}\u2069` : value;
}
