import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { formatDateTime } from "@/lib/format";
import { loadRespondPage, type RespondSearch } from "../../load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Response submitted" };

type Props = { params: Promise<{ slug: string }>; searchParams: RespondSearch };

export default async function ConfirmationPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { actor, ctx, href } = await loadRespondPage(slug, await searchParams, `/respond/${slug}/confirmation`);
  const r = ctx.response;
  if (r?.status !== "submitted" || !r.reference) redirect(href());
  const amended = r.revision > 1;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{amended ? "Changes submitted" : "Response submitted"}</h1>
          <div className="govuk-panel__body">
            Your reference number
            <br />
            <strong data-testid="reference">{r.reference}</strong>
          </div>
        </div>
        <p className="govuk-body">
          {ctx.organisation.name}&apos;s {amended ? `amended response (version ${r.revision})` : "response"} to “{ctx.consultation.title}” was
          submitted on {formatDateTime(r.submittedAt)}
          {r.submittedByName ? ` by ${r.submittedByName}` : ""}.
        </p>
        <p className="govuk-body">
          We have sent a copy of your answers to <strong>{actor.email}</strong>.
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          The council reads every partner organisation&apos;s response
          {ctx.consultation.closesAt ? ` after the consultation closes on ${formatDateTime(ctx.consultation.closesAt)}` : ""}.
          {ctx.consultation.kind === "consultation_to_answer"
            ? " Your views inform the council's own answers, which go to the Overview and Scrutiny Committee before they are sent."
            : " The answers are collated and reported to the partnership board."}
        </p>
        {ctx.canEdit && (
          <p className="govuk-body">
            If something needs to change, you can{" "}
            <Link className="govuk-link" href={href()}>
              change your organisation&apos;s answers
            </Link>{" "}
            until {formatDateTime(ctx.consultation.closesAt)} and submit them again.
          </p>
        )}
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" href={href("/submitted")}>
              View what you submitted
            </Link>
          </li>
          <li>
            <Link className="govuk-link" href="/">
              Back to your consultations
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
