// A document's text as sections and numbered paragraphs. Pasted or uploaded text is read
// loosely (a short line without a full stop is taken for a heading; "- a." items under
// paragraph 4 become 4.a); the text an officer then edits is the canonical form this module
// writes back, read strictly: "## " marks a heading, a blank line separates paragraphs, and a
// paragraph's number starts it. Pure: no database, no React.

export type SplitParagraph = { number: string; text: string };
export type SplitSection = { heading: string; paragraphs: SplitParagraph[] };
export type SplitDocument = { sections: SplitSection[]; warnings: string[] };

export type SplitOptions = {
  /** Pasted or uploaded text: guess headings and list items. Off for the canonical form. */
  loose?: boolean;
};

export const MAX_DOCUMENT_CHARS = 500_000;
export const MAX_PARAGRAPHS = 2_000;

// "3", "3.", "3.2", "3.2.1", "4.a", "4(a)" or "a." "a)" "(a)" "iv)" at the start of a paragraph.
const NUMBERED = /^(\d{1,3}(?:\.\d{1,3})*(?:\.[a-z])?)(?:[.)]|\s)\s*(?=\S)/i;
const LETTERED = /^\(?([a-z]|[ivx]{1,5})[.)]\s+(?=\S)/i;
const BULLET = /^[-•*–]\s+/;
const HEADING_MARK = /^#{1,6}\s+/;

function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[ \t\u00a0]+/g, " ").trim();
}

/** Strip the bold asterisks and the like a paste from a web page leaves. */
function tidy(s: string): string {
  return clean(s.replace(/\*\*+/g, ""));
}

type Block = { heading: boolean; number: string | null; lettered: string | null; text: string };

function classify(raw: string, loose: boolean): Block {
  let line = tidy(raw);
  if (HEADING_MARK.test(line)) return { heading: true, number: null, lettered: null, text: clean(line.replace(HEADING_MARK, "")) };
  if (loose) line = line.replace(BULLET, "");
  const n = NUMBERED.exec(line);
  if (n) return { heading: false, number: n[1]!.toLowerCase().replace(/\.$/, ""), lettered: null, text: line.slice(n[0].length).trim() };
  if (loose) {
    const l = LETTERED.exec(line);
    if (l) return { heading: false, number: null, lettered: l[1]!.toLowerCase(), text: line.slice(l[0].length).trim() };
  }
  return { heading: false, number: null, lettered: null, text: line };
}

function looksLikeHeading(lines: string[]): boolean {
  if (lines.length !== 1) return false;
  const line = tidy(lines[0]!);
  if (NUMBERED.test(line) || LETTERED.test(line) || BULLET.test(line)) return false;
  return line.length > 0 && line.length <= 90 && !/[.:;,?!]$/.test(line) && /\p{L}/u.test(line);
}

/** The blocks of the text: paragraphs separated by blank lines; in loose mode list items too. */
function blocksOf(text: string, loose: boolean): Block[] {
  const normal = text.replace(/\r\n?/g, "\n");
  const chunks = normal.split(/\n\s*\n/);
  const out: Block[] = [];
  for (const chunk of chunks) {
    const lines = chunk.split("\n").filter((l) => l.trim() !== "");
    if (!lines.length) continue;
    if (lines.some((l) => HEADING_MARK.test(l.trim()))) {
      // A heading line inside a block: each heading line its own block, the rest as paragraphs.
      let buffer: string[] = [];
      const flush = () => {
        if (buffer.length) out.push(...paragraphBlocks(buffer, loose));
        buffer = [];
      };
      for (const l of lines) {
        if (HEADING_MARK.test(l.trim())) {
          flush();
          out.push(classify(l, loose));
        } else buffer.push(l);
      }
      flush();
      continue;
    }
    if (loose && looksLikeHeading(lines)) {
      out.push({ heading: true, number: null, lettered: null, text: tidy(lines[0]!) });
      continue;
    }
    out.push(...paragraphBlocks(lines, loose));
  }
  return out.filter((b) => b.text !== "");
}

