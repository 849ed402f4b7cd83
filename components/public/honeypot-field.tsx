// The honeypot (lib/public/honeypot): a field people never see or reach, which robots fill in.
import { HONEYPOT_FIELD } from "@/lib/public/honeypot";

export function HoneypotField() {
  return (
    // Hidden by a class, not a style attribute: the content security policy refuses inline styles.
    <div className="govuk-visually-hidden" aria-hidden="true">
      <label htmlFor={HONEYPOT_FIELD}>Leave this empty</label>
      <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
