import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { withParams } from "@/components/collation/pager";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import { can } from "@/lib/auth/policy";
import { daysLeftText } from "@/lib/drafts/due-date";
import { listCouncilOfficers, listDraftAnswers } from "@/lib/drafts/queries";
import { DRAFT_STATUS_VALUES, type DraftStatusValue } from "@/lib/drafts/statuses";
import { formatDate, label } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { assignDraftAnswersAction, sendForReviewAction } from "./actions";
import { widthClass } from "@/components/ui/width";

export const metadata: Metadata = { title: "The council's answers" };

function shortText(s: string, max = 110) {
  return s.length > max ? `${s.slice(0, s.lastIndexOf(" ", max - 1) > 40 ? s.lastIndexOf(" ", max - 1) : max - 1)}…` : s;
}

export default async function DraftingDashboardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/drafting`;
  const { actor, db } = await pageContext(base);
  const mine = param(sp.assigned) === "me";
  const statusParam = param(sp.status);
  const status = DRAFT_STATUS_VALUES.includes(statusParam as DraftStatusValue) ? (statusParam as DraftStatusValue) : undefined;
  const { consultation: c, rows, progress, due } = await orPage(
    listDraftAnswers(db, { consultationId: id, filter: { assigneeId: mine ? actor.id : undefined, status } }, actor),
  );
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const canEdit = can(actor, "draft_answer.edit", resource);
  const locked = c.answerSetStatus === "signed_off";
  const officers = canEdit && !locked ? await listCouncilOfficers(db, c.ownerOrganisationId) : [];
  const percent = progress.total ? Math.round((progress.readyOrApproved / progress.total) * 100) : 0;
  const current = { assigned: mine ? "me" : undefined, status };
  const filtered = mine || status;

  const table = (
    <table className="govuk-table" data-testid="drafting-table">
      <caption className="govuk-table__caption govuk-table__caption--m">
        {filtered ? `${rows.length} of ${progress.total} questions` : `All ${progress.total} questions`}
        {mine ? ", assigned to you" : ""}
        {status ? `, ${label(status).toLowerCase()}` : ""}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {canEdit && !locked && (
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Select</span>
            </th>
          )}
          <th scope="col" className="govuk-table__header">
            Question
          </th>
          <th scope="col" className="govuk-table__header">
            Status
          </th>
          <th scope="col" className="govuk-table__header">
            Assigned to
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Partner answers
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.questionId} data-testid={`draft-row-${r.number}`}>
            {canEdit && !locked && (
              <td className="govuk-table__cell">
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <div className="govuk-checkboxes__item">
                    <input className="govuk-checkboxes__input" id={`select-${r.questionId}`} name="questionIds" type="checkbox" value={r.questionId} />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`select-${r.questionId}`}>
                      <span className="govuk-visually-hidden">Select question {r.number}</span>
                    </label>
                  </div>
                </div>
              </td>
            )}
            <td className="govuk-table__cell">
              <Link className="govuk-link govuk-!-font-weight-bold" href={`${base}/${r.questionId}`}>
                {r.number}
                <span className="govuk-visually-hidden">: {shortText(r.questionText)}</span>
              </Link>{" "}
              <span aria-hidden="true">{shortText(r.questionText)}</span>
            </td>
            <td className="govuk-table__cell">
              <Tag status={r.status}>{label(r.status)}</Tag>
            </td>
            <td className="govuk-table__cell">{r.assigneeName ?? "Nobody"}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <Link className="govuk-link" href={`/manage/${c.id}/collate/${r.questionId}`}>
                {r.partnerAnswers}
                <span className="govuk-visually-hidden"> partner answers to question {r.number}</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <>
      <h1 className="govuk-heading-l">The council&apos;s answers</h1>
      <p className="govuk-body">
        <Tag status={c.answerSetStatus}>{label(c.answerSetStatus)}</Tag> Answer set version {c.answerSetVersion}
      </p>

      <h2 className="govuk-heading-m">Progress</h2>
      <p className="govuk-body" data-testid="drafting-progress">
        <strong>
          {progress.readyOrApproved} of {progress.total}
        </strong>{" "}
        answers ready for review or approved
        {due ? (
          <>
            {" "}
            · due {formatDate(due.dueOn)}, {due.reason} · <strong>{daysLeftText(due.daysLeft)}</strong>
          </>
        ) : null}
      </p>
      <div className={styles.progress} aria-hidden="true">
        <div className={`${styles.progressBar} ${widthClass(percent)}`} />
      </div>
      <ul className="govuk-list govuk-body-s">
        {DRAFT_STATUS_VALUES.map((s) => (
          <li key={s}>
            {label(s)}: {progress.byStatus[s]}
          </li>
        ))}
      </ul>

      <form method="get" action={base} className={styles.filters}>
        <div className={styles.filterRow}>
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="assigned" name="assigned" type="checkbox" value="me" defaultChecked={mine} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="assigned">
                  Assigned to me
                </label>
              </div>
            </div>
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="status">
              Status
            </label>
            <select className="govuk-select" id="status" name="status" defaultValue={status ?? ""}>
              <option value="">Any status</option>
              {DRAFT_STATUS_VALUES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
              Filter
            </button>
          </div>
        </div>
        <p className="govuk-body-s">
          Quick filters:{" "}
          <Link className="govuk-link" href={withParams(base, {}, { assigned: "me" })}>
            assigned to me
          </Link>
          ,{" "}
          <Link className="govuk-link" href={withParams(base, {}, { status: "not_started" })}>
            not started
          </Link>
          {filtered ? (
            <>
              ,{" "}
              <Link className="govuk-link" href={base}>
                show all
              </Link>
            </>
          ) : null}
        </p>
      </form>

      {canEdit && !locked ? (
        <ActionForm action={assignDraftAnswersAction} permalink={withParams(base, {}, current)}>
          <input type="hidden" name="consultationId" value={c.id} />
          {table}
          <SelectField name="assigneeId" label="Assign the selected questions to" defaultValue="" options={[{ value: "", text: "Nobody" }, ...officers.map((o) => ({ value: o.id, text: o.name }))]} />
          <span id="f-questionIds" />
          <SubmitButton secondary>Assign selected questions</SubmitButton>
        </ActionForm>
      ) : (
        table
      )}

      {canEdit && c.answerSetStatus === "drafting" && (
        <section aria-labelledby="send-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="send-heading">
            Send the answers for review
          </h2>
          <p className="govuk-body">
            When every question has an answer, send the set to the Overview and Scrutiny Committee. Answers still marked drafting become
            ready for review. You can still make changes while they are in review, until a signatory signs them off.
          </p>
          <ActionForm action={sendForReviewAction} permalink={base}>
            <input type="hidden" name="consultationId" value={c.id} />
            <SubmitButton>Send for review</SubmitButton>
          </ActionForm>
        </section>
      )}
      {c.answerSetStatus === "in_review" && (
        <p className="govuk-inset-text">
          The answers are with the committee.{" "}
          <Link className="govuk-link" href={`/manage/${c.id}/review`}>
            Read the review and comments
          </Link>
          .
        </p>
      )}
      {locked && (
        <p className="govuk-inset-text" data-testid="locked-notice">
          The answers are signed off and locked.{" "}
          <Link className="govuk-link" href={`/manage/${c.id}/sign-off`}>
            See the sign-off
          </Link>
          .
        </p>
      )}
    </>
  );
}
