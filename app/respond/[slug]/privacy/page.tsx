import type { Metadata } from "next";
import Link from "next/link";
import { loadRespondPage, type RespondSearch } from "../../load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Privacy notice" };

type Props = { params: Promise<{ slug: string }>; searchParams: RespondSearch };

export default async function PrivacyPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { ctx, href } = await loadRespondPage(slug, await searchParams, `/respond/${slug}/privacy`);
  const c = ctx.consultation;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={href()} className="govuk-back-link">
          Back to your response
        </Link>
        <span className="govuk-caption-l">{c.title}</span>
        <h1 className="govuk-heading-l">Privacy notice</h1>
        {(c.privacyNotice || "The council uses your name and email address only to manage your organisation's response.")
          .split(/\n{2,}/)
          .map((p, i) => (
            <p className="govuk-body" key={i}>
              {p}
            </p>
          ))}
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Responses to this consultation are kept for {c.retentionMonths} months. After that, your name and email address are
          removed; your organisation&apos;s answers may be kept in the council&apos;s published reports.
        </p>
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can ask the council for a copy of the personal data it holds about you, or ask for it to be erased. Erasing your
          details does not remove the answers your organisation submitted.
        </p>
      </div>
    </div>
  );
}
