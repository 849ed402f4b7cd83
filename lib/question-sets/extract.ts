// Text out of an uploaded consultation paper (Word .docx, PDF, or plain text), for the same
// paste parser (parse.ts) to read. The type is decided by the file's first bytes, never by its
// name; nothing in a file is run (no macros, no PDF scripts, no fonts evaluated). Problems come
// back as InvalidError at the upload field, in words an officer can act on.
import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";
import { InvalidError } from "../errors";
import { plural } from "../text/plural";

/** Server actions accept 8 MB bodies (next.config.mjs); a file must leave room for the form. */
export const MAX_UPLOAD_BYTES = 7 * 1024 * 1024;
/** A docx is a zip: refuse one that would unpack to more than this (a zip bomb). */
const MAX_UNPACKED_BYTES = 60 * 1024 * 1024;
const MAX_PDF_PAGES = 600;

export type PaperKind = "docx" | "pdf" | "text";
export type ExtractedPaper = {
  kind: PaperKind;
  text: string;
  pages?: number;
  /** What reading a PDF left out as page furniture, for the preview to list: "Page numbers (3)". */
  leftOut?: string[];
};

const FIELD = "paperFile";
const fail = (message: string) => new InvalidError(message, { [FIELD]: message });

/** What the first bytes say the file is. */
export function sniff(bytes: Uint8Array): PaperKind | "zip" | "ole" | "unknown" {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf"; // %PDF-
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "zip";
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return "ole"; // .doc, or an encrypted .docx
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return "unknown";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "text";
  } catch {
    return "unknown";
  }
}

/** `markHeadings`: a Word paragraph in a heading style comes out as "## text" (draft documents). */
export type ExtractOptions = { markHeadings?: boolean };

export async function extractPaper(bytes: Uint8Array, fileName = "", opts: ExtractOptions = {}): Promise<ExtractedPaper> {
  if (bytes.byteLength === 0) throw fail("The selected file is empty");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw fail(`The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; upload a file smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, or paste the questions instead`);
  }
  const kind = sniff(bytes);
  let text: string;
  let pages: number | undefined;
  let leftOut: string[] | undefined;
  switch (kind) {
    case "pdf": {
      const r = await pdfText(bytes);
      text = r.text;
      pages = r.pages;
      leftOut = r.leftOut;
      break;
    }
    case "zip":
      text = await docxText(bytes, opts);
      break;
    case "ole":
      throw fail(
        /\.docx$/i.test(fileName)
          ? "This Word file is password-protected. Remove the password in Word (File, Info, Protect Document), save it and upload it again"
          : "This is an old-style Word file (.doc). Open it in Word and save it as a .docx file, then upload that",
      );
    case "text":
      text = new TextDecoder("utf-8").decode(bytes);
      break;
    default:
      throw fail("The selected file must be a Word document (.docx), a PDF or a text file");
  }
  if (!text.trim()) {
    throw fail(
      kind === "pdf"
        ? "We could not find any text in this PDF. It may be a scanned image: use a PDF with selectable text, or paste the questions instead"
        : "We could not find any text in this file",
    );
  }
  return { kind: kind === "zip" ? "docx" : (kind as PaperKind), text, pages, ...(leftOut?.length ? { leftOut } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Word

type XNode = Record<string, unknown> & { ":@"?: Record<string, string> };

const xml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Word files never need a DOCTYPE; refusing entity declarations avoids expansion attacks.
  htmlEntities: false,
});

const tagOf = (n: XNode) => Object.keys(n).find((k) => k !== ":@") ?? "";
const kids = (n: XNode) => (n[tagOf(n)] as XNode[] | undefined) ?? [];
const attr = (n: XNode | undefined, name: string) => n?.[":@"]?.[name];
const child = (n: XNode | undefined, tag: string) => (n ? kids(n).find((c) => tagOf(c) === tag) : undefined);

type Level = { start: number; fmt: string; text: string };
type Numbering = { levels: Map<string, Level[]>; nums: Map<string, { abstract: string; starts: Map<number, number> }> };

