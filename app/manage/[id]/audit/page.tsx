import type { Metadata } from "next";
import { AuditFilterForm, AuditTable } from "@/components/collation/audit-table";
import { Pager, withParams } from "@/components/collation/pager";
import { listConsultationAudit } from "@/lib/audit/queries";
import { InvalidError } from "@/lib/errors";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Audit log" };

export default async function ConsultationAuditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/audit`;
  const { actor, db } = await pageContext(base);
  const filter = { action: param(sp.action), actor: param(sp.actor) };
  const num = (v: string | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : undefined);
  let result;
  try {
    result = await orPage(
      listConsultationAudit(db, { consultationId: id, action: filter.action, actorId: filter.actor, before: num(param(sp.before)), after: num(param(sp.after)) }, actor),
    );
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    result = await orPage(listConsultationAudit(db, { consultationId: id }, actor));
  }
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every change to this consultation and the council&apos;s answers: who, what, when, and what it was before and after. Entries are
        written with the change itself and can never be edited or deleted.
      </p>
      <AuditFilterForm action={base} values={filter} options={result.options} />
      <AuditTable rows={result.rows} caption="Newest first" />
      <Pager
        label="Pages of the audit log"
        prevHref={result.newerThan ? withParams(base, filter, { after: String(result.newerThan) }) : null}
        prevText="Newer"
        nextHref={result.olderThan ? withParams(base, filter, { before: String(result.olderThan) }) : null}
        nextText="Older"
        hiddenSuffix=" entries"
      />
    </>
  );
}
