import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Privacy notice" };

export default function PrivacyPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Privacy notice</h1>
        <p className="govuk-body">
          This notice explains how the council uses your personal data when you respond to a consultation on this service. Each consultation may add its own notice,
          shown on its page before you answer and in your receipt.
        </p>
        <h2 className="govuk-heading-l">Who we are</h2>
        <p className="govuk-body">The council running the consultation is the data controller. Its contact details are on the <Link className="govuk-link" href="/contact">contact page</Link>.</p>
        <h2 className="govuk-heading-l">What we collect and why</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address, to sign you in, send your receipt and, if you ask, tell you the outcome</li>
          <li>your answers, to understand views on the proposal and report on them</li>
          <li>optional &quot;about you&quot; answers, to check we have heard from a range of people; you can answer &quot;prefer not to say&quot;</li>
        </ul>
        <p className="govuk-body">
          Our lawful basis is that consulting is a task carried out in the public interest (UK GDPR Article 6(1)(e)). Where &quot;about you&quot; questions cover special
          category data, we rely on your explicit consent, which you give by answering them.
        </p>
        <h2 className="govuk-heading-l">Publishing responses</h2>
        <p className="govuk-body">
          When a consultation publishes responses, you choose: publish with your name (or your organisation&apos;s), publish anonymously, or do not publish. Before anything
          is published, an officer reads each written answer and removes personal details such as names, addresses, email addresses and phone numbers. Email addresses and
          &quot;about you&quot; answers are never published. Counts of closed answers include only responses whose authors agreed to publication.
        </p>
        <h2 className="govuk-heading-l">How long we keep it</h2>
        <p className="govuk-body">
          Each consultation states how long personal data is kept (24 months after it closes unless it says otherwise). After that, names, email addresses and &quot;about
          you&quot; answers are removed; published and counted answers stay without your identity.
        </p>
        <h2 className="govuk-heading-l" id="your-rights">
          Your rights
        </h2>
        <p className="govuk-body">You can ask for a copy of your data, ask us to correct it, or ask us to erase it.</p>
        <h3 className="govuk-heading-m">How to ask for a copy or for erasure</h3>
        <ol className="govuk-list govuk-list--number" data-testid="data-rights">
          <li>
            Write to the consultation team of the council that ran the consultation: their details are on the <Link className="govuk-link" href="/contact">contact page</Link>.
          </li>
          <li>Write from the email address you responded with, or tell us what it is, so we can find your data and check it is yours.</li>
          <li>We reply within one month. A copy comes as a readable summary and a file (JSON) holding everything we keep about you.</li>
        </ol>
        <p className="govuk-body">
          If you ask us to erase your data after your response was published, your published response is taken off the public pages and the open data at once. Your
          answers stay, without your name, email address or &quot;about you&quot; answers, in the council&apos;s own analysis of the consultation. If you hold a role in an organisation (a partner or council officer), your account is deactivated instead, because your name stays on the work you did
          for it.
        </p>
        <p className="govuk-body">
          You can complain to the Information Commissioner&apos;s Office (ICO) if you are unhappy with how we handle your data.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" href="/cookies">How we use cookies</Link>.
        </p>
      </div>
    </div>
  );
}
