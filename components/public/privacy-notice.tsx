// The consultation's privacy notice, shown before anyone answers and kept in their receipt.
export function PrivacyNotice({ notice, retentionMonths, headingLevel = 2 }: { notice: string; retentionMonths: number; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="privacy-notice" data-testid="privacy-notice">
      <H className="govuk-heading-m" id="privacy-notice">
        How we use your information
      </H>
      {notice.split(/\n{2,}/).map((p, i) => (
        <p className="govuk-body" key={i}>
          {p}
        </p>
      ))}
      <p className="govuk-body">
        We keep your name, email address and answers about you for {retentionMonths} months after the consultation, then remove them. You can ask
        the council for a copy of your information or for it to be erased at any time.
      </p>
      <p className="govuk-body" data-testid="data-rights">
        To ask, write to the council&apos;s consultation team on the <a className="govuk-link" href="/contact">contact page</a>, from the email address you used. If
        your response was published, erasing your information takes it off the public pages (
        <a className="govuk-link" href="/privacy#your-rights">
          your rights
        </a>
        ).
      </p>
    </section>
  );
}
