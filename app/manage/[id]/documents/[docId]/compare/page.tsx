// Two versions of a document side by side, paragraph by paragraph: what changed, what is new,
// what was removed (anchors say which paragraph continues which).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RevisionDiff } from "@/components/drafting/revision-diff";
import { diffVersions } from "@/lib/documents/anchors";
import { getDocumentView } from "@/lib/documents/queries";
import { managedConsultation } from "../../../edit/page-context";
import { isUuid } from "@/lib/sql";
import { orPage } from "@/app/_server/page";

export const metadata: Metadata = { title: "Compare versions" };
export const dynamic = "force-dynamic";

const KIND_TEXT = { changed: "Changed", added: "New", removed: "Removed", unchanged: "Unchanged" } as const;

export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string; docId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id, docId } = await params;
  const sp = await searchParams;
  if (!isUuid(docId)) notFound();
  const { db, actor } = await managedConsultation(id, `/manage/${id}/documents/${docId}/compare`);
  const from = Number(sp.from);
  const to = Number(sp.to);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) notFound();
  const load = (version: number) =>
    orPage(getDocumentView(db, { documentId: docId, version }, actor));
  const [a, b] = await Promise.all([load(from), load(to)]);
  if (a.consultation.id !== id) notFound();
  const changes = diffVersions(a.paragraphs, b.paragraphs);
  const changed = changes.filter((c) => c.kind !== "unchanged");
  return (
    <>
      <Link href={`/manage/${id}/documents/${docId}`} className="govuk-back-link">
        Back to the document
      </Link>
      <h1 className="govuk-heading-l">
        Version {from} ({a.version.label}) compared with version {to} ({b.version.label})
      </h1>
      <p className="govuk-body">
        {changed.length} of {changes.length} paragraphs differ.
      </p>
      {changed.map((c) => (
        <div key={c.anchor} id={c.anchor} className="govuk-!-margin-bottom-6" data-testid="paragraph-change">
          <h2 className="govuk-heading-s">
            {KIND_TEXT[c.kind]}: paragraph {c.numberAfter ?? c.numberBefore}
            {c.numberBefore && c.numberAfter && c.numberBefore !== c.numberAfter ? ` (was ${c.numberBefore})` : ""}
          </h2>
          <RevisionDiff parts={c.parts} label={`Paragraph ${c.numberAfter ?? c.numberBefore}`} />
        </div>
      ))}
    </>
  );
}
