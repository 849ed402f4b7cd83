import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Accessibility statement" };

export default function AccessibilityPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Accessibility statement</h1>
        <p className="govuk-body">
          This statement applies to this consultation service. The council wants as many people as possible to be able to use it. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>use the service with a screen reader (including recent versions of JAWS, NVDA and VoiceOver)</li>
          <li>respond to a consultation with JavaScript switched off</li>
        </ul>
        <h2 className="govuk-heading-l">How accessible this service is</h2>
        <p className="govuk-body">
          The service is built with the GOV.UK Design System and every page is checked with automated accessibility tests (axe) before each release. We know of these
          limitations:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>documents uploaded by councils (PDF and Word) may not be fully accessible; ask for another format using the contact page</li>
          <li>charts of results are also given as tables, which screen readers should use instead</li>
        </ul>
        <h2 className="govuk-heading-l">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information in a different format, such as accessible PDF, large print, easy read, audio or braille, or you find a problem not listed here,{" "}
          <Link className="govuk-link" href="/contact">
            contact us
          </Link>
          . We will reply within 10 working days.
        </p>
        <h2 className="govuk-heading-l">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility
          Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <h2 className="govuk-heading-l">Compliance status</h2>
        <p className="govuk-body">
          This service aims to be fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. Any non-compliance found is listed above.
        </p>
      </div>
    </div>
  );
}
