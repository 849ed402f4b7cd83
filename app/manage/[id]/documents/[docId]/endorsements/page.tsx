// The council's view of a final document's endorsement: every organisation's decision with its
// named signatory, the organisations still to decide, and the final text's hash re-checked now.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EndorsementRecord } from "@/components/documents/endorsement-record";
import { getEndorsements } from "@/lib/documents/endorsements";
import { formatDate, formatDateTime } from "@/lib/format";
import { managedConsultation } from "../../../edit/page-context";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";
import { orPage } from "@/app/_server/page";

export const metadata: Metadata = { title: "Endorsements" };
export const dynamic = "force-dynamic";

export default async function EndorsementsPage({ params, searchParams }: { params: Promise<{ id: string; docId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id, docId } = await params;
  const sp = await searchParams;
  if (!isUuid(docId)) notFound();
  const { db, actor } = await managedConsultation(id, `/manage/${id}/documents/${docId}/endorsements`);
  const s = await orPage(getEndorsements(db, { documentId: docId }, actor));
  if (s.consultation.id !== id) notFound();
  const base = `/manage/${id}/documents/${docId}`;
  return (
    <>
      <Link href={base} className="govuk-back-link">
        Back to the document
      </Link>
      {sp.final && (
        <SuccessBanner titleId="final-banner-title" heading="The final version has been put to partner organisations for endorsement." />
      )}
      <span className="govuk-caption-l">{s.document.title}</span>
      <h1 className="govuk-heading-l">Endorsement of the final version</h1>
      {!s.final ? (
        <p className="govuk-body">No version has been put for endorsement yet. Publish the final version, then put it for endorsement from the document&apos;s page.</p>
      ) : (
        <>
          <p className="govuk-body">
            {s.window === "open" ? "Open: partner organisations' signatories can record their decisions." : "Closed."}{" "}
            <Link className="govuk-link" href={`/documents/${docId}/endorsements`}>
              The public record
            </Link>
          </p>
          <EndorsementRecord
            final={{ version: s.final.version, label: s.final.label, finalAt: formatDate(s.final.finalAt), storedHash: s.final.storedHash, matches: s.final.matches }}
            endorsements={s.endorsements.map((e) => ({ ...e, decidedAt: formatDateTime(e.decidedAt) }))}
          />
          <h2 className="govuk-heading-m">Still to decide</h2>
          {s.awaiting.length === 0 ? (
            <p className="govuk-body">Every invited organisation has recorded its decision.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet" data-testid="awaiting">
              {s.awaiting.map((o) => (
                <li key={o.id}>{o.name}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