async function docxText(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw fail("The selected file could not be opened. It may be damaged: open it in Word, save it again and upload it");
  }
  const mimetype = zip.file("mimetype");
  if (mimetype && /opendocument/.test(await mimetype.async("string"))) {
    throw fail("OpenDocument files (.odt) cannot be read yet. Save it as a Word document (.docx) or a PDF and upload that");
  }
  const doc = zip.file("word/document.xml");
  if (!doc) throw fail("The selected file is a zip archive but not a Word document (.docx)");
  let unpacked = 0;
  for (const f of Object.values(zip.files)) {
    unpacked += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  }
  if (unpacked > MAX_UNPACKED_BYTES) throw fail("The Word document is too large to read once unpacked; paste the questions instead");

  const read = async (name: string) => {
    const f = zip.file(name);
    return f ? (xml.parse(await f.async("string")) as XNode[]) : [];
  };
  const [document, numberingXml, stylesXml] = await Promise.all([read("word/document.xml"), read("word/numbering.xml"), read("word/styles.xml")]);
  const numbering = readNumbering(numberingXml);
  const styleNumbering = readStyleNumbering(stylesXml);
  const counters = new Map<string, number[]>();
  const out: string[] = [];

  const paragraph = (p: XNode) => {
    const pPr = child(p, "w:pPr");
    const numPr = child(pPr, "w:numPr");
    let numId = attr(child(numPr, "w:numId"), "w:val");
    let ilvl = Number(attr(child(numPr, "w:ilvl"), "w:val") ?? 0);
    const style = attr(child(pPr, "w:pStyle"), "w:val");
    if (numId === undefined && style && styleNumbering.has(style)) ({ numId, ilvl } = styleNumbering.get(style)!);
    let text = "";
    const walk = (nodes: XNode[]) => {
      for (const n of nodes) {
        const tag = tagOf(n);
        if (tag === "#text") continue;
        if (tag === "w:t") text += kids(n).map((k) => (k["#text"] as string | undefined) ?? "").join("");
        else if (tag === "w:tab") text += "\t";
        else if (tag === "w:br" || tag === "w:cr") text += "\n";
        else if (tag === "w:noBreakHyphen") text += "-";
        else if (tag === "w:sym") text += " ";
        else if (tag === "w:delText" || tag === "w:instrText" || tag === "w:pPr" || tag === "w:rPr" || tag === "w:footnoteReference") continue;
        else walk(kids(n));
      }
    };
    walk(kids(p));
    const label = numId !== undefined && numId !== "0" ? listLabel(numbering, counters, numId, ilvl) : "";
    if (opts.markHeadings && style && /^(heading\s?\d|title)$/i.test(style) && text.trim()) out.push(`## ${label ? `${label} ` : ""}${text.trim()}`);
    else out.push(label ? `${label} ${text.trim()}` : text);
  };
  const block = (nodes: XNode[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === "w:p") paragraph(n);
      else if (tag === "w:tbl") {
        for (const row of kids(n).filter((c) => tagOf(c) === "w:tr")) {
          for (const cell of kids(row).filter((c) => tagOf(c) === "w:tc")) block(kids(cell));
          out.push("");
        }
      } else if (tag !== "#text" && tag !== "w:sectPr") block(kids(n));
    }
  };
  block(document);
  // Each Word paragraph is a paragraph of the paste: a blank line between them.
  return out.join("\n\n").replace(/\t/g, " ");
}

function readNumbering(nodes: XNode[]): Numbering {
  const levels = new Map<string, Level[]>();
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  const root = nodes.find((n) => tagOf(n) === "w:numbering");
  for (const n of root ? kids(root) : []) {
    const tag = tagOf(n);
    if (tag === "w:abstractNum") {
      const list: Level[] = [];
      for (const lvl of kids(n).filter((c) => tagOf(c) === "w:lvl")) {
        list[Number(attr(lvl, "w:ilvl") ?? 0)] = {
          start: Number(attr(child(lvl, "w:start"), "w:val") ?? 1),
          fmt: attr(child(lvl, "w:numFmt"), "w:val") ?? "decimal",
          text: attr(child(lvl, "w:lvlText"), "w:val") ?? "",
        };
      }
      levels.set(attr(n, "w:abstractNumId") ?? "", list);
    } else if (tag === "w:num") {
      const starts = new Map<number, number>();
      for (const o of kids(n).filter((c) => tagOf(c) === "w:lvlOverride")) {
        const s = attr(child(o, "w:startOverride"), "w:val");
        if (s !== undefined) starts.set(Number(attr(o, "w:ilvl") ?? 0), Number(s));
      }
      nums.set(attr(n, "w:numId") ?? "", { abstract: attr(child(n, "w:abstractNumId"), "w:val") ?? "", starts });
    }
  }
  return { levels, nums };
}

