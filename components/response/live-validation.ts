// The browser's copy of the server's checks, loaded when the person first uses the form so
// the question page's first load stays small: read the form as the server does, then run the
// same zod schemas and show-if routing over it.
import { fieldsFromFormData, formToValue, type QuestionDef } from "@/lib/questions/answers";
import { validateResponse } from "@/lib/questions/visibility";
import { questionPrefix } from "@/lib/responses/fields";

/** Each question's candidate value, exactly as the save action will build it from the post. */
export function readCandidates(defs: readonly QuestionDef[], form: HTMLFormElement): Map<string, unknown> {
  const fields = fieldsFromFormData(new FormData(form));
  return new Map(defs.map((q) => [q.id, formToValue(q, fields, questionPrefix(q.id))]));
}

/** Draft rules: what is typed must be valid, but nothing is required yet. */
export function checkDraft(defs: readonly QuestionDef[], candidates: ReadonlyMap<string, unknown>) {
  return validateResponse(defs, candidates, { requireAnswers: false });
}
