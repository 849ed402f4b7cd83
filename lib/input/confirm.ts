// The server's half of "are you sure?": a destructive action's schema requires `confirm=yes`,
// which only the confirmation step (components/ui/confirm-step.tsx) sends. A post without it
// (a stale page, a script, a double click on the wrong button) is refused and changes nothing.
import { z } from "zod";

export const CONFIRM_FIELD = "confirm";
export const CONFIRM_VALUE = "yes";

/** `confirm: "yes"`, or a refusal saying what was not confirmed ("Confirm that you want to delete the question"). */
export function confirmed(what: string) {
  return z.literal(CONFIRM_VALUE, { error: `Confirm that you want to ${what}` });
}
