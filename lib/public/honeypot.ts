// A honeypot: a field people never see (hidden from sight and from assistive technology) that
// form-filling robots fill in. A post that fills it is answered as if accepted and nothing is
// stored, so the robot learns nothing.
export const HONEYPOT_FIELD = "website";

export function isHoneypotTripped(fields: Record<string, unknown>): boolean {
  const v = fields[HONEYPOT_FIELD];
  const text = Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
  return text.trim() !== "";
}
