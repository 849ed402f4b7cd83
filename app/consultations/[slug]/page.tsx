import type { Metadata } from "next";
import "@/components/consultation/consultation.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StageTimeline } from "@/components/consultation/stage-timeline";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { ukDate } from "@/lib/consultations/dates";
import { getConsultationBySlug, getStructure } from "@/lib/consultations/queries";
import { currentStage } from "@/lib/consultations/stages";
import { listDocuments } from "@/lib/documents/queries";
import { formatDate, label } from "@/lib/format";
import { PublicationLinks } from "@/components/publication/public";
import { getPublishedOutcome } from "@/lib/public/outcomes";
import { responsesArePublic } from "@/lib/public/publication";
import { getActor } from "../../_server/session";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const c = await getConsultationBySlug(await getDb(), (await params).slug);
  return { title: c && c.status !== "draft" ? c.title : "Consultation" };
}

export default async function ConsultationPage({ params }: Props) {
  const db = await getDb();
  const c = await getConsultationBySlug(db, (await params).slug);
  if (!c || c.status === "draft") notFound();
  const actor = await getActor();
  const { stages, chapters } = await getStructure(db, c.id);
  const documents = (await listDocuments(db, c.id))
    .map((d) => ({ ...d, published: d.versions.filter((v) => v.status === "published") }))
    .filter((d) => d.published.length > 0);
  const questionCount = chapters.reduce((n, ch) => n + ch.questions.length, 0);
  const now = new Date();
  const notYet = c.status === "open" && c.opensAt && c.opensAt > now;
  const open = c.status === "open" && !notYet;
  const closes = formatDate(ukDate(c.closesAt));
  const respondHref = `/respond/${c.slug}`;
  const isPartner = actor?.memberships.some((m) => m.role === "partner");
  const stageNow = currentStage(stages, ukDate(now)!);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">
          {label(c.kind)}
          {c.askedBy ? ` from ${c.askedBy}` : ""}
        </span>
        <h1 className="govuk-heading-l">{c.title}</h1>
        <p className="govuk-body">
          <Tag status={c.status}>{notYet ? "Opens soon" : label(c.status)}</Tag>
        </p>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Opens</dt>
            <dd className="govuk-summary-list__value">{formatDate(ukDate(c.opensAt)) || "Not set"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{c.status === "open" ? "Deadline for responses" : "Closed"}</dt>
            <dd className="govuk-summary-list__value" data-testid="deadline">
              {closes ? (c.status === "open" ? `11:59pm on ${closes}` : closes) : "Not set"}
            </dd>
          </div>
          {stageNow && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Current stage</dt>
              <dd className="govuk-summary-list__value" data-testid="current-stage">
                {stageNow.label}
              </dd>
            </div>
          )}
          {c.responseDeadline && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Council&apos;s response due{c.askedBy ? ` to ${c.askedBy}` : ""}</dt>
              <dd className="govuk-summary-list__value">{formatDate(c.responseDeadline)}</dd>
            </div>
          )}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Questions</dt>
            <dd className="govuk-summary-list__value">
              {questionCount} in {plural(chapters.length, "chapter")}
            </dd>
          </div>
        </dl>

        <h2 className="govuk-heading-m">What this is about</h2>
        {c.summary ? (
          c.summary.split(/\n{2,}/).map((p, i) => (
            <p className="govuk-body app-pre-wrap" key={i}>
              {p}
            </p>
          ))
        ) : (
          <p className="govuk-body">
            {c.kind === "consultation_to_answer"
              ? `${c.askedBy ?? "An outside body"} has asked the council these questions. The council is gathering its partners' views to inform its own answer.`
              : "The council is asking its partners these questions."}
          </p>
        )}
        {c.kind === "consultation_to_answer" && c.summary && (
          <p className="govuk-body">
            The council will draw on partners&apos; answers in its own response{c.askedBy ? ` to ${c.askedBy}` : ""}
            {c.responseDeadline ? `, due on ${formatDate(c.responseDeadline)}` : ""}.
          </p>
        )}

        <section className="app-respond-box" aria-labelledby="how-to-respond" data-testid="how-to-respond">
          <h2 className="govuk-heading-m" id="how-to-respond">
            How to respond
          </h2>
          <p className="govuk-body">
            {c.audienceDescription ||
              (c.audience === "public"
                ? "Anyone can respond online, as themselves."
                : c.audience === "both"
                  ? "Anyone can respond online, as themselves; invited partner organisations respond for their organisation."
                  : "Invited partner organisations respond online, one response for each organisation.")}
          </p>
          {open && c.audience !== "partners" && !(actor && isPartner && c.audience === "both") && (
            <>
              <p className="govuk-body">
                {c.allowUnauthenticated
                  ? "You do not need an account: give your email address and we will email you a link back to your response."
                  : "Sign in with an emailed link: you do not need a password."}{" "}
                You can save your answers and come back before you submit. Responses close at 11:59pm on {closes}.
              </p>
              <p className="govuk-body">
                {/* Plain links: the respondent's pages are served by the Pages Router (pages/respond). */}
                <a className="govuk-button govuk-button--start" href={actor ? respondHref : `${respondHref}/start`} data-module="govuk-button" data-testid="respond-public">
                  {actor ? "Respond" : "Start now"}
                </a>
              </p>
            </>
          )}
          {open && (c.audience === "partners" || (actor && isPartner && c.audience === "both")) && (
            <>
              <p className="govuk-body">
                If your organisation has been invited, use the link in your invitation email, or sign in with the email address it was sent to. You can save your answers and come
                back before you submit; colleagues from the same organisation work on the same response. Responses close at 11:59pm on {closes}.
              </p>
              <p className="govuk-body">
                {actor && isPartner ? (
                  // A plain link: the respondent's pages are served by the Pages Router (pages/respond).
                  <a className="govuk-button" href={respondHref} data-module="govuk-button">
                    Respond
                  </a>
                ) : (
                  <Link className="govuk-button" href={`/sign-in?callbackUrl=${encodeURIComponent(respondHref)}`} data-module="govuk-button">
                    Sign in to respond
                  </Link>
                )}
              </p>
            </>
          )}
          {notYet && <p className="govuk-body">Responses open on {formatDate(ukDate(c.opensAt))}.</p>}
          {!open && !notYet && <p className="govuk-body">This consultation closed on {closes} and no longer accepts responses.</p>}
        </section>

        <PublicationLinks slug={c.slug} status={c.status} responsesPublic={responsesArePublic(c)} outcome={await getPublishedOutcome(db, c.id)} />

        {c.privacyNotice && (
          <>
            <h2 className="govuk-heading-m">Privacy</h2>
            <p className="govuk-body app-pre-wrap">{c.privacyNotice}</p>
          </>
        )}

        {documents.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Documents for comment</h2>
            <ul className="govuk-list" data-testid="consultation-documents">
              {documents.map((d) => {
                const latest = d.published[d.published.length - 1]!;
                return (
                  <li key={d.id}>
                    <Link className="govuk-link" href={`/documents/${d.id}`}>
                      {d.title}
                    </Link>{" "}
                    (version {latest.version}: {latest.label}, stage {latest.stagePosition + 1})
                    {latest.finalHash && (
                      <>
                        {" · "}
                        <Link className="govuk-link" href={`/documents/${d.id}/endorsements`}>
                          Who has endorsed it
                        </Link>
                      </>
                    )}
                    {d.published
                      .filter((v) => v.statementPublishedAt)
                      .map((v) => {
                        const file = (name: string) => `/consultations/${c.slug}/documents/${d.id}/${name}?version=${v.version}`;
                        return (
                          <span className="govuk-body-s govuk-!-display-block" key={v.id} data-testid="published-statement">
                            Consultation statement on version {v.version} ({v.label}):{" "}
                            <a className="govuk-link" href={file("statement.html")}>
                              read<span className="govuk-visually-hidden"> the statement on version {v.version}</span>
                            </a>
                            {", "}
                            <a className="govuk-link" href={file("statement.pdf")}>
                              PDF<span className="govuk-visually-hidden"> of the statement on version {v.version}</span>
                            </a>
                            {", "}
                            <a className="govuk-link" href={file("statement.docx")}>
                              Word<span className="govuk-visually-hidden"> document of the statement on version {v.version}</span>
                            </a>
                            {", "}
                            <a className="govuk-link" href={file("statement-comments.csv")}>
                              every comment (CSV)<span className="govuk-visually-hidden"> with the council&apos;s responses, version {v.version}</span>
                            </a>
                          </span>
                        );
                      })}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <h2 className="govuk-heading-m">The questions</h2>
        {chapters.map((ch, i) => {
          let sub: string | null = null;
          return (
            <section key={ch.id} aria-labelledby={`ch-${ch.id}`}>
              <h3 className="govuk-heading-s" id={`ch-${ch.id}`}>
                Chapter {i + 1}: {ch.title}
              </h3>
              <ul className="govuk-list">
                {ch.questions.map((q) => {
                  const heading = q.subheading && q.subheading !== sub ? q.subheading : null;
                  sub = q.subheading;
                  return (
                    <li key={q.id}>
                      {heading && <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-top-4 govuk-!-margin-bottom-1">{heading}</p>}
                      <strong>{q.number}.</strong> {q.text}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
      <div className="govuk-grid-column-one-third">
        <h2 className="govuk-heading-m">Stages</h2>
        {stages.length ? <StageTimeline stages={stages} /> : <p className="govuk-body">No stages are set out for this consultation.</p>}
      </div>
    </div>
  );
}
