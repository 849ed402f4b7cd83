import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Checkbox, DateInput, EditorForm, Submit } from "@/components/editor/editor-form";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { ukDate } from "@/lib/consultations/dates";
import { consultationCounts } from "@/lib/consultations/overview";
import { checkPublishable, NO_AUDIENCE_QUESTION } from "@/lib/consultations/publishing";
import { getConsultation, listStages } from "@/lib/consultations/queries";
import { referenceCodeOf } from "@/lib/consultations/reference-code";
import { currentStage } from "@/lib/consultations/stages";
import type { Problem } from "@/lib/consultations/rules";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { closeAction, duplicateConsultationAction, publishAction, reopenAction } from "./edit/actions";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ published?: string; invited?: string; closed?: string; reopened?: string; publish?: string }> };

function fixLink(id: string, p: Problem): string {
  const edit = `/manage/${id}/edit`;
  if (p.field) return `${edit}/details`;
  if (p.questionId) return `${edit}/questions/${p.questionId}`;
  if (p.sectionId) return `${edit}/chapters/${p.sectionId}`;
  return `${edit}#chapters`;
}

function Count({ n, what, href }: { n: number; what: string; href?: string }) {
  return (
    <div className="app-count">
      <span className="app-count__n">{n}</span>
      <span className="app-count__what">{href ? <Link className="govuk-link" href={href}>{what}</Link> : what}</span>
    </div>
  );
}

