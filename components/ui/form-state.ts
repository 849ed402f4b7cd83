/** What a server action returns to its form: per-field errors and the values typed. */
export type FormState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
  conflict?: { current: unknown; attempted: unknown };
};

export const initialFormState: FormState = {};
