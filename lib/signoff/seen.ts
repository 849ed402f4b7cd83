// What a signatory was shown, compactly: a short fingerprint of each answer's text, carried
// by the sign-off form. When the answers' hash no longer matches, comparing it with the
// answers as they stand names the questions that changed, not merely that something did.
import { createHash } from "node:crypto";

type Answer = { questionId: string; text: string };

function fingerprint(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 12);
}

/** "questionId:fingerprint" pairs, comma-separated, for a hidden field. */
export function encodeSeenAnswers(answers: readonly Answer[]): string {
  return answers.map((a) => `${a.questionId}:${fingerprint(a.text)}`).join(",");
}

/** The questions whose text differs from what the form was shown, in the answers' order. Null when the form carried nothing readable. */
export function changedSinceSeen<A extends Answer>(seen: string | undefined, answers: readonly A[]): A[] | null {
  if (!seen) return null;
  const shown = new Map<string, string>();
  for (const pair of seen.split(",")) {
    const [id, fp] = pair.split(":");
    if (id && fp) shown.set(id, fp);
  }
  if (!shown.size) return null;
  return answers.filter((a) => shown.get(a.questionId) !== fingerprint(a.text));
}
