import type { Metadata } from "next";
import { listSystemAudit } from "@/lib/audit/queries";
import { pageContext, type SearchParams } from "@/app/_server/page";
import { AuditLog } from "@/app/_server/audit";

export const metadata: Metadata = { title: "Audit log" };

export default async function SystemAuditPage({ searchParams }: { searchParams: SearchParams }) {
  const base = "/admin/audit";
  const { actor, db } = await pageContext(base);
  return (
    <AuditLog
      base={base}
      searchParams={await searchParams}
      load={(q) => listSystemAudit(db, q, actor)}
      intro={<p className="govuk-body">Every change of state in the service, newest first. Entries can never be edited or deleted.</p>}
      showConsultation
    />
  );
}