export default async function OverviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const flash = await searchParams;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const actor = await requirePermission("consultation.read_responses", resource, `/manage/${id}`);
  const manage = can(actor, "consultation.manage", resource);
  const counts = await consultationCounts(db, id);
  const stageNow = currentStage(await listStages(db, id), ukDate(new Date())!);
  const problems = c.status === "draft" ? await checkPublishable(db, id) : [];
  const base = `/manage/${id}`;
  return (
    <>
      <h1 className="govuk-heading-l">Overview</h1>
      {manage && c.status === "draft" && flash.publish === "confirm" && (
        // Reached when publishing found nobody invited (publishAction): asked on the page, so it works without JavaScript.
        <ConfirmStep
          title={NO_AUDIENCE_QUESTION}
          action={publishAction}
          hidden={{ consultationId: id }}
          confirmLabel="Yes, publish anyway"
          cancelHref={base}
          permalink={`${base}?publish=confirm`}
          headingLevel={2}
          testId="publish-confirm"
        >
          <p className="govuk-body">
            Publishing opens the consultation on the public hub, but no one will be emailed an invitation. You can{" "}
            <Link className="govuk-link" href={`${base}/audience`}>
              choose who to invite
            </Link>{" "}
            first, or invite people after publishing and send their invitations from the audience page.
          </p>
        </ConfirmStep>
      )}
      {flash.published && (
        <SuccessBanner titleId="published-title" testId="published-banner" heading={<>Published as version {flash.published}.</>}>
          <p className="govuk-body">
            {Number(flash.invited) > 0
              ? `Invitation emails to ${flash.invited} ${Number(flash.invited) === 1 ? "contact are" : "contacts are"} being sent. `
              : "Nobody has been invited yet. "}
            <Link className="govuk-notification-banner__link" href={`${base}/audience`}>
              {Number(flash.invited) > 0 ? "Follow them on the audience page" : "Choose who to invite"}
            </Link>
            .
          </p>
        </SuccessBanner>
      )}
      {flash.closed && (
        <SuccessBanner titleId="closed-title" heading="The consultation is closed. Partners can no longer respond." />
      )}

      {flash.reopened && (
        <SuccessBanner titleId="reopened-title" heading="The consultation is open again. Invited partners have been told they can amend their responses." />
      )}

      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="status">
            <Tag status={c.status}>{label(c.status)}</Tag>
            {c.publishedVersion > 0 && <span className="govuk-body-s"> version {c.publishedVersion}, published {formatDateTime(counts.lastPublishedAt)}</span>}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Kind</dt>
          <dd className="govuk-summary-list__value">
            {label(c.kind)}
            {c.askedBy ? `, from ${c.askedBy}` : ""}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Open for responses</dt>
          <dd className="govuk-summary-list__value">
            {c.opensAt || c.closesAt ? `${formatDate(ukDate(c.opensAt)) || "No opening date"} to ${formatDate(ukDate(c.closesAt)) || "no closing date"}` : "No dates yet"}
          </dd>
        </div>
        {c.kind === "consultation_to_answer" && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Council&apos;s response due</dt>
            <dd className="govuk-summary-list__value">{formatDate(c.responseDeadline) || "Not set"}</dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Current stage</dt>
          <dd className="govuk-summary-list__value" data-testid="current-stage">
            {stageNow ? stageNow.label : "No stage is under way"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Reference code</dt>
          <dd className="govuk-summary-list__value" data-testid="reference-code">
            {referenceCodeOf(c)}
            <span className="govuk-body-s">
              {" "}
              (responses get references such as {referenceCodeOf(c)}-7K3F-92QX{c.referenceCode ? "" : "; from the title's initials"})
            </span>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Automatic reminders</dt>
          <dd className="govuk-summary-list__value">
            {c.reminderDaysBefore ? `${plural(c.reminderDaysBefore, "day")} before closing` : "None"}
          </dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">In numbers</h2>
      <div className="app-counts" data-testid="counts">
        <Count n={counts.questions} what={`questions in ${plural(counts.chapters, "chapter")}`} href={manage ? `${base}/edit` : undefined} />
        <Count n={counts.invited} what={`contacts invited from ${plural(counts.invitedOrganisations, "organisation")}`} href={manage ? `${base}/audience` : undefined} />
        <Count n={counts.opened} what="opened the consultation" />
        <Count n={counts.drafting} what="responses in draft" />
        <Count n={counts.submitted} what="responses submitted" href={`${base}/responses`} />
      </div>

      {manage && c.status === "draft" && (
        <section aria-labelledby="publish-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="publish-heading">
            Publish
          </h2>
          {problems.length > 0 ? (
            <>
              <p className="govuk-body">Fix these before publishing:</p>
              <ul className="govuk-list govuk-list--bullet" data-testid="publish-problems">
                {problems.map((p, i) => (
                  <li key={`${p.key}-${i}`} id={`f-problem-${i}`}>
                    <Link className="govuk-link" href={fixLink(id, p)}>
                      {p.message}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="govuk-body">
              Ready to publish. Publishing freezes version 1 of the questions, opens the consultation on the public hub and emails an invitation to each of the{" "}
              {plural(counts.invited, "contact")} in the audience.
            </p>
          )}
          <EditorForm action={publishAction} permalink={base} hidden={{ consultationId: id }} testId="publish-form">
            <Submit>Publish</Submit>
          </EditorForm>
        </section>
      )}

      {manage && c.status === "open" && (
        <section aria-labelledby="close-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="close-heading">
            Close early
          </h2>
          <p className="govuk-body">The consultation closes by itself on {formatDate(ukDate(c.closesAt))}. Closing now stops all responses; drafts not yet submitted stay unsubmitted.</p>
          <EditorForm action={closeAction} permalink={base} hidden={{ consultationId: id }} testId="close-form">
            <Checkbox name="confirm" label="Yes, close this consultation now" />
            <Submit warning>Close consultation</Submit>
          </EditorForm>
        </section>
      )}

      {manage && c.status === "closed" && (
        <section aria-labelledby="reopen-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="reopen-heading">
            Reopen for amendments
          </h2>
          <p className="govuk-body">
            Reopening lets partners amend their submitted responses (or submit late) until a new closing date. Everyone invited is told.
          </p>
          <EditorForm action={reopenAction} permalink={base} hidden={{ consultationId: id }} testId="reopen-form">
            <DateInput name="closesOn" legend="New closing date" hint="Responses close at the end of this day (UK time). For example, 27 3 2026" />
            <Submit>Reopen consultation</Submit>
          </EditorForm>
        </section>
      )}

      <h2 className="govuk-heading-m govuk-!-margin-top-6">More</h2>
      <ul className="govuk-list">
        {manage && (
          <>
            <li>
              <Link className="govuk-link" href={`${base}/edit`}>
                Edit the questions, dates and stages
              </Link>
            </li>
            <li>
              <Link className="govuk-link" href={`${base}/audience`}>
                Choose who to invite, and send reminders
              </Link>
            </li>
          </>
        )}
        <li>
          <Link className="govuk-link" href={`${base}/preview`}>
            Preview as a respondent
          </Link>
        </li>
        <li>
          <a className="govuk-link" href={`${base}/export.json`} download>
            Download the questions as a question-set file (JSON)
          </a>
        </li>
        {c.status !== "draft" && (
          <li>
            <Link className="govuk-link" href={`/consultations/${c.slug}`}>
              See the public page
            </Link>
          </li>
        )}
      </ul>
      {manage && (
        <section aria-labelledby="duplicate-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="duplicate-heading">
            Run it again
          </h2>
          <p className="govuk-body">
            Make a copy as a new, unpublished draft titled “Copy of {c.title}”, with the same details, stages, chapters and questions. Responses,
            invitations and the council&apos;s draft answers are not copied.
          </p>
          <EditorForm action={duplicateConsultationAction} permalink={base} hidden={{ consultationId: id }} testId="duplicate-form">
            <Submit secondary>Duplicate this consultation</Submit>
          </EditorForm>
        </section>
      )}
    </>
  );
}
