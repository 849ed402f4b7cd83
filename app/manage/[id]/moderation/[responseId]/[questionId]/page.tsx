import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MarkedText } from "@/components/publication/marked-text";
import { ApproveButton, RedactPassageForm, RedactSuggestionButton, RemoveRedactionButton, WithholdForm } from "@/components/publication/moderation";
import { Tag } from "@/components/ui/tag";
import { label } from "@/lib/format";
import { getModerationItem } from "@/lib/public/moderation";
import { PERSONAL_DATA_LABELS } from "@/lib/public/personal-data";
import { markText, redactText, REDACTION_REASON_LABELS, REDACTION_REASONS } from "@/lib/public/redactions";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { approveAction, redactPassageAction, redactSuggestionAction, unredactAction, withholdAction } from "../../actions";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "Moderate an answer" };

const DONE: Record<string, string> = {
  approve: "The previous answer was approved; this is the next waiting",
  withhold: "The previous answer was withheld; this is the next waiting",
  redacted: "Passage redacted",
  unredacted: "Redaction removed",
};

export default async function ModerationItemPage({ params, searchParams }: { params: Promise<{ id: string; responseId: string; questionId: string }>; searchParams: SearchParams }) {
  const { id, responseId, questionId } = await params;
  if (![responseId, questionId].every((x) => isUuid(x))) notFound();
  const self = `/manage/${id}/moderation/${responseId}/${questionId}`;
  const { actor, db } = await pageContext(self);
  const { item, next } = await orPage(getModerationItem(db, { consultationId: id, responseId, questionId }, actor));
  const k = { consultationId: id, responseId, questionId, version: item.version };
  const nextKey = next ? `${next.responseId}/${next.questionId}` : null;
  const done = DONE[param((await searchParams).done) ?? ""];
  const reasons = REDACTION_REASONS.map((r) => ({ value: r, text: REDACTION_REASON_LABELS[r] }));
  return (
    <>
      <Link href={`/manage/${id}/moderation`} className="govuk-back-link">
        Moderation queue
      </Link>
      {done && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{done}</p>
          </div>
        </div>
      )}
      <span className="govuk-caption-m">
        Response {item.publicReference} · {item.publishConsent === "named" ? "publish with name" : "publish anonymously"}
      </span>
      <h1 className="govuk-heading-l">
        Question {item.questionNumber} <Tag status={item.state}>{label(item.state)}</Tag>
      </h1>
      <p className="govuk-body">{item.questionText}</p>
      <h2 className="govuk-heading-m">The answer</h2>
      <div className="govuk-inset-text" data-testid="moderated-text">
        <MarkedText runs={markText(item.text, item.redactions, item.suggestions)} />
      </div>
      <h2 className="govuk-heading-s">As it would be published</h2>
      <p data-testid="published-preview" className="govuk-body app-pre-wrap">
        {redactText(item.text, item.redactions)}
      </p>
      {item.state === "withheld" && <p className="govuk-body">Withheld: {item.withheldReason}</p>}

      <div className="govuk-button-group">
        {item.state !== "approved" && <ApproveButton action={approveAction} k={k} context={`answer to question ${item.questionNumber}`} next={nextKey} from="item" permalink={self} />}
      </div>

      <h2 className="govuk-heading-m">Suggested personal data</h2>
      {item.suggestions.length === 0 ? (
        <p className="govuk-body">None found. Read the answer all the same: the suggestions miss some names.</p>
      ) : (
        <ul className="govuk-list" data-testid="suggestions">
          {item.suggestions.map((s) => (
            <li key={`${s.start}-${s.end}`} id={`suggestion-${s.start}-${s.end}`}>
              {PERSONAL_DATA_LABELS[s.kind]}:{" "}
              {item.redactions.some((r) => r.start <= s.start && s.end <= r.end) ? (
                <span>“{s.text}” is redacted</span>
              ) : (
                <RedactSuggestionButton action={redactSuggestionAction} k={k} start={s.start} end={s.end} reason={s.kind} text={s.text} label={PERSONAL_DATA_LABELS[s.kind]} permalink={self} item={`suggestion-${s.start}-${s.end}`} />
              )}
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Redact a passage</h2>
      <RedactPassageForm action={redactPassageAction} k={k} reasons={reasons} permalink={self} />

      {item.redactions.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Redactions</h2>
          <table className="govuk-table">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Passage</th>
                <th scope="col" className="govuk-table__header">Reason</th>
                <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {item.redactions.map((r) => (
                <tr key={r.id} id={`redaction-${r.id}`} className="govuk-table__row">
                  <td className="govuk-table__cell">{item.text.slice(r.start, r.end)}</td>
                  <td className="govuk-table__cell">
                    {r.label}
                    {r.note ? `: ${r.note}` : ""}
                  </td>
                  <td className="govuk-table__cell">
                    <RemoveRedactionButton action={unredactAction} k={k} redactionId={r.id} label={`${item.text.slice(r.start, r.end)} (${r.label})`} permalink={self} item={`redaction-${r.id}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {item.state !== "withheld" && (
        <>
          <h2 className="govuk-heading-m">Withhold</h2>
          <WithholdForm action={withholdAction} k={k} next={nextKey} permalink={self} />
        </>
      )}
    </>
  );
}
