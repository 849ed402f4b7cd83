import Link from "next/link";

export default function NotFound() {
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
