import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/collation/pager";
import { DraftAnswerForm } from "@/components/drafting/draft-answer-form";
import { LinkedAnswer } from "@/components/drafting/linked-answer";
import { RevisionDiff } from "@/components/drafting/revision-diff";
import { Tag } from "@/components/ui/tag";
import { can } from "@/lib/auth/policy";
import { summariseQuestion } from "@/lib/collation/queries";
import { daysLeftText } from "@/lib/drafts/due-date";
import { compareDraftRevisions, dueDateFor, getDraftAnswer, listCouncilOfficers, listDraftRevisions, questionNumberIndex } from "@/lib/drafts/queries";
import { InvalidError } from "@/lib/errors";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { restoreDraftRevisionAction, saveDraftAnswerAction } from "../actions";
import { RowAction } from "@/components/editor/row-action";
import { PartnersRaised } from "@/components/analysis/partners-raised";
import { listThemeQuotes, quoteForDraft } from "@/lib/analysis/queries";
import { SuccessBanner } from "@/components/ui/success-banner";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Council's answer" };

export default async function DraftingQuestionPage({ params, searchParams }: { params: Promise<{ id: string; questionId: string }>; searchParams: SearchParams }) {
  const { id, questionId } = await params;
  const sp = await searchParams;
  const self = `/manage/${id}/drafting/${questionId}`;
  const { actor, db } = await pageContext(self);
  const { consultation: c, question: q, draft } = await orPage(getDraftAnswer(db, { consultationId: id, questionId }, actor));
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const locked = c.answerSetStatus === "signed_off";
  const canEdit = can(actor, "draft_answer.edit", resource) && !locked;
  const [revisions, officers, numbers, due, summary] = await Promise.all([
    listDraftRevisions(db, { consultationId: c.id, questionId: q.id }, actor),
    listCouncilOfficers(db, c.ownerOrganisationId),
    questionNumberIndex(db, c.id),
    dueDateFor(db, c),
    summariseQuestion(db, { consultationId: c.id, questionId: q.id }, actor),
  ]);
  // "Partners raised …" and a quote to insert (?insert=<response>&theme=<theme>): added to the
  // text box only, so the officer reads it in place and the save keeps its version check.
  const raised = await listThemeQuotes(db, { consultationId: c.id, questionId: q.id, perTheme: 2 }, actor);
  const insert = canEdit && param(sp.insert) ? await quoteForDraft(db, { consultationId: c.id, questionId: q.id, responseId: param(sp.insert)!, themeId: param(sp.theme) }, actor) : null;
  const draftText = insert ? `${draft.text.trimEnd()}${draft.text.trim() ? "\n\n" : ""}${insert}` : draft.text;
  const links = Object.fromEntries([...numbers].map(([n, qid]) => [n, `/manage/${c.id}/drafting/${qid}`]));

  const latest = revisions[0]?.version;
  const fromParam = Number(param(sp.from) ?? (revisions[1]?.version ?? NaN));
  const toParam = Number(param(sp.to) ?? (latest ?? NaN));
  let comparison: Awaited<ReturnType<typeof compareDraftRevisions>> | null = null;
  let compareError: string | null = null;
  if (revisions.length > 1 && Number.isInteger(fromParam) && Number.isInteger(toParam)) {
    try {
      comparison = await compareDraftRevisions(db, { consultationId: c.id, questionId: q.id, from: fromParam, to: toParam }, actor);
    } catch (e) {
      if (!(e instanceof InvalidError)) throw e;
      compareError = e.message;
    }
  } else if (param(sp.from) || param(sp.to)) {
    compareError = "Choose two versions from the lists";
  }

  const order = [...numbers.entries()];
  const at = order.findIndex(([, qid]) => qid === q.id);
  const prev = at > 0 ? order[at - 1] : null;
  const next = at >= 0 && at < order.length - 1 ? order[at + 1] : null;

  return (
    <>
      <Link href={`/manage/${c.id}/drafting`} className="govuk-back-link">
        All of the council&apos;s answers
      </Link>
      <span className="govuk-caption-m">
        {q.chapter}
        {q.subheading ? ` · ${q.subheading}` : ""}
      </span>
      <h1 className="govuk-heading-l">Question {q.number}</h1>
      <p className="govuk-body-l">{q.text}</p>

      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="draft-status">
            <Tag status={draft.status}>{label(draft.status)}</Tag>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Assigned to</dt>
          <dd className="govuk-summary-list__value" data-testid="draft-assignee">
            {draft.assigneeName ?? "Nobody"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Due</dt>
          <dd className="govuk-summary-list__value">
            {due ? (
              <>
                {formatDate(due.dueOn)}, {due.reason} ({daysLeftText(due.daysLeft)})
              </>
            ) : (
              "No due date: the consultation has no stages or deadline"
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Last saved</dt>
          <dd className="govuk-summary-list__value">
            {draft.updatedAt ? `${formatDateTime(draft.updatedAt)}${draft.updatedByName ? ` by ${draft.updatedByName}` : ""} (version ${draft.version})` : "Never"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Partner answers</dt>
          <dd className="govuk-summary-list__value">
            <Link className="govuk-link" href={`/manage/${c.id}/collate/${q.id}`}>
              {plural(summary.answered, "partner")} answered
              <span className="govuk-visually-hidden"> question {q.number}</span>
            </Link>
          </dd>
        </div>
      </dl>

      {locked && (
        <div className="govuk-inset-text" data-testid="locked-notice">
          The council&apos;s answers were signed off, so they cannot be changed. A signatory can reopen them from the{" "}
          <Link className="govuk-link" href={`/manage/${c.id}/sign-off`}>
            sign-off page
          </Link>
          .
        </div>
      )}

      {insert && (
        <div className="govuk-inset-text" role="status" data-testid="quote-inserted">
          A partner&apos;s words and their source were added to the end of the answer below. They are not saved until you save the answer.
        </div>
      )}
      {canEdit ? (
        <DraftAnswerForm
          // A new form (not the same one re-rendered) when a quote goes in or a version is restored
          // (the form keeps the answer it was drawn with until its own save).
          key={insert ? `insert-${param(sp.insert)}-${param(sp.theme) ?? ""}` : param(sp.as) ? `restored-${param(sp.as)}` : "draft"}
          action={saveDraftAnswerAction}
          consultationId={c.id}
          questionId={q.id}
          questionNumber={q.number}
          draft={{ text: draftText, status: draft.status, assigneeId: draft.assigneeId, version: draft.version }}
          officers={officers}
          permalink={self}
          rows={12}
        />
      ) : null}

      <PartnersRaised
        themes={raised}
        answered={summary.answered}
        themesHref={`/manage/${c.id}/collate/${q.id}/themes`}
        insertHref={canEdit ? (responseId, themeId) => `${self}?insert=${responseId}&theme=${themeId}#f-text` : null}
      />

      <h2 className="govuk-heading-m">{canEdit ? "How the saved answer reads" : "The council's answer"}</h2>
      <div data-testid="draft-text">
        <LinkedAnswer text={draft.text} links={links} selfNumber={q.number} />
      </div>

      <h2 className="govuk-heading-m" id="history">
        History
      </h2>
      {/^\d+$/.test(param(sp.restored) ?? "") && /^\d+$/.test(param(sp.as) ?? "") && (
        <SuccessBanner titleId="restored-title" testId="restored-banner" titleLevel={3} heading={<>Version {param(sp.restored)} restored as version {param(sp.as)}. The versions before it are kept as they were.</>} />
      )}
      {revisions.length === 0 ? (
        <p className="govuk-body">No saves yet.</p>
      ) : (
        <table className="govuk-table" data-testid="revisions">
          <caption className="govuk-table__caption govuk-table__caption--s">Every saved text, newest first (a change of status or assignee alone is in the audit log)</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Version
              </th>
              <th scope="col" className="govuk-table__header">
                Saved
              </th>
              <th scope="col" className="govuk-table__header">
                By
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Assigned to
              </th>
              {canEdit && (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Restore</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {revisions.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.version}</td>
                <td className="govuk-table__cell">{formatDateTime(r.createdAt)}</td>
                <td className="govuk-table__cell">{r.createdByName ?? "The system"}</td>
                <td className="govuk-table__cell">{label(r.status)}</td>
                <td className="govuk-table__cell">{r.assigneeName ?? "Nobody"}</td>
                {canEdit && (
                  <td className="govuk-table__cell">
                    {r.text === draft.text ? (
                      <span className="govuk-body-s">{r.version === latest ? "Current text" : "Same as the current text"}</span>
                    ) : (
                      // A new revision with this text: the history above it stays as it is.
                      <RowAction
                        action={restoreDraftRevisionAction}
                        permalink={self}
                        item={`revision-${r.version}`}
                        hidden={{ consultationId: c.id, questionId: q.id, revision: String(r.version), baseVersion: String(draft.version) }}
                        label="Restore this version"
                        context={`(version ${r.version})`}
                        testId={`restore-${r.version}`}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {revisions.length > 1 && (
        <>
          <form method="get" action={`${self}#compare`} className="govuk-!-margin-bottom-4" id="compare">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Compare two versions</legend>
              {compareError && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {compareError}
                </p>
              )}
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-one-quarter">
                  <div className="govuk-form-group">
                    <label className="govuk-label" htmlFor="from">
                      From version
                    </label>
                    <select className="govuk-select" id="from" name="from" defaultValue={String(comparison?.from.version ?? fromParam)}>
                      {[...revisions].reverse().map((r) => (
                        <option key={r.version} value={r.version}>
                          {r.version}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <div className="govuk-grid-column-one-quarter">
                  <div className="govuk-form-group">
                    <label className="govuk-label" htmlFor="to">
                      To version
                    </label>
                    <select className="govuk-select" id="to" name="to" defaultValue={String(comparison?.to.version ?? toParam)}>
                      {[...revisions].reverse().map((r) => (
                        <option key={r.version} value={r.version}>
                          {r.version}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              </div>
              <button type="submit" className="govuk-button govuk-button--secondary">
                Compare
              </button>
            </fieldset>
          </form>
          {comparison && (
            <>
              <h3 className="govuk-heading-s">
                Changes from version {comparison.from.version} to version {comparison.to.version}
                {comparison.from.status !== comparison.to.status ? ` (status ${label(comparison.from.status)} → ${label(comparison.to.status)})` : ""}
              </h3>
              <RevisionDiff parts={comparison.parts} label={`Changes from version ${comparison.from.version} to version ${comparison.to.version}`} />
            </>
          )}
        </>
      )}

      <Pager
        label="Other questions"
        hiddenSuffix=""
        prevHref={prev ? `/manage/${c.id}/drafting/${prev[1]}` : null}
        prevText={prev ? `Question ${prev[0]}` : undefined}
        nextHref={next ? `/manage/${c.id}/drafting/${next[1]}` : null}
        nextText={next ? `Question ${next[0]}` : undefined}
      />
    </>
  );
}
