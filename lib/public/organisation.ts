// The council's "Members of the public" organisation: every member of the public's response to
// the council's consultations hangs on it (responses.organisation_id is never null), beside the
// person themselves (responses.respondent_user_id). It has no members, ever.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organisations } from "../../db/schema";
import { NotFoundError } from "../errors";

/** The council's "Members of the public" organisation (made on first need), which holds public responses. */
export async function ensurePublicOrganisation(db: Db, councilId: string): Promise<{ id: string; name: string }> {
  const [existing] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
  if (existing) return existing;
  const [council] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, councilId));
  if (!council) throw new NotFoundError("Organisation");
  await db
    .insert(organisations)
    .values({ name: `Members of the public (${council.name})`, type: "public", publicOfOrganisationId: councilId })
    .onConflictDoNothing();
  const [made] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
  if (!made) throw new Error(`no public organisation for ${councilId}`);
  return made;
}


/** Whether the organisation is a council's "Members of the public". */
export function isPublicOrganisationType(type: string): boolean {
  return type === "public";
}