/** Paragraph styles that carry numbering ("List Number"). */
function readStyleNumbering(nodes: XNode[]): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  const root = nodes.find((n) => tagOf(n) === "w:styles");
  for (const s of root ? kids(root).filter((c) => tagOf(c) === "w:style") : []) {
    const numPr = child(child(s, "w:pPr"), "w:numPr");
    const numId = attr(child(numPr, "w:numId"), "w:val");
    if (numId) out.set(attr(s, "w:styleId") ?? "", { numId, ilvl: Number(attr(child(numPr, "w:ilvl"), "w:val") ?? 0) });
  }
  return out;
}

/** The number Word shows for this paragraph ("3.", "Q4", "2.1", "(b)"), advancing its list. */
function listLabel(numbering: Numbering, counters: Map<string, number[]>, numId: string, ilvl: number): string {
  const num = numbering.nums.get(numId);
  const levels = num ? numbering.levels.get(num.abstract) : undefined;
  const level = levels?.[ilvl];
  if (!num || !levels || !level) return "";
  if (level.fmt === "bullet") return "-";
  if (level.fmt === "none") return level.text.replace(/%\d/g, "").trim();
  const startOf = (k: number) => num.starts.get(k) ?? levels[k]?.start ?? 1;
  let c = counters.get(numId);
  if (!c) counters.set(numId, (c = []));
  c[ilvl] = c[ilvl] === undefined ? startOf(ilvl) : c[ilvl] + 1;
  for (let k = ilvl + 1; k < c.length; k++) c[k] = undefined as unknown as number;
  const label = level.text.replace(/%(\d)/g, (_, d: string) => {
    const k = Number(d) - 1;
    const value = c![k] ?? startOf(k);
    return formatNumber(value, levels[k]?.fmt ?? "decimal");
  });
  return label.trim();
}

function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case "lowerLetter":
      return letters(n);
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperRoman":
      return roman(n);
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

function letters(n: number): string {
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let out = "";
  for (const [v, s] of table) while (n >= v) ((out += s), (n -= v));
  return out;
}

// ---------------------------------------------------------------------------------------------
// PDF

type Item = { str: string; x: number; y: number; w: number; h: number };
type PdfLine = { text: string; y: number; h: number };

async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; leftOut: string[] }> {
  const { getDocumentProxy } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, stopAtErrors: false, verbosity: 0 });
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === "PasswordException") throw fail("This PDF is password-protected. Save a copy without the password, or paste the questions instead");
    throw fail("The selected PDF could not be read. It may be damaged: save or export it again, or paste the questions instead");
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES) throw fail(`The PDF has ${pdf.numPages} pages; upload at most ${MAX_PDF_PAGES}, for example just the part with the questions`);
    const pages: PdfLine[][] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const { width } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items as { str?: string; transform?: number[]; width?: number; height?: number }[]) {
        if (typeof it.str !== "string" || !it.transform || !it.str) continue;
        items.push({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width ?? 0, h: Math.abs(it.height || it.transform[3]) || 10 });
      }
      pages.push(pageLines(items, width));
      page.cleanup();
    }
    return { ...assemblePagesReporting(pages), pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

/** A page's lines in reading order: top to bottom, and the left column before the right. */
export function pageLines(items: Item[], width: number): PdfLine[] {
  if (!items.length) return [];
  const gutter = findGutter(items, width);
  if (gutter !== null) {
    return [...linesOf(items.filter((i) => i.x + i.w / 2 < gutter)), ...linesOf(items.filter((i) => i.x + i.w / 2 >= gutter))];
  }
  return linesOf(items);
}

/** An x that no text crosses, with plenty of text either side: the gap between two columns. */
function findGutter(items: Item[], width: number): number | null {
  if (items.length < 10) return null;
  for (let g = width * 0.4; g <= width * 0.6; g += width / 100) {
    let left = 0;
    let right = 0;
    let crossing = 0;
    for (const i of items) {
      if (!i.str.trim()) continue;
      if (i.x < g - 2 && i.x + i.w > g + 2) crossing++;
      else if (i.x + i.w <= g) left++;
      else right++;
    }
    // A heading or a footer may span both columns.
    if (crossing <= 3 && left >= items.length * 0.25 && right >= items.length * 0.25) return g;
  }
  return null;
}

function linesOf(items: Item[]): PdfLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; h: number; items: Item[] }[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= Math.max(2, Math.min(last.h, it.h) * 0.5)) {
      last.items.push(it);
      last.h = Math.max(last.h, it.h);
    } else lines.push({ y: it.y, h: it.h, items: [it] });
  }
  return lines.map((l) => {
    l.items.sort((a, b) => a.x - b.x);
    let text = "";
    let end = -Infinity;
    for (const it of l.items) {
      if (text && !/\s$/.test(text) && !/^\s/.test(it.str) && it.x - end > it.h * 0.15) text += " ";
      text += it.str;
      end = it.x + it.w;
    }
    return { text: text.replace(/\s+/g, " ").trim(), y: l.y, h: l.h };
  });
}

