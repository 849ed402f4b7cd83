import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { OutcomeForm, PublishOutcomeForm } from "@/components/publication/outcome-form";
import { RespondentCounts } from "@/components/publication/respondent-counts";
import { Tag } from "@/components/ui/tag";
import { can } from "@/lib/auth/policy";
import { getConsultation } from "@/lib/consultations/queries";
import { formatDate, formatDateTime } from "@/lib/format";
import { countsSentence, getOutcome, respondentCounts } from "@/lib/public/outcomes";
import { pageContext } from "@/app/_server/page";
import { publishOutcomeAction, saveOutcomeAction } from "./actions";

export const metadata: Metadata = { title: "Outcome: we asked, you said, we did" };

export default async function OutcomePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/manage/${id}/outcome`;
  const { actor, db } = await pageContext(self);
  const c = await getConsultation(db, id);
  if (!c || !can(actor, "outcome.edit", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId })) forbidden();
  const [outcome, counts] = await Promise.all([getOutcome(db, id), respondentCounts(db, id)]);
  const closed = c.status === "closed" || c.status === "archived";
  const texts = {
    weAsked: outcome?.weAsked ?? c.summary,
    youSaid: outcome?.youSaid ?? countsSentence(counts),
    weDid: outcome?.weDid ?? "",
    outcomeDate: outcome?.outcomeDate ?? "",
  };
  return (
    <>
      <h1 className="govuk-heading-l">We asked, you said, we did</h1>
      <p className="govuk-body">
        {outcome?.status === "published" ? (
          <>
            <Tag status="approved">Published</Tag> on {formatDateTime(outcome.publishedAt)}:{" "}
            <Link className="govuk-link" href={`/consultations/${c.slug}/outcome`}>
              the public page
            </Link>
            .
          </>
        ) : (
          <>
            <Tag status="draft">Not published</Tag> {closed ? "Publish it when it is ready." : "It can be published once the consultation closes."}
          </>
        )}
      </p>
      <h2 className="govuk-heading-m">Who responded</h2>
      <RespondentCounts counts={counts} caption="Submitted responses by respondent type, from the data" captionSize="s" testId="respondent-counts" />
      {outcome && <p className="govuk-body-s">Version {outcome.version}, last saved {formatDateTime(outcome.updatedAt)}{outcome.outcomeDate ? `; dated ${formatDate(outcome.outcomeDate)}` : ""}.</p>}
      <OutcomeForm action={saveOutcomeAction} consultationId={id} version={outcome?.version ?? 0} texts={texts} permalink={self} />
      {outcome && (closed || outcome.status === "published") && (
        <PublishOutcomeForm action={publishOutcomeAction} consultationId={id} version={outcome.version} publish={outcome.status !== "published"} permalink={self} />
      )}
    </>
  );
}
