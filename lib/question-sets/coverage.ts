// Checks the paste parser's promise that nothing is lost silently: every line of the input is
// either placed (in a question, hint, option, chapter, description, introduction or the title)
// or listed (in a warning or under "Text not imported"). Used by the tests on every paper of the
// corpus; pure, so it can run anywhere.
import type { ParseResult } from "./parse";

/** Lower-case words, without numbers and question numbers ("Q2."), which the parser moves. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !/^q?\d+$/.test(w));
}

// What the parser reads as structure rather than text: bullets, numbers, "A:", "Key Questions –".
const LEADS = [
  /^\s*(?:[-–—*>•●▪■◦○➤►▶▸·‣⁃✓✔→]\s*)+/,
  /^(?:q|question)\s*\.?\s*\d[\d.]*[a-z]?\s*[:.)\-–—]?\s*/i,
  /^\(?\d{1,3}(?:\.\d{1,3}){0,3}[a-h]?[.:)]?\s+/,
  /^(?:A[:.]|(?:draft\s+)?(?:answer|response|reply)\s*[:\-–—])\s*/i,
  /^(?:(?:key|consultation)\s+)?questions(?:\s+for\s+consultation)?\s*[-–—:]\s*/i,
  /^(?:chapter|section|part)\s+\w{1,6}\s*[-–—:.]?\s*/i,
  /^(?:\p{Lu}\p{Ll}+\s+){1,2}(?:Q|[Qq]uestion)\s*\d[\d.]*[a-z]?\s*[:.)\-–—]\s*/u,
  /^\((?:required|mandatory)\)$/i,
];

function stripLead(line: string): string {
  let t = line;
  for (let round = 0; round < 4; round++) {
    const before = t;
    for (const re of LEADS) t = t.replace(re, "");
    if (t === before) break;
  }
  return t;
}

/**
 * The lines of `text` whose words are found in none of what the parse returned. A line counts as
 * found when each of its words lies in a run of three, or at least two (or the whole line, if
 * shorter), that appears somewhere in the output, so a line the parser split (a question and its options run together)
 * still counts. Quadratic in the worst case: for tests and the corpus, not for the request path.
 */
export function unlistedLines(text: string, result: ParseResult): { line: number; text: string }[] {
  const fields: string[] = [result.questionSet.title, result.questionSet.summary ?? "", ...result.titleSuggestions];
  for (const c of result.questionSet.chapters) {
    fields.push(c.title, c.description ?? "");
    for (const q of c.questions) {
      fields.push(q.subheading ?? "", q.text, q.hint ?? "", ...(q.options ?? []), q.draftAnswer ?? "");
      // A Yes / No question keeps its options in its type.
      if (q.type === "yes_no") fields.push("yes no");
    }
  }
  for (const w of result.warnings) fields.push(w.text ?? "", w.message);
  for (const s of result.skipped) fields.push(s.text);
  const haystack = ` ${fields.map((f) => words(f).join(" ")).join(" | ")} `;
  const found = (ws: string[]) => haystack.includes(` ${ws.join(" ")} `);

  const out: { line: number; text: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const ws = words(stripLead(raw.replace(/<[^<>]{0,200}>/g, " ")));
    if (!ws.length) return;
    if (ws.length <= 3) {
      if (!found(ws)) out.push({ line: i + 1, text: raw.trim() });
      return;
    }
    // Each word must lie in a run of three found together, or of two where the parser split
    // the line (a question, then "Yes No" kept in its type).
    const covered = new Uint8Array(ws.length);
    for (let k = 0; k + 3 <= ws.length; k++) if (found(ws.slice(k, k + 3))) covered.fill(1, k, k + 3);
    for (let k = 0; k + 2 <= ws.length; k++) if (!(covered[k] && covered[k + 1]) && found(ws.slice(k, k + 2))) covered.fill(1, k, k + 2);
    if (covered.includes(0)) out.push({ line: i + 1, text: raw.trim() });
  });
  return out;
}
