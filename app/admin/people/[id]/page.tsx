import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Table, Td, Tr } from "@/components/ui/table";
import { formatDateTime, label } from "@/lib/format";
import { exportPersonData } from "@/lib/public/person-data";
import { orPage, pageContext } from "@/app/_server/page";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "A person's data" };

const CONSENT: Record<string, string> = { named: "Publish with their name", anonymous: "Publish anonymously", none: "Do not publish" };

/** Everything held about a person, readable (the access request's copy; the JSON download holds the same). Opening it is audited. */
export default async function PersonDataPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/people/${id}`;
  const { actor, db } = await pageContext(base);
  const data = await orPage(exportPersonData(db, id, actor));
  const who = data.person.erasedAt ? "An erased person" : (data.person.name ?? data.person.email);
  return (
    <>
      <a href="/admin/people" className="govuk-back-link">
        Back to personal data requests
      </a>
      <span className="govuk-caption-l">Personal data</span>
      <h1 className="govuk-heading-l govuk-!-text-break-word">{who}</h1>
      <div className="govuk-button-group">
        <a className="govuk-button" href={`${base}/data.json`} download>
          Export their data (JSON)
        </a>
        {!data.person.erasedAt && (
          <a className="govuk-button govuk-button--warning" href={`${base}/erase`}>
            Erase their data
          </a>
        )}
      </div>
      <p className="govuk-body">This is everything the service holds about them, as at {formatDateTime(data.exportedAt)}. The JSON file holds the same, to send to them.</p>

      <h2 className="govuk-heading-m">About them</h2>
      <dl className="govuk-summary-list" data-testid="person-data">
        <Row k="Name">{data.person.name ?? "Not held"}</Row>
        <Row k="Email address">{data.person.erasedAt ? "Not held" : data.person.email}</Row>
        <Row k="Account created">{formatDateTime(data.person.createdAt)}</Row>
        {data.person.erasedAt && <Row k="Erased">{formatDateTime(data.person.erasedAt)}</Row>}
        <Row k="Roles">{data.roles.length === 0 ? "None (a member of the public)" : data.roles.map((r) => label(r.role)).join(", ")}</Row>
      </dl>

      <h2 className="govuk-heading-m">Responses</h2>
      {data.responses.length === 0 && <p className="govuk-body">None.</p>}
      {data.responses.map((r) => (
        <section key={r.reference} className="govuk-!-margin-bottom-8" aria-labelledby={`r-${r.reference}`} data-testid="person-response">
          <h3 className="govuk-heading-s" id={`r-${r.reference}`}>
            {r.consultation} ({r.reference})
          </h3>
          <dl className="govuk-summary-list">
            <Row k="Status">{label(r.status)}</Row>
            <Row k="Submitted">{r.submittedAt ? formatDateTime(r.submittedAt) : "Not submitted"}</Row>
            <Row k="Their own response">{r.ownResponse ? "Yes" : "No (they worked on an organisation's response)"}</Row>
            {r.publicReference && <Row k="Public reference">{r.publicReference}</Row>}
            {r.publishConsent && <Row k="Publishing">{CONSENT[r.publishConsent] ?? r.publishConsent}</Row>}
            {r.publishedName && <Row k="Published under">{r.publishedName}</Row>}
            <Row k="Told of the outcome">{r.notifyOutcome ? "Yes, they asked to be" : "No"}</Row>
            {r.aboutYou && Object.keys(r.aboutYou).length > 0 && (
              <Row k="About you">
                <ul className="govuk-list">
                  {Object.entries(r.aboutYou).map(([k, v]) => (
                    <li key={k}>
                      {label(k)}: {label(String(v))}
                    </li>
                  ))}
                </ul>
              </Row>
            )}
          </dl>
          {r.answers.length > 0 && (
            <Table caption="Answers" columns={["Question", "Answer", "Published as"]}>
              {r.answers.map((a) => (
                <Tr key={a.number}>
                  <Td>
                    {a.number}. {a.question}
                  </Td>
                  <Td className="app-pre-wrap">{a.answer ?? ""}</Td>
                  <Td className="app-pre-wrap">{a.publishedAs ?? (a.moderation ? label(a.moderation) : "Not published")}</Td>
                </Tr>
              ))}
            </Table>
          )}
        </section>
      ))}

      <h2 className="govuk-heading-m">Emails sent to them</h2>
      {data.emails.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <>
          <p className="govuk-body">The JSON file holds each email&apos;s text, except links that sign them in or open their response.</p>
          <Table caption="Emails sent to them" captionClassName="govuk-visually-hidden" columns={["Date", "Subject", "Status"]} data-testid="person-emails">
            {data.emails.map((m, i) => (
              <Tr key={i}>
                <Td>{formatDateTime(m.sentAt ?? m.createdAt)}</Td>
                <Td className="govuk-!-text-break-word">{m.subject}</Td>
                <Td>{label(m.status)}</Td>
              </Tr>
            ))}
          </Table>
        </>
      )}
    </>
  );
}

function Row({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
