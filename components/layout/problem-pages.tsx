// The 403 and 404 pages' content, shared by the App Router (app/forbidden.tsx, app/not-found.tsx)
// and the respondent pages served by the Pages Router.
import Link from "next/link";

export function ForbiddenContent() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
        <p className="govuk-body">Your account does not have the role this page needs, or the page belongs to another organisation.</p>
        <p className="govuk-body">
          <Link className="govuk-link" href="/">
            Go to your work
          </Link>
        </p>
      </div>
    </div>
  );
}

export function NotFoundContent() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.</p>
        <p className="govuk-body">
          <Link className="govuk-link" href="/consultations">
            See all consultations
          </Link>
        </p>
      </div>
    </div>
  );
}
