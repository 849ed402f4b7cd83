import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { RevisionDiff } from "@/components/drafting/revision-diff";
import { wordDiff } from "@/lib/drafts/diff";
import { formatDateTime } from "@/lib/format";
import { verifySignOff } from "@/lib/signoff/queries";
import { orPage, pageContext } from "@/app/_server/page";

export const metadata: Metadata = { title: "Verify the sign-off" };
export const dynamic = "force-dynamic";

export default async function VerifyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, db } = await pageContext(`/manage/${id}/sign-off/verify`);
  const v = await orPage(verifySignOff(db, { consultationId: id }, actor));
  return (
    <>
      <Link href={`/manage/${id}/sign-off`} className="govuk-back-link">
        Sign-off
      </Link>
      <h1 className="govuk-heading-l">Verify the sign-off</h1>
      {!v.approval ? (
        <p className="govuk-body">The answers have not been signed off, so there is nothing to verify.</p>
      ) : (
        <>
          <p className="govuk-body">
            The fingerprint of the answers is worked out again, now, from the answers stored in the database (format{" "}
            <code>{v.format}</code>), and compared with the fingerprint recorded when {v.approval.decidedByName} approved version{" "}
            {v.approval.answerSetVersion} on {formatDateTime(v.approval.decidedAt)}.
          </p>
          {v.matches ? (
            <div className="govuk-panel govuk-panel--confirmation" data-testid="verify-result">
              <h2 className="govuk-panel__title">The answers match</h2>
              <div className="govuk-panel__body">The stored answers are exactly the answers that were approved</div>
            </div>
          ) : (
            <div className="govuk-error-summary" data-testid="verify-result" role="alert">
              <h2 className="govuk-error-summary__title">The answers do not match the sign-off</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">
                  {v.reopened
                    ? `The answers were reopened on ${formatDateTime(v.approval.reopenedAt)} by ${v.approval.reopenedByName} and have changed since; they need signing off again.`
                    : "The stored answers are not the ones that were approved, and the answers have not been reopened. Investigate before submitting anything."}
                </p>
              </div>
            </div>
          )}
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Recorded at approval</dt>
              <dd className="govuk-summary-list__value">
                <span className={styles.hash} data-testid="stored-hash">
                  {v.storedHash}
                </span>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Worked out now</dt>
              <dd className="govuk-summary-list__value">
                <span className={styles.hash} data-testid="recomputed-hash">
                  {v.recomputedHash}
                </span>
              </dd>
            </div>
          </dl>
          {v.changedQuestions.length > 0 && (
            <>
              <h2 className="govuk-heading-m">What differs from the approved text</h2>
              {v.changedQuestions.map((q) => (
                <section key={q.number} aria-labelledby={`changed-${q.number}`}>
                  <h3 className="govuk-heading-s" id={`changed-${q.number}`}>
                    Question {q.number}
                  </h3>
                  <RevisionDiff parts={wordDiff(q.approvedText ?? "", q.currentText)} label={`Changes to question ${q.number} since approval`} />
                </section>
              ))}
            </>
          )}
        </>
      )}
    </>
  );
}
