import type { Metadata } from "next";
import { stageLabel } from "@/lib/consultations/stages";
import Link from "next/link";
import { RowAction } from "@/components/editor/row-action";
import { formatDate, label } from "@/lib/format";
import { ukDate } from "@/lib/consultations/dates";
import { getStructure } from "@/lib/consultations/queries";
import { QUESTION_TYPE_LABELS } from "@/lib/consultations/schemas";
import { moveChapterAction, moveQuestionAction, moveStageAction } from "./actions";
import { managedConsultation } from "./page-context";
import { SuccessBanner } from "@/components/ui/success-banner";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Edit the consultation" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string; imported?: string; duplicated?: string; added?: string }> };

function Row({ k, children, testId }: { k: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value" data-testid={testId}>
        {children || <span className="app-muted">Not set</span>}
      </dd>
    </div>
  );
}

export default async function EditPage({ params, searchParams }: Props) {
  const { id } = await params;
  const flash = await searchParams;
  const base = `/manage/${id}/edit`;
  const { db, c } = await managedConsultation(id, base);
  const { stages, chapters } = await getStructure(db, id);
  const locked = c.status === "closed" || c.status === "archived";
  const questionCount = chapters.reduce((n, ch) => n + ch.questions.length, 0);
  return (
    <>
      <h1 className="govuk-heading-l">Edit the consultation</h1>
      {(flash.duplicated || flash.added) && (
        <SuccessBanner titleId="copied-title" testId="copied-banner" heading={flash.duplicated ? `This is a copy, with ${plural(questionCount, "question")}. It is an unpublished draft: change its title and dates, then choose who to invite.` : `${plural(Number(flash.added) || 0, "question")} added from the question bank.`} />
      )}
      {(flash.created || flash.imported) && (
        <SuccessBanner titleId="created-title" heading={flash.imported ? `Draft created with ${plural(questionCount, "question")}.` : "Draft consultation created."}>
          <p className="govuk-body">
            {flash.imported ? "Check the questions below and correct anything that needs it. " : "Add chapters and questions below. "}
            Then choose who to invite on the{" "}
            <Link className="govuk-notification-banner__link" href={`/manage/${id}/audience`}>
              audience page
            </Link>{" "}
            and publish from the{" "}
            <Link className="govuk-notification-banner__link" href={`/manage/${id}`}>
              overview
            </Link>
            .
          </p>
        </SuccessBanner>
      )}
      {c.status === "open" && (
        <div className="govuk-inset-text" data-testid="open-notice">
          This consultation is open. Changes you save are published straight away as a new version (now version {c.publishedVersion}). Once
          partners have answered a question you can still fix its wording, but not delete it, change its type or remove an option someone chose.
        </div>
      )}
      {locked && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This consultation is closed, so it can no longer be changed.
          </strong>
        </div>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" href={`/manage/${id}/preview`}>
          Preview as a respondent
        </Link>
        {" · "}
        <a className="govuk-link" href={`/manage/${id}/export.json`} download>
          Download as a question-set file (JSON)
        </a>
      </p>

      <section aria-labelledby="details" className="govuk-!-margin-bottom-8">
        <div className="app-section-heading">
          <h2 className="govuk-heading-m" id="details">
            Details
          </h2>
          {!locked && (
            <Link className="govuk-link" href={`${base}/details`}>
              Change<span className="govuk-visually-hidden"> the details</span>
            </Link>
          )}
        </div>
        <dl className="govuk-summary-list">
          <Row k="Title">{c.title}</Row>
          <Row k="Kind">
            {label(c.kind)}
            {c.askedBy ? `, from ${c.askedBy}` : ""}
          </Row>
          {c.kind === "consultation_to_answer" && <Row k="Council's response due">{formatDate(c.responseDeadline)}</Row>}
          <Row k="Opens" testId="opens">{formatDate(ukDate(c.opensAt))}</Row>
          <Row k="Closes" testId="closes">{formatDate(ukDate(c.closesAt))}</Row>
          <Row k="Summary">
            {c.summary && (
              <span className="app-pre" data-testid="summary">
                {c.summary.length > 400 ? `${c.summary.slice(0, 400)}…` : c.summary}
              </span>
            )}
          </Row>
          <Row k="Who may respond">{c.audienceDescription}</Row>
          <Row k="Privacy notice">{c.privacyNotice && (c.privacyNotice.length > 200 ? `${c.privacyNotice.slice(0, 200)}…` : c.privacyNotice)}</Row>
        </dl>
      </section>

      <section aria-labelledby="stages" className="govuk-!-margin-bottom-8">
        <div className="app-section-heading">
          <h2 className="govuk-heading-m" id="stages">
            Stages
          </h2>
          {!locked && (
            <Link className="govuk-link" href={`${base}/stages/new`}>
              Add a stage
            </Link>
          )}
        </div>
        {stages.length === 0 ? (
          <p className="govuk-body">No stages. Stages are the named steps of the work, with their dates, shown to partners as a timeline.</p>
        ) : (
          <ol className="app-edit-list">
            {stages.map((s, i) => (
              <li key={s.id} id={`stage-${s.id}`} className="app-edit-list__item">
                <div className="app-edit-list__main">
                  <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{stageLabel(i + 1, s.name)}</p>
                  <p className="govuk-body-s govuk-!-margin-bottom-1">
                    {s.startsOn && s.dueOn ? `${formatDate(s.startsOn)} to ${formatDate(s.dueOn)}` : s.dueOn ? `Due ${formatDate(s.dueOn)}` : s.startsOn ? `From ${formatDate(s.startsOn)}` : "No dates"}
                  </p>
                  {s.description && <p className="govuk-body-s govuk-!-margin-bottom-0">{s.description}</p>}
                </div>
                {!locked && (
                  <div className="app-edit-list__actions">
                    <Link className="govuk-link" href={`${base}/stages/${s.id}`}>
                      Change<span className="govuk-visually-hidden"> stage {s.name}</span>
                    </Link>
                    {i > 0 && <RowAction action={moveStageAction} permalink={base} item={`stage-${s.id}-up`} hidden={{ consultationId: id, itemId: s.id, direction: "up" }} label="Move up" context={`stage ${s.name}`} />}
                    {i < stages.length - 1 && (
                      <RowAction action={moveStageAction} permalink={base} item={`stage-${s.id}-down`} hidden={{ consultationId: id, itemId: s.id, direction: "down" }} label="Move down" context={`stage ${s.name}`} />
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="chapters">
        <div className="app-section-heading">
          <h2 className="govuk-heading-m" id="chapters">
            Chapters and questions
          </h2>
          {!locked && (
            <Link className="govuk-link" href={`${base}/chapters/new`}>
              Add a chapter
            </Link>
          )}
        </div>
        <p className="govuk-body" data-testid="structure-count">
          {plural(questionCount, "question")} in {plural(chapters.length, "chapter")}
        </p>
        {chapters.map((ch, ci) => {
          let lastSub: string | null = null;
          return (
            <section key={ch.id} id={`chapter-${ch.id}`} className="app-chapter" aria-labelledby={`chapter-${ch.id}-title`} data-testid="editor-chapter">
              <div className="app-section-heading">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`chapter-${ch.id}-title`}>
                  Chapter {ci + 1}: {ch.title}
                </h3>
                {!locked && (
                  <div className="app-edit-list__actions">
                    <Link className="govuk-link" href={`${base}/chapters/${ch.id}`}>
                      Change<span className="govuk-visually-hidden"> chapter {ci + 1}</span>
                    </Link>
                    {ci > 0 && <RowAction action={moveChapterAction} permalink={base} item={`chapter-${ch.id}-up`} hidden={{ consultationId: id, itemId: ch.id, direction: "up" }} label="Move up" context={`chapter ${ci + 1}`} />}
                    {ci < chapters.length - 1 && (
                      <RowAction action={moveChapterAction} permalink={base} item={`chapter-${ch.id}-down`} hidden={{ consultationId: id, itemId: ch.id, direction: "down" }} label="Move down" context={`chapter ${ci + 1}`} />
                    )}
                  </div>
                )}
              </div>
              {ch.description && <p className="govuk-body-s">{ch.description}</p>}
              {ch.questions.length === 0 && <p className="govuk-body app-muted">This chapter has no questions yet.</p>}
              <ol className="app-edit-list">
                {ch.questions.map((q, qi) => {
                  const sub = q.subheading && q.subheading !== lastSub ? q.subheading : null;
                  lastSub = q.subheading;
                  const first = ci === 0 && qi === 0;
                  const last = ci === chapters.length - 1 && qi === ch.questions.length - 1;
                  return (
                    <li key={q.id} id={`question-${q.id}`} className="app-edit-list__item" data-testid="editor-question">
                      <div className="app-edit-list__main">
                        {sub && <p className="govuk-body-s govuk-!-font-weight-bold app-subheading">{sub}</p>}
                        <p className="govuk-body govuk-!-margin-bottom-1">
                          <strong>{q.number}.</strong> {q.text}
                        </p>
                        <p className="govuk-body-s govuk-!-margin-bottom-0 app-muted">
                          {QUESTION_TYPE_LABELS[q.type]}
                          {q.required ? ", required" : ", optional"}
                          {q.options.length ? ` · ${q.options.length} options` : ""}
                          {q.showIf ? ` · shown if question ${q.showIf.questionNumber} is ${q.showIf.equals.map((v) => `“${v}”`).join(" or ")}` : ""}
                        </p>
                      </div>
                      {!locked && (
                        <div className="app-edit-list__actions">
                          <Link className="govuk-link" href={`${base}/questions/${q.id}`}>
                            Edit<span className="govuk-visually-hidden"> question {q.number}</span>
                          </Link>
                          {!first && (
                            <RowAction
                              action={moveQuestionAction}
                              permalink={base}
                              item={`question-${q.id}-up`}
                              hidden={{ consultationId: id, itemId: q.id, direction: "up" }}
                              label={qi === 0 ? "Move to previous chapter" : "Move up"}
                              context={`question ${q.number}`}
                            />
                          )}
                          {!last && (
                            <RowAction
                              action={moveQuestionAction}
                              permalink={base}
                              item={`question-${q.id}-down`}
                              hidden={{ consultationId: id, itemId: q.id, direction: "down" }}
                              label={qi === ch.questions.length - 1 ? "Move to next chapter" : "Move down"}
                              context={`question ${q.number}`}
                            />
                          )}
                          <Link className="govuk-link" href={`${base}/questions/${q.id}?delete=1`}>
                            Delete<span className="govuk-visually-hidden"> question {q.number}</span>
                          </Link>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ol>
              {!locked && (
                <p className="govuk-body">
                  <Link className="govuk-link" href={`${base}/chapters/${ch.id}/questions/new`}>
                    Add a question<span className="govuk-visually-hidden"> to chapter {ci + 1}</span>
                  </Link>
                  {" or "}
                  <Link className="govuk-link" href={`${base}/question-bank?chapter=${ch.id}`}>
                    reuse questions from earlier consultations<span className="govuk-visually-hidden"> in chapter {ci + 1}</span>
                  </Link>
                </p>
              )}
            </section>
          );
        })}
      </section>
    </>
  );
}
