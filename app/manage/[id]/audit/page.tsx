import type { Metadata } from "next";
import { listConsultationAudit } from "@/lib/audit/queries";
import { pageContext, type SearchParams } from "@/app/_server/page";
import { AuditLog } from "@/app/_server/audit";

export const metadata: Metadata = { title: "Audit log" };

export default async function ConsultationAuditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const base = `/manage/${id}/audit`;
  const { actor, db } = await pageContext(base);
  return (
    <AuditLog
      base={base}
      searchParams={await searchParams}
      load={(q) => listConsultationAudit(db, { consultationId: id, ...q }, actor)}
      intro={
        <p className="govuk-body">
          Every change to this consultation and the council&apos;s answers: who, what, when, and what it was before and after. Entries are
          written with the change itself and can never be edited or deleted.
        </p>
      }
    />
  );
}
