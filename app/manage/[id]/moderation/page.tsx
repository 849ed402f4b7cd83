import type { Metadata } from "next";
import Link from "next/link";
import { ApproveButton } from "@/components/publication/moderation";
import { MarkedText } from "@/components/publication/marked-text";
import { Tag } from "@/components/ui/tag";
import { label } from "@/lib/format";
import { listModerationQueue, MODERATION_COUNT_CAP } from "@/lib/public/moderation";
import { markText } from "@/lib/public/redactions";
import { queueFilterSchema } from "@/lib/public/publication-schemas";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { approveAction } from "./actions";

export const metadata: Metadata = { title: "Moderation" };

const STATES = [
  ["pending", "Waiting"],
  ["approved", "Approved"],
  ["withheld", "Withheld"],
  ["all", "All"],
] as const;

export default async function ModerationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const filter = queueFilterSchema.parse({ state: param(sp.state), after: param(sp.after) });
  const self = `/manage/${id}/moderation?state=${filter.state}${filter.after ? `&after=${filter.after}` : ""}`;
  const { actor, db } = await pageContext(self);
  const { consultation: c, items, next, counts } = await orPage(listModerationQueue(db, { consultationId: id, state: filter.state, after: filter.after }, actor));
  const done = param(sp.done);
  // Counts stop past MODERATION_COUNT_CAP (lib/public/moderation): "10,000+".
  const shown = (n: number, capped: boolean) => `${n.toLocaleString("en-GB")}${capped ? "+" : ""}`;
  const capped = (n: number) => n > MODERATION_COUNT_CAP;
  const all = [counts.pending, counts.approved, counts.withheld];
  const countOf = (s: string) =>
    s === "all"
      ? shown(all.reduce((a, n) => a + Math.min(n, MODERATION_COUNT_CAP), 0), all.some(capped))
      : shown(Math.min(counts[s as keyof typeof counts], MODERATION_COUNT_CAP), capped(counts[s as keyof typeof counts]));
  return (
    <>
      <h1 className="govuk-heading-l">Moderation</h1>
      {c.publishResponses === "no" ? (
        <p className="govuk-inset-text">This consultation does not publish responses, so nothing here will be published. Change it on the Audience tab.</p>
      ) : (
        <p className="govuk-body">
          Free-text answers of responses whose authors agreed to publication wait here. Closed answers are published without moderation. Likely personal data is
          highlighted as a suggestion: nothing is removed unless you redact it. Responses are published {c.publishResponses === "while_open" ? "while the consultation is open" : "once the consultation closes"}:{" "}
          <Link className="govuk-link" href={`/consultations/${c.slug}/responses`}>
            the public page
          </Link>
          .
        </p>
      )}
      {done && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{done === "approve" ? "Answer approved for publication" : "Answer withheld"}</p>
          </div>
        </div>
      )}
      <nav aria-label="Moderation state">
        <ul className="govuk-list app-filter-links">
          {STATES.map(([s, text]) => (
            <li key={s}>
              <Link className="govuk-link" href={`/manage/${id}/moderation?state=${s}`} aria-current={filter.state === s ? "page" : undefined}>
                {filter.state === s ? <strong>{text}</strong> : text} ({countOf(s)})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p className="govuk-body" data-testid="queue-empty">
          {filter.state === "pending" ? "No answers are waiting for moderation." : "No answers here."}
        </p>
      ) : (
        <ol className="govuk-list" data-testid="moderation-queue">
          {items.map((item) => {
            const context = `answer to question ${item.questionNumber} in response ${item.publicReference ?? ""}`;
            const href = `/manage/${id}/moderation/${item.responseId}/${item.questionId}`;
            const anchor = `answer-${item.responseId}-${item.questionId}`;
            return (
              <li key={`${item.responseId}/${item.questionId}`} id={anchor} className="govuk-!-margin-bottom-6 app-queue-item">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {item.publicReference} · Question {item.questionNumber} <Tag status={item.state}>{label(item.state)}</Tag>
                </h2>
                <p className="govuk-body-s govuk-!-margin-bottom-1">{item.questionText}</p>
                <MarkedText runs={markText(item.text, item.redactions, item.suggestions)} />
                {item.suggestions.length > 0 && (
                  <p className="govuk-body-s">
                    {item.suggestions.length} possible personal {item.suggestions.length === 1 ? "datum" : "data"} highlighted; {item.redactions.length} redacted.
                  </p>
                )}
                <div className="govuk-button-group">
                  {item.state === "pending" && <ApproveButton action={approveAction} k={{ consultationId: id, ...item }} context={context} permalink={self} item={anchor} />}
                  <Link className="govuk-link" href={href}>
                    Redact or withhold<span className="govuk-visually-hidden"> the {context}</span>
                  </Link>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {next && (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of the queue">
          <div className="govuk-pagination__next">
            <Link className="govuk-link govuk-pagination__link" href={`/manage/${id}/moderation?state=${filter.state}&after=${next}`} rel="next">
              <span className="govuk-pagination__link-title">Next page</span>
            </Link>
          </div>
        </nav>
      )}
    </>
  );
}
