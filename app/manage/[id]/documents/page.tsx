// The consultation's draft documents: each with its versions (one per stage) and what is
// waiting (a draft to publish, comments to answer).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { getConsultation } from "@/lib/consultations/queries";
import { listDocuments } from "@/lib/documents/queries";
import { formatDate, label } from "@/lib/format";
import { requirePermission } from "../../../_server/session";

export const metadata: Metadata = { title: "Documents" };
export const dynamic = "force-dynamic";

export default async function DocumentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const actor = await requirePermission("document.read_comments", resource, `/manage/${id}/documents`);
  const manages = can(actor, "document.manage", resource);
  const docs = await listDocuments(db, id);
  return (
    <>
      <h1 className="govuk-heading-l">Documents for comment</h1>
      <p className="govuk-body">
        Partners comment paragraph by paragraph on each version while its stage is open. Each stage can publish a new version of a document.
      </p>
      {manages && (
        <Link href={`/manage/${id}/documents/new`} className="govuk-button" role="button" draggable={false}>
          Add a document
        </Link>
      )}
      {docs.length === 0 ? (
        <p className="govuk-body">There are no documents yet.</p>
      ) : (
        docs.map((d) => (
          <div key={d.id} className="govuk-summary-card" data-testid="document-card">
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">
                <Link className="govuk-link" href={`/manage/${id}/documents/${d.id}`}>
                  {d.title}
                </Link>
              </h2>
            </div>
            <div className="govuk-summary-card__content">
              {d.summary && <p className="govuk-body">{d.summary}</p>}
              <dl className="govuk-summary-list">
                {d.versions.map((v) => (
                  <div className="govuk-summary-list__row" key={v.id}>
                    <dt className="govuk-summary-list__key">
                      Version {v.version}: {v.label}
                    </dt>
                    <dd className="govuk-summary-list__value">
                      Stage {v.stagePosition + 1}: {v.stageName} · <Tag status={v.status === "published" ? "open" : "draft"}>{label(v.status)}</Tag>
                      {v.publishedAt ? ` ${formatDate(v.publishedAt)}` : ""}
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        ))
      )}
    </>
  );
}
