import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RespondentCounts } from "@/components/publication/respondent-counts";
import { getDb } from "@/db/client";
import { getConsultationBySlug } from "@/lib/consultations/queries";
import { formatDate } from "@/lib/format";
import { getPublishedOutcome, respondentCounts } from "@/lib/public/outcomes";
import { responsesArePublic } from "@/lib/public/publication";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "We asked, you said, we did" };

export default async function OutcomePublicPage({ params }: { params: Promise<{ slug: string }> }) {
  const db = await getDb();
  const c = await getConsultationBySlug(db, (await params).slug);
  if (!c || c.status === "draft") notFound();
  const outcome = await getPublishedOutcome(db, c.id);
  if (!outcome) notFound();
  const counts = await respondentCounts(db, c.id);
  const paragraphs = (t: string) => t.split(/\n{2,}/).map((p, i) => <p key={i} className="govuk-body app-pre-wrap">{p}</p>);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={`/consultations/${c.slug}`} className="govuk-back-link">
          {c.title}
        </Link>
        <span className="govuk-caption-l">{c.title}</span>
        <h1 className="govuk-heading-xl">We asked, you said, we did</h1>
        {outcome.outcomeDate && <p className="govuk-body-s">Outcome dated {formatDate(outcome.outcomeDate)}; published {formatDate(outcome.publishedAt)}.</p>}
        <h2 className="govuk-heading-l">We asked</h2>
        {paragraphs(outcome.weAsked)}
        <h2 className="govuk-heading-l">You said</h2>
        {paragraphs(outcome.youSaid)}
        <RespondentCounts counts={counts} caption="Who responded" captionSize="m" testId="outcome-counts" />
        <h2 className="govuk-heading-l">We did</h2>
        {paragraphs(outcome.weDid)}
        {responsesArePublic(c) && (
          <p className="govuk-body">
            <Link className="govuk-link" href={`/consultations/${c.slug}/responses`}>
              Read the published responses
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
