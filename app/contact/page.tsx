import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listPublicContacts } from "@/lib/public/contacts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contact us" };

export default async function ContactPage() {
  const contacts = await listPublicContacts(await getDb());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Contact us</h1>
        <p className="govuk-body">
          Contact the consultation team of the council that runs the consultation: about a consultation, to ask for a document in another format, or to use your rights
          over your personal data (see the <Link className="govuk-link" href="/privacy">privacy notice</Link>). Each consultation&apos;s page may also name its own contact.
        </p>
        {contacts.map((c) => (
          <section key={c.council} aria-labelledby={`c-${c.council.replace(/\W+/g, "-")}`} className="govuk-!-margin-bottom-6">
            <h2 className="govuk-heading-m" id={`c-${c.council.replace(/\W+/g, "-")}`}>
              {c.printedName || c.council}
            </h2>
            {c.contactName || c.contactEmail || c.contactPhone || c.postalAddress ? (
              <ul className="govuk-list">
                {c.contactName && <li>{c.contactName}</li>}
                {c.contactEmail && (
                  <li>
                    Email: <a className="govuk-link" href={`mailto:${c.contactEmail}`}>{c.contactEmail}</a>
                  </li>
                )}
                {c.contactPhone && <li>Telephone: {c.contactPhone}</li>}
                {c.postalAddress && <li className="app-pre-wrap">{c.postalAddress}</li>}
              </ul>
            ) : (
              <p className="govuk-body">Use the contact details on the council&apos;s own website.</p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
