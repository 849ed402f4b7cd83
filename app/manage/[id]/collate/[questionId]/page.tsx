import type { Metadata } from "next";
import { FiguresAsOf } from "@/components/ui/figures-as-of";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { CollationFilterForm } from "@/components/collation/filter-form";
import { HighlightedText } from "@/components/collation/highlighted-text";
import { OptionChart } from "@/components/collation/option-chart";
import { Pager, withParams } from "@/components/collation/pager";
import { DraftAnswerForm } from "@/components/drafting/draft-answer-form";
import { LinkedAnswer } from "@/components/drafting/linked-answer";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { Tag } from "@/components/ui/tag";
import { AnswerTagForm, AnswerTagList, BulkTagForm, SelectAnswer } from "@/components/analysis/answer-tagging";
import { getCodeframe, listAnswerTags } from "@/lib/analysis/queries";
import type { AnswerTagsState } from "@/lib/analysis/codeframe";
import { can } from "@/lib/auth/policy";
import {
  getCollationQuestion,
  listQuestionAnswers,
  listStagesForFilter,
  PAGE_SIZE,
  searchAnswers,
  summariseQuestion,
  isClosedQuestion,
  type QuestionSummary,
} from "@/lib/collation/queries";
import { daysLeftText } from "@/lib/drafts/due-date";
import { dueDateFor, getDraftAnswer, listCouncilOfficers, questionNumberIndex } from "@/lib/drafts/queries";
import { InvalidError } from "@/lib/errors";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { saveDraftAnswerAction } from "../../drafting/actions";
import { answerTagsAction, bulkTagAction, passageTagAction, removePassageAction } from "../actions";
import { orPage, param, reportContext, type SearchParams } from "@/app/_server/page";
import { filterFromParams } from "../_page";
import { pageNumber } from "@/lib/input/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Collation of one question" };

