// The one wrapper every server action goes through: session → zod parse → lib call (which
// checks permission with lib/auth) → typed result. Domain errors become messages beside
// the fields; the values typed are always sent back so no form loses them.
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { zodFieldErrors } from "@/lib/errors";
import { unstorableFields } from "@/lib/input/text";
import type { FormState } from "@/components/ui/form-state";
import { refusal, stateFromError } from "./form-state";
import { getActor } from "./session";

/** `formData`: the post as sent, for what a schema of strings cannot carry (an uploaded file). */
export type ActionContext = { actor: Actor; db: Db; formData: FormData };

/** Form fields as strings; repeated names (checkboxes) become arrays. */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || typeof value !== "string") continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function formAction<S extends z.ZodType>(
  schema: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<FormState | void>,
) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData);
    try {
      // Reading the session reads the person from the database: a database that is slow or
      // away here is said as such, with what was typed kept, like one that fails the save.
      const actor = await getActor();
      if (!actor) return refusal("Your session has ended. Sign in again to continue.", values);
      // Text Postgres cannot store (NUL) is refused at its field for every action, whatever its schema.
      const unstorable = unstorableFields(values);
      if (unstorable) return { message: "There is a problem", errors: unstorable, values };
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        return { message: "There is a problem", errors: zodFieldErrors(parsed.error.issues), values };
      }
      const result = await run(parsed.data, { actor, db: await getDb(), formData });
      return result ?? { ok: true, message: "Saved" };
    } catch (e) {
      unstable_rethrow(e);
      return stateFromError(e, values);
    }
  };
}
