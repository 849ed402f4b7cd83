// Shared by the return pages: the signed-in actor, the organisation they report for (the
// ?organisation= in the address, else their first partner organisation that owns something in
// the plan) and lib's typed errors turned into the 403 and 404 pages.
import { getDb } from "@/db/client";
import { getReturnForm, listMyReturns } from "@/lib/action-plans/queries";
import { organisationsWithRole } from "@/lib/auth/policy";
import { orPage, pageContext } from "@/app/_server/page";
import { isUuid } from "@/lib/sql";

export async function returnContext(periodId: string, organisation: string | string[] | undefined, path: string) {
  const { actor } = await pageContext(path);
  const db = await getDb();
  let orgId = Array.isArray(organisation) ? organisation[0] : organisation;
  if (!orgId || !isUuid(orgId)) {
    const mine = (await listMyReturns(db, actor)).find((r) => r.period.id === periodId);
    orgId = mine?.organisationId ?? organisationsWithRole(actor, "partner")[0] ?? "00000000-0000-0000-0000-000000000000";
  }
  const form = await orPage(getReturnForm(db, { periodId, organisationId: orgId }, actor));
  return { actor, db, form };
}
