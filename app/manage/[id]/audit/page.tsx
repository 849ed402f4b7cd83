import type { Metadata } from "next";
import { AuditFilterForm, AuditTable } from "@/components/collation/audit-table";
import { Pager, withParams } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { listConsultationAudit } from "@/lib/audit/queries";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { InvalidError } from "@/lib/errors";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Audit log" };

export default async function ConsultationAuditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/audit`;
  const { actor, db } = await pageContext(base);
  // A parameter the form could not have sent is ignored; the person's text is checked by lib (after the access check).
  const f = auditFilterSchema.parse({ action: param(sp.action), actor: param(sp.actor), before: param(sp.before), after: param(sp.after) });
  const typed = param(sp.person);
  const filter = { action: f.action, actor: f.actor, person: typed?.trim() || undefined };
  let result;
  let error: string | undefined;
  try {
    result = await orPage(listConsultationAudit(db, { consultationId: id, action: f.action, actorId: f.actor, person: typed, before: f.before, after: f.after }, actor));
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    error = e.fieldErrors.person ?? e.message;
  }
  return (
    <>
      {error && <ErrorSummaryView items={[{ href: "#person", text: error }]} />}
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every change to this consultation and the council&apos;s answers: who, what, when, and what it was before and after. Entries are
        written with the change itself and can never be edited or deleted.
      </p>
      <AuditFilterForm action={base} values={{ ...filter, person: typed }} error={error} filteredBy={result?.filteredBy} everyoneHref={withParams(base, { ...filter, person: error ? undefined : filter.person }, { actor: undefined })} />
      {result && (
        <>
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
      )}
    </>
  );
}
