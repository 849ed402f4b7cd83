// Loads a respondent page's context for the signed-in partner, turning "no such consultation"
// into the 404 page and "not your organisation" into the 403 page.
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { markInvitationOpened } from "@/lib/responses/commands";
import { getRespondContext, type RespondContext } from "@/lib/responses/queries";
import { requireActor } from "../_server/session";

export type RespondSearch = Promise<Record<string, string | string[] | undefined>>;

export async function loadRespondPage(slug: string, search: Awaited<RespondSearch>, returnTo: string) {
  const actor = await requireActor(returnTo);
  const db = await getDb();
  const org = typeof search.org === "string" ? search.org : undefined;
  let ctx: RespondContext;
  try {
    ctx = await getRespondContext(db, { slug, organisationId: org }, actor);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof ForbiddenError) forbidden();
    throw e;
  }
  await markInvitationOpened(db, ctx.consultation.id, actor.id);
  return { actor, db, ctx, href: respondHref(ctx) };
}

/** Links within the journey; they name the organisation when the person answers for several. */
export function respondHref(ctx: RespondContext) {
  const org = ctx.organisationChoices.length > 1 ? ctx.organisation.id : null;
  return (rest = "", params: Record<string, string> = {}, hash = "") => {
    const query = new URLSearchParams({ ...params, ...(org ? { org } : {}) }).toString();
    return `/respond/${ctx.consultation.slug}${rest}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
  };
}
