// What the chapter save action sends back beside the usual form state, read by the chapter form.
import type { FormState } from "@/components/ui/form-state";

/** A colleague's newer answer to a question this person also changed. */
export type ConflictView = { by: string; at: string; text: string; base: string; message: string };

export function conflictsOf(state: FormState): Record<string, ConflictView> {
  return ((state.conflict?.current ?? {}) as Record<string, ConflictView>) || {};
}
