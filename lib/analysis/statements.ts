// A helper the analysis modules share: an input checked against its zod schema with every
// problem named by its field.
import { InvalidError } from "../errors";

type Schema<T> = { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** The parsed input, or an InvalidError whose field errors give each field its first problem. */
export function parse<T>(schema: Schema<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
  throw new InvalidError(Object.values(fieldErrors)[0] ?? "Check your input", fieldErrors);
}
