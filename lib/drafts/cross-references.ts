// Finds cross-references in the council's answers ("As for 16 above.", "As 31.", "see
// question 6", "questions 12 and 19") so that pages can link them to that question's answer.

export type TextSegment = { text: string; questionNumber?: string };

// "As for 16", "As per 16", "As in 16", "As 31", "As with question 4": only at the start of a
// sentence, where "as" introduces a reference; mid-sentence "as 3 partners said" is not one.
const AS_REFERENCE = /(^|[.!?;:]\s+|\n\s*)(As(?:\s+(?:for|per|in|with|at))?\s+(?:(?:question|Q)\s*)?)(\d+[a-z]?)\b/g;
// "question 6", "questions 12 and 19", "Q12", "questions 4, 5 and 6" anywhere.
const QUESTION_REFERENCE = /\b((?:[Qq]uestions?|Q)\s*)(\d+[a-z]?(?:\s*(?:,|and|&|or)\s*\d+[a-z]?)*)\b/g;

type Match = { start: number; end: number; number: string };

function findMatches(text: string, known: ReadonlySet<string>): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(AS_REFERENCE)) {
    const start = m.index + m[1].length + m[2].length;
    if (known.has(m[3])) out.push({ start, end: start + m[3].length, number: m[3] });
  }
  for (const m of text.matchAll(QUESTION_REFERENCE)) {
    const listStart = m.index + m[1].length;
    for (const n of m[2].matchAll(/\d+[a-z]?/g)) {
      if (known.has(n[0])) out.push({ start: listStart + n.index, end: listStart + n.index + n[0].length, number: n[0] });
    }
  }
  out.sort((a, b) => a.start - b.start);
  // A number can be matched by both patterns ("As for question 6"): keep the first.
  return out.filter((m, i) => i === 0 || m.start >= out[i - 1].end);
}

/**
 * Split `text` into plain segments and segments that refer to another question by number.
 * Only numbers in `knownNumbers` become references, so "As 2006 showed" links nothing.
 */
export function linkCrossReferences(text: string, knownNumbers: Iterable<string>, selfNumber?: string): TextSegment[] {
  const known = new Set(knownNumbers);
  if (selfNumber) known.delete(selfNumber);
  const segments: TextSegment[] = [];
  let at = 0;
  for (const m of findMatches(text, known)) {
    if (m.start > at) segments.push({ text: text.slice(at, m.start) });
    segments.push({ text: text.slice(m.start, m.end), questionNumber: m.number });
    at = m.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/** The question numbers an answer refers to, in order of first mention. */
export function referencedQuestions(text: string, knownNumbers: Iterable<string>, selfNumber?: string): string[] {
  return [...new Set(linkCrossReferences(text, knownNumbers, selfNumber).flatMap((s) => (s.questionNumber ? [s.questionNumber] : [])))];
}
