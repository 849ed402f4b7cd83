// Redactions of a free-text answer: ranges of its text with a reason, kept as offsets into the
// text (JavaScript string indexes, as a browser's selection gives them). When the text is edited
// after a redaction was made, rebaseRedactions moves each range with the edit, and when in doubt
// covers more rather than less: a redaction never comes to expose what it hid.
import { diffChars } from "diff";
import { InvalidError } from "../errors";
import { PERSONAL_DATA_KINDS, PERSONAL_DATA_LABELS } from "./personal-data";

/** What a detector suggests, and what a moderator may see for themselves. */
export const REDACTION_REASONS = [
  ...PERSONAL_DATA_KINDS,
  "address",
  "health",
  "offensive",
  "defamatory",
  "other",
] as const;
export type RedactionReason = (typeof REDACTION_REASONS)[number];

export const REDACTION_REASON_LABELS: Record<RedactionReason, string> = {
  ...PERSONAL_DATA_LABELS,
  address: "Address or location of a person",
  health: "Health or other special category data",
  offensive: "Offensive language",
  defamatory: "Potentially defamatory",
  other: "Other (see note)",
};

/** What the public sees in place of a redacted passage (the reason stays with the council). */
export const REDACTED_MARK = "[redacted]";

export type Range = { start: number; end: number };
export type Redaction = Range & { reason: RedactionReason };

/** Refuses a range that is empty or outside the text. */
export function checkRange(text: string, r: Range): void {
  if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.end > text.length || r.start >= r.end) {
    throw new InvalidError("Select a passage of the answer to redact", {
      passage: "Select a passage of the answer to redact",
    });
  }
}

/**
 * Where `passage` is in `text`: the n-th occurrence (1-based), matched exactly first and then
 * with any run of white space matching any other (a passage copied from a page loses line breaks).
 * Null when it is not there. This is how a moderator without JavaScript says what to redact.
 */
export function findPassage(text: string, passage: string, occurrence = 1): Range | null {
  const wanted = passage.trim();
  if (!wanted || occurrence < 1) return null;
  let from = 0;
  for (let i = 1; ; i++) {
    const at = text.indexOf(wanted, from);
    if (at < 0) break;
    if (i === occurrence) return { start: at, end: at + wanted.length };
    from = at + 1;
  }
  const pattern = wanted
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const re = new RegExp(pattern, "g");
  let i = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (++i === occurrence) return { start: m.index, end: m.index + m[0].length };
    re.lastIndex = m.index + 1;
  }
  return null;
}

/** Every occurrence of `passage` (exact), for "this passage is in the answer N times". */
export function countPassage(text: string, passage: string): number {
  const wanted = passage.trim();
  if (!wanted) return 0;
  let n = 0;
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) n++;
  return n;
}

type Hunk = { oldStart: number; oldEnd: number; newStart: number; newEnd: number; inserted: string };

function hunksOf(before: string, after: string): Hunk[] {
  const hunks: Hunk[] = [];
  let o = 0;
  let n = 0;
  let open: Hunk | null = null;
  for (const part of diffChars(before, after)) {
    const len = part.value.length;
    if (!part.added && !part.removed) {
      if (open) hunks.push(open);
      open = null;
      o += len;
      n += len;
      continue;
    }
    open ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n, inserted: "" };
    if (part.removed) {
      o += len;
      open.oldEnd = o;
    } else {
      n += len;
      open.newEnd = n;
      open.inserted += part.value;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined) => c !== undefined && WORD_CHAR.test(c);

/**
 * Where position `p` of `before` is in `after`. `side` says whether it is a redaction's start or
 * end: an edit touching the redaction from inside, or continuing a redacted word ("John" →
 * "Johnny"), is taken into it; an edit beside it separated by a space or punctuation is not.
 */
function mapPosition(before: string, hunks: Hunk[], p: number, side: "start" | "end"): number {
  let delta = 0;
  for (const h of hunks) {
    if (h.oldEnd < p) {
      delta = h.newEnd - h.oldEnd;
      continue;
    }
    if (h.oldStart > p) break;
    // h touches p: oldStart <= p <= oldEnd.
    if (h.oldStart < p && p < h.oldEnd) return side === "start" ? h.newStart : h.newEnd;
    const pureInsert = h.oldStart === h.oldEnd;
    if (side === "start") {
      if (pureInsert || p === h.oldEnd) {
        // Text put (or changed) just before the redaction: inside it only if it continues its first word.
        const joins = isWord(h.inserted.at(-1)) && isWord(before[p]);
        return joins ? h.newStart : h.newEnd;
      }
      return h.newStart; // the edit begins at the redaction's first character: inside it
    }
    if (pureInsert || p === h.oldStart) {
      const joins = isWord(h.inserted[0]) && isWord(before[p - 1]);
      return joins ? h.newEnd : h.newStart;
    }
    return h.newEnd; // the edit ends at the redaction's last character: inside it
  }
  return p + delta;
}

/**
 * The redactions of `before` moved onto `after`, in the same order, with any extra fields kept.
 * A redaction whose whole passage was deleted is dropped (nothing of it is left to hide).
 */
export function rebaseRedactions<R extends Range>(before: string, after: string, redactions: readonly R[]): R[] {
  if (before === after) return redactions.map((r) => ({ ...r }));
  const hunks = hunksOf(before, after);
  const out: R[] = [];
  for (const r of redactions) {
    const start = mapPosition(before, hunks, r.start, "start");
    const end = mapPosition(before, hunks, r.end, "end");
    if (end > start) out.push({ ...r, start, end });
  }
  return out;
}

/** Ranges sorted, with overlapping and touching ones joined. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

export type Segment = { text: string; redacted: false } | { text: string; redacted: true };

/** The text cut into plain and redacted runs, for a page that marks what is hidden. */
export function segmentText(text: string, redactions: readonly Range[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const r of mergeRanges(redactions)) {
    const start = Math.max(0, Math.min(r.start, text.length));
    const end = Math.max(start, Math.min(r.end, text.length));
    if (start > at) out.push({ text: text.slice(at, start), redacted: false });
    if (end > start) out.push({ text: text.slice(start, end), redacted: true });
    at = Math.max(at, end);
  }
  if (at < text.length) out.push({ text: text.slice(at), redacted: false });
  return out;
}

/** The text as the public may read it: each redacted run replaced by REDACTED_MARK. */
export function redactText(text: string, redactions: readonly Range[]): string {
  return segmentText(text, redactions)
    .map((s) => (s.redacted ? REDACTED_MARK : s.text))
    .join("");
}

export type MarkedRun = { text: string; redacted: boolean; suggestion: string | null };

/**
 * The text cut into runs for the moderator's view: each run says whether it is redacted and which
 * kind of personal data is suggested there (suggestions are only marked, never applied).
 */
export function markText(text: string, redactions: readonly Range[], suggestions: readonly (Range & { kind: string })[]): MarkedRun[] {
  const cuts = new Set<number>([0, text.length]);
  for (const r of [...redactions, ...suggestions]) {
    cuts.add(Math.max(0, Math.min(r.start, text.length)));
    cuts.add(Math.max(0, Math.min(r.end, text.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: MarkedRun[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    if (a === b) continue;
    const redacted = redactions.some((r) => r.start <= a && b <= r.end);
    const suggestion = suggestions.find((s) => s.start <= a && b <= s.end)?.kind ?? null;
    const last = runs[runs.length - 1];
    if (last && last.redacted === redacted && last.suggestion === suggestion) last.text += text.slice(a, b);
    else runs.push({ text: text.slice(a, b), redacted, suggestion });
  }
  return runs;
}