export default async function CollateQuestionPage({ params, searchParams }: { params: Promise<{ id: string; questionId: string }>; searchParams: SearchParams }) {
  const { id, questionId } = await params;
  const sp = await searchParams;
  const self = `/manage/${id}/collate/${questionId}`;
  const { actor, db, notice } = await reportContext(self);
  const { consultation: c, question: q } = await orPage(getCollationQuestion(db, { consultationId: id, questionId }, actor));
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const { values, filter } = filterFromParams(sp);
  const current = { q: values.q, type: values.type, stage: values.stage, status: values.status, theme: values.theme };
  const page = pageNumber(param(sp.page), 1000);
  const after = param(sp.after);
  const before = param(sp.before);

  let error: { field: string; message: string } | null = null;
  let summary: QuestionSummary | null = null;
  let list: Awaited<ReturnType<typeof listQuestionAnswers>> | null = null;
  let results: Awaited<ReturnType<typeof searchAnswers>> | null = null;
  try {
    summary = await summariseQuestion(db, { consultationId: c.id, questionId: q.id, filter }, actor);
    if (values.q) {
      results = await searchAnswers(db, { consultationId: c.id, questionId: q.id, query: values.q, filter, offset: (page - 1) * PAGE_SIZE }, actor);
    } else {
      list = await listQuestionAnswers(db, { consultationId: c.id, questionId: q.id, filter, after, before }, actor);
    }
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    const [field, message] = Object.entries(e.fieldErrors)[0] ?? ["q", e.message];
    error = { field, message };
  }

  const isAnswerSet = c.kind === "consultation_to_answer";
  const [stages, numbers, draftData, officers, due] = await Promise.all([
    listStagesForFilter(db, { consultationId: c.id }, actor),
    questionNumberIndex(db, c.id),
    isAnswerSet && can(actor, "draft_answer.read", resource) ? getDraftAnswer(db, { consultationId: c.id, questionId: q.id }, actor) : null,
    isAnswerSet ? listCouncilOfficers(db, c.ownerOrganisationId) : [],
    isAnswerSet ? dueDateFor(db, c) : null,
  ]);
  const locked = c.answerSetStatus === "signed_off";
  const canEdit = isAnswerSet && can(actor, "draft_answer.edit", resource) && !locked;
  const draft = draftData?.draft ?? null;
  const links = Object.fromEntries([...numbers].map(([n, qid]) => [n, `/manage/${c.id}/collate/${qid}`]));
  const order = [...numbers.entries()];
  const at = order.findIndex(([, qid]) => qid === q.id);
  const prev = at > 0 ? order[at - 1] : null;
  const next = at >= 0 && at < order.length - 1 ? order[at + 1] : null;
  const keep = { type: values.type, stage: values.stage, status: values.status };

  // Analysis of free-text answers: the codeframe, and the tags of the answers on this page.
  const analysable = !isClosedQuestion(q.type);
  const frame = analysable ? await getCodeframe(db, { consultationId: c.id, questionId: q.id }, actor) : null;
  const shownIds = [...(list?.rows ?? []), ...(results?.rows ?? [])].map((r) => r.responseId);
  const tagStates = frame && frame.themes.length ? await listAnswerTags(db, { consultationId: c.id, questionId: q.id, responseIds: shownIds }, actor) : new Map<string, AnswerTagsState>();
  const tagging = Boolean(frame?.canEdit && frame.themes.length);
  const themeOptions = frame?.themes.map((t) => ({ id: t.id, name: t.name })) ?? [];
  const filteredTheme = themeOptions.find((t) => t.id === values.theme);
  const here = withParams(self, current, { after, before, page: page > 1 ? String(page) : undefined });
  const analysisOf = (responseId: string, organisationName: string) => {
    const state = tagStates.get(responseId);
    if (!frame || !state) return null;
    return (
      <>
        <AnswerTagList state={state} />
        {tagging && (
          <>
            <SelectAnswer responseId={responseId} organisationName={organisationName} />
            <AnswerTagForm
              action={answerTagsAction}
              passageAction={passageTagAction}
              removePassageAction={removePassageAction}
              consultationId={c.id}
              questionId={q.id}
              responseId={responseId}
              organisationName={organisationName}
              themes={themeOptions}
              state={state}
              permalink={here}
              item={`answer-${responseId}`}
            />
          </>
        )}
      </>
    );
  };

  return (
    <>
      <Link href={withParams(`/manage/${c.id}/collate`, {}, keep)} className="govuk-back-link">
        All questions
      </Link>
      <span className="govuk-caption-m">
        {q.chapter}
        {q.subheading ? ` · ${q.subheading}` : ""}
      </span>
      <h1 className="govuk-heading-l">Question {q.number}</h1>
      <FiguresAsOf notice={notice} />
      <p className="govuk-body-l">{q.text}</p>

      <ErrorSummaryView fields={error ? { [error.field]: error.message } : {}} />
      <CollationFilterForm action={self} values={values} stages={stages} searchLabel={`Search the answers to question ${q.number}`} error={error} />

      {summary?.options && summary.answered > 0 && (
        <section aria-labelledby="counts-heading">
          <h2 className="govuk-heading-m" id="counts-heading">
            Counts
          </h2>
          <OptionChart summary={summary} questionNumber={q.number} />
        </section>
      )}

      {frame && (
        <section aria-labelledby="analysis-heading" data-testid="analysis">
          <h2 className="govuk-heading-m" id="analysis-heading">
            Themes
          </h2>
          <p className="govuk-body" data-testid="analysed-progress">
            <strong>{frame.progress.percentAnalysed}% analysed</strong> ({frame.progress.analysed.toLocaleString("en-GB")} of {frame.progress.answered.toLocaleString("en-GB")} submitted answers)
            {frame.themes.length ? ` · ${plural(frame.themes.length, "theme")}` : " · no themes yet"}.{" "}
            <Link className="govuk-link" href={`${self}/themes`}>
              {frame.canEdit ? "Codeframe, suggestions and counts" : "Themes and counts"}
              <span className="govuk-visually-hidden"> for question {q.number}</span>
            </Link>
          </p>
          {filteredTheme && (
            <p className="govuk-body">
              Showing answers tagged <strong>{filteredTheme.name}</strong>.{" "}
              <Link className="govuk-link" href={withParams(self, current, { theme: null })}>
                Show all answers
              </Link>
            </p>
          )}
          {tagging && results && results.total > 0 && values.q && (
            <BulkTagForm action={bulkTagAction} consultationId={c.id} questionId={q.id} themes={themeOptions} query={values.q} total={results.total} permalink={`${here}#bulk-q-heading`} />
          )}
          {tagging && (
            <BulkTagForm action={bulkTagAction} consultationId={c.id} questionId={q.id} themes={themeOptions} splitFrom={filteredTheme} permalink={`${here}#bulk-heading`} />
          )}
        </section>
      )}

      <div className="govuk-grid-row">
        <div className={isAnswerSet && draft ? "govuk-grid-column-one-half" : "govuk-grid-column-two-thirds"}>
          <section aria-labelledby="answers-heading" data-testid="partner-answers">
            <h2 className="govuk-heading-m" id="answers-heading">
              Partner answers
            </h2>
            {summary && (
              <p className="govuk-body" data-testid="answer-count">
                {summary.answered === 0 ? "No partner has answered this question" : `${plural(summary.answered, "partner")} answered`}
                {values.status === "all" ? " (submitted and draft responses)" : values.status === "draft" ? " (draft responses)" : ""}.
              </p>
            )}
            {results && (
              <>
                <p className="govuk-body">
                  {results.total === 0
                    ? `No answers match “${values.q}”.`
                    : `${results.totalIsCapped ? "More than " : ""}${plural(results.total, "answer matches", "answers match")} “${values.q}”, best first.`}{" "}
                  <Link className="govuk-link" href={withParams(self, {}, keep)}>
                    Show all answers
                  </Link>
                </p>
                <ol className={styles.answerList}>
                  {results.rows.map((r) => (
                    <li key={r.responseId} id={`answer-${r.responseId}`}>
                      <p className={`govuk-body-s ${styles.answerMeta}`}>
                        <strong>{r.organisationName}</strong> · {label(r.organisationType)}
                        {r.responseStatus === "draft" ? " · draft response" : ""}
                      </p>
                      <p className={`govuk-body ${styles.answer}`}>
                        <HighlightedText headline={r.headline} cutStart={r.cutStart} cutEnd={r.cutEnd} />
                      </p>
                      {analysisOf(r.responseId, r.organisationName)}
                    </li>
                  ))}
                </ol>
                <Pager
                  label="Pages of search results"
                  prevHref={page > 1 ? withParams(self, current, { page: page > 2 ? String(page - 1) : undefined }) : null}
                  nextHref={results.hasMore ? withParams(self, current, { page: String(page + 1) }) : null}
                />
              </>
            )}
            {list && (
              <>
                <ul className={styles.answerList}>
                  {list.rows.map((r) => (
                    <li key={r.responseId} id={`answer-${r.responseId}`} data-testid="partner-answer">
                      <p className={`govuk-body-s ${styles.answerMeta}`}>
                        <Link className="govuk-link govuk-!-font-weight-bold" href={`/manage/${c.id}/responses/${r.responseId}`}>
                          {r.organisationName}
                        </Link>{" "}
                        · {label(r.organisationType)}
                        {r.responseStatus === "draft" ? " · draft response" : ""}
                      </p>
                      <p className={`govuk-body ${styles.answer}`}>{r.valueText}</p>
                      {analysisOf(r.responseId, r.organisationName)}
                    </li>
                  ))}
                </ul>
                <Pager
                  label="Pages of partner answers"
                  prevHref={list.prevCursor ? withParams(self, { ...keep, theme: values.theme }, { before: list.prevCursor }) : null}
                  nextHref={list.nextCursor ? withParams(self, { ...keep, theme: values.theme }, { after: list.nextCursor }) : null}
                />
              </>
            )}
          </section>
        </div>

        {isAnswerSet && draft && (
          <div className="govuk-grid-column-one-half">
            <section className={styles.draftPanel} aria-labelledby="draft-heading" data-testid="council-draft">
              <h2 className="govuk-heading-m" id="draft-heading">
                The council&apos;s answer
              </h2>
              <dl className="govuk-summary-list govuk-summary-list--no-border">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Status</dt>
                  <dd className="govuk-summary-list__value">
                    <Tag status={draft.status}>{label(draft.status)}</Tag>
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Assigned to</dt>
                  <dd className="govuk-summary-list__value">{draft.assigneeName ?? "Nobody"}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Due</dt>
                  <dd className="govuk-summary-list__value">{due ? `${formatDate(due.dueOn)} (${daysLeftText(due.daysLeft)})` : "No due date"}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Last saved</dt>
                  <dd className="govuk-summary-list__value">
                    {draft.updatedAt ? `${formatDateTime(draft.updatedAt)}${draft.updatedByName ? ` by ${draft.updatedByName}` : ""}` : "Never"}
                  </dd>
                </div>
              </dl>
              {locked && <p className="govuk-inset-text">Signed off: the answer is locked.</p>}
              {canEdit ? (
                <DraftAnswerForm
                  action={saveDraftAnswerAction}
                  consultationId={c.id}
                  questionId={q.id}
                  questionNumber={q.number}
                  draft={{ text: draft.text, status: draft.status, assigneeId: draft.assigneeId, version: draft.version }}
                  officers={officers}
                  permalink={withParams(self, current, { after, before, page: page > 1 ? String(page) : undefined })}
                  textLabel={`Answer to question ${q.number}`}
                />
              ) : (
                <LinkedAnswer text={draft.text} links={links} selfNumber={q.number} />
              )}
              <p className="govuk-body-s">
                <Link className="govuk-link" href={`/manage/${c.id}/drafting/${q.id}`}>
                  History and cross-references<span className="govuk-visually-hidden"> for the answer to question {q.number}</span>
                </Link>
              </p>
            </section>
          </div>
        )}
      </div>

      <Pager
        label="Other questions"
        hiddenSuffix=""
        prevHref={prev ? withParams(`/manage/${c.id}/collate/${prev[1]}`, {}, keep) : null}
        prevText={prev ? `Question ${prev[0]}` : undefined}
        nextHref={next ? withParams(`/manage/${c.id}/collate/${next[1]}`, {}, keep) : null}
        nextText={next ? `Question ${next[0]}` : undefined}
      />
    </>
  );
}
