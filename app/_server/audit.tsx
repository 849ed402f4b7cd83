// The audit log pages' shared part (the administrator's and a consultation's): the filter read
// from the address, the page of entries, a refused person's text said at its field, and the
// view under the page's own heading.
import type { ReactNode } from "react";
import { AuditFilterForm, AuditTable } from "@/components/collation/audit-table";
import { Pager, withParams } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import type { AuditQuery, AuditRow } from "@/lib/audit/queries";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { InvalidError } from "@/lib/errors";
import { orPage, param, type SearchParams } from "./page";

type AuditPage = { rows: AuditRow[]; olderThan: number | null; newerThan: number | null; filteredBy: { id: string; name: string } | null };

/**
 * The log at `base` as the address asks for it, read by `load` (listSystemAudit or
 * listConsultationAudit, which check access first). A parameter the form could not have sent is
 * ignored; the person's text is checked by lib, after the access check, and a refusal is shown at
 * its field with no table.
 */
export async function AuditLog({ base, searchParams, load, intro, showConsultation = false }: { base: string; searchParams: Awaited<SearchParams>; load: (q: AuditQuery) => Promise<AuditPage>; intro: ReactNode; showConsultation?: boolean }) {
  const sp = searchParams;
  const f = auditFilterSchema.parse({ action: param(sp.action), actor: param(sp.actor), before: param(sp.before), after: param(sp.after) });
  const typed = param(sp.person);
  const filter = { action: f.action, actor: f.actor, person: typed?.trim() || undefined };
  let result: AuditPage | undefined;
  let error: string | undefined;
  try {
    result = await orPage(load({ action: f.action, actorId: f.actor, person: typed, before: f.before, after: f.after }));
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    error = e.fieldErrors.person ?? e.message;
  }
  return (
    <>
      <ErrorSummaryView fields={{ person: error }} />
      <h1 className="govuk-heading-l">Audit log</h1>
      {intro}
      <AuditFilterForm action={base} values={{ ...filter, person: typed }} error={error} filteredBy={result?.filteredBy} everyoneHref={withParams(base, { ...filter, person: error ? undefined : filter.person }, { actor: undefined })} />
      {result && (
        <>
          <AuditTable rows={result.rows} caption="Newest first" showConsultation={showConsultation} />
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
