// From a failed save to the state its form is drawn again with: the one mapping that server
// actions (App Router) and the respondent's posts (Pages Router) share. It imports nothing of
// Next, so both routers can use it.
import type { FormState } from "@/components/ui/form-state";
import { ConflictError, isDomainError, unsavedMessage } from "@/lib/errors";
import { logFailure } from "@/lib/log";

/** What a person is asked to quote when a failure on our side keeps happening (lib/log errorReference). */
export function reportWith(reference: string): string {
  return `If it keeps happening, report it with reference ${reference}.`;
}

/**
 * A refusal of the whole form: its message as the form-level error (`_form`), which the error
 * summary shows, with the error's particulars when it names any (StaleAnswersError does).
 */
export function refusal(message: string, values: FormState["values"], e?: unknown): FormState {
  const particulars = (e as { particulars?: unknown } | undefined)?.particulars;
  const list = Array.isArray(particulars) ? particulars.filter((p): p is string => typeof p === "string") : [];
  return { message, errors: { _form: message }, ...(list.length ? { particulars: list } : {}), values };
}

/**
 * The form state for an error thrown by a save, with what was typed: a domain error's message
 * beside its fields (or for the whole form); a conflict with both versions; anything else logged
 * and said plainly (the database's own problem when it is one), with the reference the log has it
 * under. `conflictPanels`: the page draws
 * a conflict as panels of its own, so it is not also listed as an error.
 */
export function stateFromError(e: unknown, values: FormState["values"], opts: { conflictPanels?: boolean } = {}): FormState {
  if (e instanceof ConflictError) {
    const conflict = { current: e.current, attempted: e.attempted };
    return opts.conflictPanels ? { message: e.message, errors: {}, values, conflict } : { ...refusal(e.message, values, e), conflict };
  }
  if (isDomainError(e)) {
    const fieldErrors = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
    // An error may give the form fields of its own to carry on (an edit conflict: the stored
    // fields' fingerprints, so that saving again replaces them knowingly).
    const keep = (e as { keep?: Record<string, string> }).keep;
    const kept = keep ? { ...values, ...keep } : values;
    return Object.keys(fieldErrors).length ? { message: e.message, errors: fieldErrors, values: kept } : refusal(e.message, kept, e);
  }
  const reference = logFailure("a form's save failed", e);
  return refusal(`${unsavedMessage(e)} ${reportWith(reference)}`, values);
}
