import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AgreementTable } from "@/components/analysis/agreement-table";
import { CodeItemForm, ResolveItemForm, StartReviewForm } from "@/components/analysis/tag-review-forms";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import { getTagReview, type ReviewItemView } from "@/lib/analysis/review";
import { getCollationQuestion } from "@/lib/collation/queries";
import { formatDateTime as when } from "@/lib/format";
import { codeReviewItemAction, resolveReviewItemAction, startTagReviewAction } from "../../actions";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Second officer's review of tags" };

/** One answer of the sample: who wrote it and its text, then what is done with it. `id`: its form's item (formPermalink). */
function SampledAnswer({ item, id, testId, children }: { item: ReviewItemView; id: string; testId: string; children: ReactNode }) {
  return (
    <article className="govuk-!-margin-bottom-6" id={id} aria-label={`Answer ${item.position} from ${item.respondent}`} data-testid={testId}>
      <h3 className="govuk-heading-s">
        Answer {item.position}: {item.respondent}
        {item.reference ? ` (${item.reference})` : ""}
      </h3>
      <p className="govuk-body govuk-inset-text">{item.text}</p>
      {children}
    </article>
  );
}

export default async function TagReviewPage({ params, searchParams }: { params: Promise<{ id: string; questionId: string }>; searchParams: SearchParams }) {
  const { id, questionId } = await params;
  const sp = await searchParams;
  const self = `/manage/${id}/collate/${questionId}/review`;
  const { actor, db } = await pageContext(self);
  const { consultation: c, question: q } = await orPage(getCollationQuestion(db, { consultationId: id, questionId }, actor));
  const view = await orPage(getTagReview(db, { consultationId: c.id, questionId: q.id, reviewId: param(sp.review) }, actor));
  const { review, themes, agreement } = view;
  const names = Object.fromEntries(themes.map((t) => [t.id, t.name]));
  const list = (ids: string[]) => (ids.length ? ids.map((x) => names[x] ?? "a theme since removed").join(", ") : "no themes");
  const permalink = review ? `${self}?review=${review.id}` : self;
  const toCode = review?.toCode ?? [];
  const differing = review?.differing ?? [];

  return (
    <>
      <Link href={`/manage/${c.id}/collate/${q.id}/themes`} className="govuk-back-link">
        Themes of question {q.number}
      </Link>
      <span className="govuk-caption-m">Question {q.number}</span>
      <h1 className="govuk-heading-l">Second officer&apos;s review of tags</h1>
      <p className="govuk-body">
        A second officer codes a random sample of answers again, without seeing the first officer&apos;s themes. The agreement between the two is
        measured per theme, and the answers they coded differently are listed here to be settled.
      </p>

      {!review ? (
        <p className="govuk-body" data-testid="no-review">
          No review of this question yet.
        </p>
      ) : (
        <>
          <dl className="govuk-summary-list" data-testid="review-summary">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Second officer</dt>
              <dd className="govuk-summary-list__value">
                {review.reviewerName}, started {when(review.createdAt)}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Coded</dt>
              <dd className="govuk-summary-list__value" data-testid="review-coded">
                {review.coded} of {review.size} answers
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Coded differently</dt>
              <dd className="govuk-summary-list__value" data-testid="review-disagreements">
                {review.disagreements} answers, {review.resolved} settled
              </dd>
            </div>
          </dl>

          {toCode.length > 0 &&
            (view.isReviewer ? (
              <section aria-labelledby="code-heading" data-testid="review-to-code">
                <h2 className="govuk-heading-m" id="code-heading">
                  Answers for you to code ({toCode.length} left)
                </h2>
                <p className="govuk-body">Choose the themes you find in each answer. The first officer&apos;s themes are shown only after you save yours.</p>
                {toCode.map((i) => (
                  <SampledAnswer key={i.responseId} item={i} id={`to-code-${i.responseId}`} testId="review-item">
                    <CodeItemForm action={codeReviewItemAction} consultationId={c.id} reviewId={review.id} responseId={i.responseId} version={i.version} themes={themes} respondent={i.respondent} permalink={permalink} item={`to-code-${i.responseId}`} />
                  </SampledAnswer>
                ))}
              </section>
            ) : (
              <p className="govuk-body" data-testid="review-waiting">
                {review.reviewerName} has {toCode.length} answers still to code.
              </p>
            ))}

          <section aria-labelledby="agreement-heading">
            <h2 className="govuk-heading-m" id="agreement-heading">
              Agreement
            </h2>
            {agreement ? (
              <>
                <p className="govuk-body" data-testid="review-identical">
                  Both officers chose exactly the same themes for {agreement.identical} of {agreement.coded} answers.
                </p>
                <AgreementTable report={agreement} themeNames={names} />
                <p className="govuk-body-s">
                  Agreement is the share of answers on which the two officers made the same choice for the theme. Cohen&apos;s kappa discounts the
                  agreement expected by chance: 1 is perfect, 0 is no better than chance; above 0.6 is usually taken as substantial.
                </p>
              </>
            ) : (
              <p className="govuk-body">Shown once the second officer has coded an answer.</p>
            )}
          </section>

          <section aria-labelledby="differ-heading" data-testid="review-disagreement-list">
            <h2 className="govuk-heading-m" id="differ-heading">
              Answers coded differently
            </h2>
            {differing.length === 0 && <p className="govuk-body">None so far.</p>}
            {differing.map((i) => (
              <SampledAnswer key={i.responseId} item={i} id={`differing-${i.responseId}`} testId="review-disagreement">
                <dl className="govuk-summary-list govuk-summary-list--no-border">
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">First officer</dt>
                    <dd className="govuk-summary-list__value">{list(i.firstThemeIds)}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Second officer</dt>
                    <dd className="govuk-summary-list__value">{list(i.secondThemeIds)}</dd>
                  </div>
                  {i.resolvedThemeIds && (
                    <div className="govuk-summary-list__row" data-testid="review-resolution">
                      <dt className="govuk-summary-list__key">Agreed</dt>
                      <dd className="govuk-summary-list__value">
                        {list(i.resolvedThemeIds)}
                        <span className="govuk-body-s govuk-!-display-block">
                          By {i.resolvedByName ?? "an officer"}
                          {i.resolvedAt ? `, ${when(i.resolvedAt)}` : ""}
                          {i.resolutionNote ? `: “${i.resolutionNote}”` : ""}
                        </span>
                      </dd>
                    </div>
                  )}
                </dl>
                {view.canEdit && !i.resolvedThemeIds && (
                  <ResolveItemForm
                    action={resolveReviewItemAction}
                    consultationId={c.id}
                    reviewId={review.id}
                    responseId={i.responseId}
                    version={i.version}
                    themes={themes}
                    checked={i.sharedThemeIds}
                    respondent={i.respondent}
                    permalink={permalink}
                    item={`differing-${i.responseId}`}
                  />
                )}
              </SampledAnswer>
            ))}
          </section>
        </>
      )}

      {view.reviews.length > 1 && (
        <Table caption="All reviews of this question" captionSize="m" columns={["Started", "Second officer", { label: "Coded", numeric: true }, { label: "Settled", numeric: true }]}>
          {view.reviews.map((r) => (
            <Tr key={r.id}>
              <RowHeader>
                {r.id === review?.id ? (
                  when(r.createdAt)
                ) : (
                  <Link className="govuk-link" href={`${self}?review=${r.id}`}>
                    {when(r.createdAt)}
                  </Link>
                )}
              </RowHeader>
              <Td>{r.reviewerName}</Td>
              <Td numeric>
                {r.coded} of {r.size}
              </Td>
              <Td numeric>{r.resolved}</Td>
            </Tr>
          ))}
        </Table>
      )}

      {view.canEdit && (
        <section aria-labelledby="start-heading">
          <h2 className="govuk-heading-m" id="start-heading">
            {review ? "Start another review" : "Start a review"}
          </h2>
          <p className="govuk-body">You become the second officer: the sample leaves out answers you tagged yourself.</p>
          <StartReviewForm action={startTagReviewAction} consultationId={c.id} questionId={q.id} permalink={self} />
        </section>
      )}
    </>
  );
}
