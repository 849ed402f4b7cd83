/**
 * What a server action returns to its form: per-field errors and the values typed. A refusal
 * of the form as a whole (not of one field) is the error `_form`, with any `particulars` (which
 * answers changed, say) listed under it; the error summary shows both.
 */
export type FormState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string>;
  particulars?: string[];
  values?: Record<string, string | string[]>;
  conflict?: { current: unknown; attempted: unknown };
};

export const initialFormState: FormState = {};
