import type { Metadata } from "next";
import Link from "next/link";
import { PublicHome } from "@/components/home/public-home";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { organisationsWithRole, rolesOf } from "@/lib/auth/policy";
import { isAzureAdConfigured, serviceName } from "@/lib/config";
import { listCouncilConsultations, listOpenConsultations } from "@/lib/consultations/queries";
import { listPartnerConsultations } from "@/lib/responses/queries";
import { listMyReturns } from "@/lib/action-plans/queries";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { getActor } from "./_server/session";

export async function generateMetadata(): Promise<Metadata> {
  // Signed out, the layout's default title (the service's name) fits the public page.
  return (await getActor()) ? { title: "Your work" } : {};
}
export const dynamic = "force-dynamic";

/** How many recently closed consultations the council's table shows on the home page. */
const HOME_RECENTLY_CLOSED = 5;

export default async function HomePage() {
  const actor = await getActor();
  const db = await getDb();
  if (!actor) return <PublicHome serviceName={serviceName()} open={await listOpenConsultations(db)} microsoft={isAzureAdConfigured()} />;
  const roles = rolesOf(actor);
  const partnerOrgs = organisationsWithRole(actor, "partner");
  const partnerLists = await Promise.all(
    partnerOrgs.map(async (orgId) => ({
      orgId,
      orgName: actor.memberships.find((m) => m.organisationId === orgId)!.organisationName,
      items: await listPartnerConsultations(db, orgId),
    })),
  );
  // Progress returns open now (action plans) for the organisations that own something in one.
  const openReturns = partnerOrgs.length ? (await listMyReturns(db, actor)).filter((r) => r.window.state === "open") : [];
  // The current consultations in full and the few most recently closed; the rest are a link away.
  const councilList = roles.has("officer") || roles.has("signatory") || roles.has("scrutiny")
    ? await listCouncilConsultations(db, actor, ["officer", "signatory", "scrutiny"], { recentlyClosed: HOME_RECENTLY_CLOSED })
    : null;
  const council = councilList ? [...councilList.current, ...councilList.recentlyClosed] : [];

  return (
    <>
      <h1 className="govuk-heading-l">Your work</h1>
      {openReturns.length > 0 && (
        <section aria-labelledby="returns-heading" data-testid="partner-returns">
          <h2 className="govuk-heading-m" id="returns-heading">
            Progress returns to make
          </h2>
          <ul className="govuk-list govuk-!-margin-bottom-6">
            {openReturns.map((r) => (
              <li key={`${r.period.id}/${r.organisationId}`} className="govuk-!-margin-bottom-4">
                <Link className="govuk-link govuk-!-font-weight-bold" href={`/returns/${r.period.id}?organisation=${r.organisationId}`}>
                  {r.planTitle}: {r.period.label}
                </Link>{" "}
                <Tag status={r.ret?.status === "submitted" ? "submitted" : r.ret ? "in_progress" : "not_started"}>
                  {r.ret?.status === "submitted" ? "Submitted" : r.ret ? "In progress" : "Not started"}
                </Tag>
                <br />
                <span className="govuk-body-s">
                  For {r.organisationName} · due {formatDate(r.period.dueAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {partnerLists.map(({ orgId, orgName, items }) => {
        const groups = [
          { key: "to_do", title: "To do", rows: items.filter((i) => i.group === "to_do") },
          { key: "in_progress", title: "In progress", rows: items.filter((i) => i.group === "in_progress") },
          { key: "submitted", title: "Submitted", rows: items.filter((i) => i.group === "submitted") },
          { key: "closed", title: "Closed", rows: items.filter((i) => i.group === "closed") },
        ];
        return (
          <section key={orgId} aria-labelledby={`org-${orgId}`} data-testid="partner-home">
            <h2 className="govuk-heading-m" id={`org-${orgId}`}>
              Consultations for {orgName}
            </h2>
            {items.length === 0 && <p className="govuk-body">There is nothing for {orgName} to answer at the moment.</p>}
            {groups
              .filter((g) => g.rows.length)
              .map((g) => (
                <div key={g.key}>
                  <h3 className="govuk-heading-s">{g.title}</h3>
                  <ul className="govuk-list govuk-!-margin-bottom-6">
                    {g.rows.map((c) => (
                      <li key={c.id} className="govuk-!-margin-bottom-4">
                        {/* A plain link: the respondent's pages are served by the Pages Router (pages/respond). */}
                        <a className="govuk-link govuk-!-font-weight-bold" href={`/respond/${c.slug}`}>
                          {c.title}
                        </a>{" "}
                        <Tag status={g.key}>{g.title}</Tag>
                        <br />
                        <span className="govuk-body-s">
                          {c.window === "open"
                            ? `Deadline ${formatDateTime(c.closesAt)}`
                            : c.window === "closed"
                              ? `Closed ${formatDate(c.closesAt)}, read only`
                              : `Opens ${formatDate(c.opensAt)}`}
                          {c.currentStage ? ` · Current stage: ${c.currentStage}` : ""}
                          {c.lastEditedBy ? ` · Last edited by ${c.lastEditedBy}, ${formatDateTime(c.lastEditedAt)}` : ""}
                          {c.reference ? ` · Reference ${c.reference}` : ""}
                        </span>
                        {c.responseStatus === "submitted" && (
                          <>
                            <br />
                            <a className="govuk-link govuk-body-s" href={`/respond/${c.slug}/submitted`}>
                              View what {orgName} submitted<span className="govuk-visually-hidden"> to {c.title}</span>
                            </a>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
          </section>
        );
      })}

      {council.length > 0 && (
        <section aria-labelledby="council-heading" data-testid="council-home">
          <h2 className="govuk-heading-m" id="council-heading">
            {roles.has("officer") ? "Consultations you manage" : roles.has("signatory") ? "Consultations for sign-off" : "Consultations for review"}
          </h2>
          {roles.has("officer") && (
            <p className="govuk-body">
              <Link className="govuk-link" href="/manage/new">
                Create a consultation
              </Link>{" "}
              or{" "}
              <Link className="govuk-link" href="/manage/import">
                import a consultation paper&apos;s questions
              </Link>
              .
            </p>
          )}
          <table className="govuk-table">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Consultation</th>
                <th scope="col" className="govuk-table__header">Status</th>
                <th scope="col" className="govuk-table__header">Closes</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Responses</th>
                <th scope="col" className="govuk-table__header">Council&apos;s answers</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {council.map((c) => (
                <tr className="govuk-table__row" key={c.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" href={`/manage/${c.id}`}>
                      {c.title}
                    </Link>
                    <br />
                    <span className="govuk-body-s">
                      {label(c.kind)}
                      {c.askedBy ? ` from ${c.askedBy}` : ""} · {c.questionCount} questions
                    </span>
                  </td>
                  <td className="govuk-table__cell">
                    <Tag status={c.status}>{label(c.status)}</Tag>
                  </td>
                  <td className="govuk-table__cell">{formatDate(c.closesAt)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.submittedCount}</td>
                  <td className="govuk-table__cell">
                    {c.kind === "consultation_to_answer" ? (
                      <>
                        <Tag status={c.answerSetStatus}>{label(c.answerSetStatus)}</Tag>
                        {c.responseDeadline && <span className="govuk-body-s"> due {formatDate(c.responseDeadline)}</span>}
                        <span className="govuk-body-s govuk-!-display-block">
                          <Link className="govuk-link" href={`/manage/${c.id}/review`}>
                            Review<span className="govuk-visually-hidden"> the council&apos;s answers</span>
                          </Link>
                          {roles.has("signatory") && (
                            <>
                              {" · "}
                              <Link className="govuk-link" href={`/manage/${c.id}/sign-off`}>
                                Sign-off<span className="govuk-visually-hidden"> of the council&apos;s answers</span>
                              </Link>
                            </>
                          )}
                        </span>
                      </>
                    ) : (
                      "Not needed"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {councilList && councilList.closedCount > councilList.recentlyClosed.length && (
            <p className="govuk-body" data-testid="council-home-closed">
              <Link className="govuk-link" href="/manage?status=closed">
                See all closed consultations ({councilList.closedCount.toLocaleString("en-GB")})
              </Link>
            </p>
          )}
        </section>
      )}

      {roles.has("admin") && (
        <section aria-labelledby="admin-heading" data-testid="admin-home">
          <h2 className="govuk-heading-m" id="admin-heading">
            Administration
          </h2>
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" href="/admin/users">Users and roles</Link>
            </li>
            <li>
              <Link className="govuk-link" href="/admin/organisations">Organisations</Link>
            </li>
            <li>
              <Link className="govuk-link" href="/admin/outbox">Outbox</Link> – every email the service has sent
            </li>
            <li>
              <Link className="govuk-link" href="/admin/audit">Audit log</Link> – every change, who made it and when
            </li>
            <li>
              <Link className="govuk-link" href="/admin/people">Personal data requests</Link> – export or erase a person&apos;s data when they ask
            </li>
          </ul>
        </section>
      )}

      {actor.memberships.length === 0 && (
        <p className="govuk-body">
          You can respond to the council&apos;s <Link className="govuk-link" href="/consultations">open consultations</Link>. If you work for the council or
          a partner organisation, ask the council&apos;s administrator to give you a role.
        </p>
      )}
    </>
  );
}