/** One paragraph, or in loose mode one per list item (a line that starts with a number, letter or bullet). */
function paragraphBlocks(lines: string[], loose: boolean): Block[] {
  if (!loose) return [classify(lines.join(" "), false)];
  const groups: string[][] = [];
  for (const l of lines) {
    const t = l.trim();
    const starts = groups.length > 0 && (BULLET.test(t) || NUMBERED.test(t.replace(BULLET, "")) || LETTERED.test(t.replace(BULLET, "")));
    if (!groups.length || starts) groups.push([t]);
    else groups[groups.length - 1]!.push(t);
  }
  return groups.map((g) => classify(g.join(" "), true));
}

/**
 * Split a document's text into sections and numbered paragraphs. Paragraphs keep the number
 * they were printed with; "a." items take the number of the paragraph they follow ("4.a");
 * a paragraph with none is numbered after the one before it ("12.1"), or 1, 2, 3 when the text
 * has no numbers at all. A number that appears twice is made unique ("11 (2)") with a warning.
 */
export function splitDocument(text: string, opts: SplitOptions = {}): SplitDocument {
  const loose = opts.loose ?? false;
  const warnings: string[] = [];
  const blocks = blocksOf(text.slice(0, MAX_DOCUMENT_CHARS), loose);
  if (text.length > MAX_DOCUMENT_CHARS) warnings.push(`The text was longer than ${MAX_DOCUMENT_CHARS.toLocaleString("en-GB")} characters; the rest was left out.`);
  const anyNumbers = blocks.some((b) => !b.heading && b.number !== null);
  const sections: SplitSection[] = [];
  let current: SplitSection | null = null;
  let lastNumbered: string | null = null;
  let sinceNumbered = 0;
  let sequence = 0;
  const used = new Set<string>();
  const explicit = new Set(blocks.filter((b) => !b.heading && b.number).map((b) => b.number!));
  let count = 0;

  for (const b of blocks) {
    if (b.heading) {
      current = { heading: b.text, paragraphs: [] };
      sections.push(current);
      continue;
    }
    if (!current) {
      current = { heading: "", paragraphs: [] };
      sections.push(current);
    }
    if (count >= MAX_PARAGRAPHS) {
      warnings.push(`Only the first ${MAX_PARAGRAPHS} paragraphs were kept.`);
      break;
    }
    let number: string;
    if (b.number) {
      number = b.number;
      lastNumbered = number;
      sinceNumbered = 0;
    } else if (b.lettered) {
      number = lastNumbered ? `${lastNumbered.replace(/\.[a-z]$/, "")}.${b.lettered}` : b.lettered;
    } else if (!anyNumbers) {
      number = String(++sequence);
    } else {
      sinceNumbered += 1;
      const base = lastNumbered ? lastNumbered : "0";
      number = `${base}.${sinceNumbered}`;
      while (explicit.has(number)) number = `${base}.${++sinceNumbered}`;
    }
    if (used.has(number)) {
      let k = 2;
      while (used.has(`${number} (${k})`)) k += 1;
      warnings.push(`Paragraph number ${number} appears more than once; the later one is shown as ${number} (${k}).`);
      number = `${number} (${k})`;
    }
    used.add(number);
    current.paragraphs.push({ number, text: b.text });
    count += 1;
  }
  const kept = sections.filter((s) => s.paragraphs.length || s.heading);
  if (!kept.some((s) => s.paragraphs.length)) warnings.push("No paragraphs were found.");
  return { sections: kept, warnings };
}

/** The canonical text of a split document: what the officer edits, and what splitDocument reads back unchanged. */
export function formatDocument(doc: Pick<SplitDocument, "sections">): string {
  const parts: string[] = [];
  for (const s of doc.sections) {
    if (s.heading) parts.push(`## ${s.heading}`);
    for (const p of s.paragraphs) parts.push(`${p.number} ${p.text}`);
  }
  return parts.join("\n\n") + "\n";
}

/** The paragraphs of a split document in order, each with its section's index. */
export function paragraphsOf(doc: Pick<SplitDocument, "sections">): (SplitParagraph & { section: number })[] {
  return doc.sections.flatMap((s, i) => s.paragraphs.map((p) => ({ ...p, section: i })));
}
