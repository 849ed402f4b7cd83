// Who the public can contact about consultations: each council's contact officer as set on its
// letterhead (lib/branding), for the contact page linked from every footer.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { councilBranding, organisations } from "../../db/schema";

export async function listPublicContacts(db: Db) {
  return db
    .select({
      council: organisations.name,
      printedName: councilBranding.councilName,
      postalAddress: councilBranding.postalAddress,
      contactName: councilBranding.contactName,
      contactEmail: councilBranding.contactEmail,
      contactPhone: councilBranding.contactPhone,
    })
    .from(organisations)
    .leftJoin(councilBranding, eq(councilBranding.organisationId, organisations.id))
    .where(eq(organisations.type, "council"))
    .orderBy(asc(organisations.name));
}
