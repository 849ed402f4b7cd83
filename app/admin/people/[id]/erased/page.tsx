import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { erasureSummary } from "@/lib/public/person-data";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { isUuid } from "@/lib/sql";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Data erased" };

/** The done page after erasure. It reads the person's state, so a bookmarked or repeated visit tells the truth. */
export default async function ErasedPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/people/${id}`;
  const { actor, db } = await pageContext(`${base}/erased`);
  const s = await orPage(erasureSummary(db, id, actor));
  if (!s.erased) redirect(`${base}/erase`);
  const n = Number(param((await searchParams).responses) ?? "");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Their data is erased</h1>
          <div className="govuk-panel__body">
            {Number.isInteger(n) && n > 0 ? `${plural(n, "response")} withdrawn from publication` : "Nothing of theirs is published"}
          </div>
        </div>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          Their name, email address, &quot;about you&quot; answers and the emails the service sent them are gone, and their responses are off the public pages and the open
          data. Their answers stay, without their identity, in the council&apos;s analysis.
        </p>
        <p className="govuk-body">Tell them it is done, using the address they wrote from: the service no longer holds it. The audit log records that you erased their data, and when.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/admin/people">
            Back to personal data requests
          </a>
        </p>
      </div>
    </div>
  );
}
