import type { Metadata } from "next";
import { isDemoMode } from "@/lib/config";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">
          If the council has an account for that address, we have sent it a link to sign in. The link works once and
          expires in 24 hours.
        </p>
        <p className="govuk-body">If nothing arrives within a few minutes, check your junk folder or ask the council officer who invited you.</p>
        {isDemoMode() && (
          <div className="govuk-inset-text">
            In this demonstration emails are kept in the <a className="govuk-link" href="/admin/outbox">outbox</a> instead of being sent.
          </div>
        )}
      </div>
    </div>
  );
}
