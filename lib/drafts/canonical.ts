// The canonical serialisation of the council's answer set and its SHA-256, recorded at sign-off
// so that anyone can later prove which exact answers were approved. Server-only (node:crypto).
import { createHash } from "node:crypto";

export type AnswerSetInput = {
  consultationId: string;
  answerSetVersion: number;
  /** In question position order; the order is part of what is signed, so it is kept as given. */
  answers: { questionId: string; number: string; text: string }[];
};

/**
 * Bumped if the serialisation below ever changes, so that a stored hash can be re-checked with
 * the format it was made with instead of silently failing to match.
 */
export const ANSWER_SET_FORMAT = "council-consult/answer-set@1";

/**
 * Text as it would be typed anywhere: NFC so that "é" typed as one code point or as e + accent
 * hashes the same, and CRLF as LF because browsers submit textareas with CRLF.
 */
export function canonicalText(s: string): string {
  return s.normalize("NFC").replace(/\r\n/g, "\n");
}

/** JSON with object keys sorted at every level, so property order never changes the bytes. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The canonical JSON string of an answer set: keys sorted, only the fields below (extra
 * properties on the input are ignored), answers in the order given — which callers must make
 * question position order — and every text NFC-normalised with CRLF → LF.
 */
export function canonicalAnswerSet(input: AnswerSetInput): string {
  if (!Number.isInteger(input.answerSetVersion) || input.answerSetVersion < 1) {
    throw new TypeError(`Answer set version must be a positive whole number, not ${String(input.answerSetVersion)}`);
  }
  const seen = new Set<string>();
  const answers = input.answers.map((a) => {
    if (seen.has(a.questionId)) throw new TypeError(`Question ${a.questionId} appears twice in the answer set`);
    seen.add(a.questionId);
    return { questionId: a.questionId, number: canonicalText(a.number), text: canonicalText(a.text) };
  });
  return stableStringify({
    format: ANSWER_SET_FORMAT,
    consultationId: input.consultationId,
    answerSetVersion: input.answerSetVersion,
    answers,
  });
}

/** SHA-256 (lower-case hex) of `canonicalAnswerSet(input)` as UTF-8. */
export function hashAnswerSet(input: AnswerSetInput): string {
  return createHash("sha256").update(canonicalAnswerSet(input), "utf8").digest("hex");
}
