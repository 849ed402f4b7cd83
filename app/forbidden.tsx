import Link from "next/link";

export default function Forbidden() {
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