const PAGE_NO = /^(?:page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Pages' lines as text: running headers and footers (the same line at the top or bottom of most
 * pages, numbers aside) and page numbers dropped, paragraphs separated by a blank line, words
 * hyphenated across lines joined, and pages separated by a form feed.
 */
export function assemblePages(pages: PdfLine[][]): string {
  return assemblePagesReporting(pages).text;
}

/** assemblePages, with what it left out summed up for the officer: each running header and footer, and the page numbers. */
export function assemblePagesReporting(pages: PdfLine[][]): { text: string; leftOut: string[] } {
  const headers = new Map<string, { text: string; pages: number }>();
  let pageNumbers = 0;
  const key = (t: string) => t.toLowerCase().replace(/\d+/g, "#");
  const edgeCounts = new Map<string, number>();
  for (const lines of pages) {
    const edge = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => key(l.text)));
    for (const k of edge) edgeCounts.set(k, (edgeCounts.get(k) ?? 0) + 1);
  }
  const repeated = (t: string) => pages.length >= 3 && (edgeCounts.get(key(t)) ?? 0) >= Math.max(3, pages.length * 0.5);
  const out: string[] = [];
  pages.forEach((all, p) => {
    const lines = all.filter((l, i) => {
      if (!l.text) return false;
      const atEdge = i < 2 || i >= all.length - 2;
      if (atEdge && PAGE_NO.test(l.text)) {
        pageNumbers++;
        return false;
      }
      if (atEdge && repeated(l.text)) {
        const k = key(l.text);
        const seen = headers.get(k);
        if (seen) seen.pages++;
        else headers.set(k, { text: l.text, pages: 1 });
        return false;
      }
      return true;
    });
    if (p > 0) out.push("\f");
    const heights = lines.map((l) => l.h).sort((a, b) => a - b);
    const body = heights[Math.floor(heights.length / 2)] ?? 10;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const prev = lines[i - 1];
      // A gap of well over a line is a new paragraph.
      if (prev && prev.y - l.y > Math.max(prev.h, body) * 1.8) out.push("");
      const last = out.length - 1;
      if (prev && out[last] && /\p{Ll}-$/u.test(out[last]) && /^\p{Ll}/u.test(l.text) && prev.y - l.y <= Math.max(prev.h, body) * 1.8) {
        out[last] = out[last].slice(0, -1) + l.text;
      } else out.push(l.text);
    }
  });
  const leftOut = [...headers.values()].map((h) => `“${h.text.length > 120 ? `${h.text.slice(0, 120)}…` : h.text}”, a running header or footer (${plural(h.pages, "page")})`);
  if (pageNumbers) leftOut.push(`Page numbers (${pageNumbers})`);
  return { text: out.join("\n").replace(/\n\f\n/g, "\n\f"), leftOut };
}
