import type { Metadata } from "next";
import { AuditFilterForm, AuditTable } from "@/components/collation/audit-table";
import { Pager, withParams } from "@/components/collation/pager";
import { listSystemAudit } from "@/lib/audit/queries";
import { InvalidError } from "@/lib/errors";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Audit log" };

export default async function SystemAuditPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const base = "/admin/audit";
  const { actor, db } = await pageContext(base);
  const filter = { action: param(sp.action), actor: param(sp.actor) };
  const num = (v: string | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : undefined);
  let result;
  try {
    result = await orPage(listSystemAudit(db, { action: filter.action, actorId: filter.actor, before: num(param(sp.before)), after: num(param(sp.after)) }, actor));
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    result = await orPage(listSystemAudit(db, {}, actor));
  }
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Every change of state in the service, newest first. Entries can never be edited or deleted.</p>
      <AuditFilterForm action={base} values={filter} options={result.options} />
      <AuditTable rows={result.rows} caption="Newest first" showConsultation />
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
