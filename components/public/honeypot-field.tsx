// The honeypot (lib/public/honeypot): a field people never see or reach, which robots fill in.
import { HONEYPOT_FIELD } from "@/lib/public/honeypot";

export function HoneypotField() {
  return (
    <div className="app-honeypot" aria-hidden="true" style={{ position: "absolute", left: "-10000px", width: "1px", height: "1px", overflow: "hidden" }}>
      <label htmlFor={HONEYPOT_FIELD}>Leave this empty</label>
      <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
