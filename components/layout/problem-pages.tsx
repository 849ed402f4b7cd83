// The 403, 404 and 500 pages' content, shared by the App Router (app/forbidden.tsx,
// app/not-found.tsx, app/error.tsx, app/global-error.tsx) and the respondent pages served by the
// Pages Router (pages/_error.tsx).
import Link from "next/link";
import { referenceOf } from "@/lib/error-reference";

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

/** The reference Next.js gave a failed page (its digest, which the server's log has beside the failure), if it is one. */
export const pageErrorReference = referenceOf;

/**
 * GOV.UK's "there is a problem with the service" page: what the person sees when a page fails
 * on our side (a database that did not answer in time, a fault). No detail of the fault: that
 * is in the server's log. `retry`: how to try again (a button that renders the page again, with
 * JavaScript; a form that sends a post again); without it, a link that loads the page again.
 * `message`: what went wrong, when it is known (the database's own problem); `children`: what was
 * kept of the person's post; `reference`: the failure's in the server's log (lib/log
 * errorReference), for the person to quote.
 */
export function ServiceProblemContent({
  retry,
  message,
  reference,
  children,
}: {
  retry?: React.ReactNode;
  message?: string;
  reference?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
        <p className="govuk-body">{message ?? "Try again later. Anything you saved before this page is kept."}</p>
        {children}
        {retry ?? (
          <p className="govuk-body">
            <a className="govuk-link" href="">
              Try again
            </a>
          </p>
        )}
        <p className="govuk-body">
          If it keeps happening, <a className="govuk-link" href="/contact">contact the council</a>
          {reference ? (
            <>
              {" "}
              and give them this reference: <strong className="app-reference">{reference}</strong>
            </>
          ) : null}
          .
        </p>
      </div>
    </div>
  );
}
