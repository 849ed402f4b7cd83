// Which organisations a council may invite as partners: the one rule the contact picker lists by
// and the invitation command checks, so a contact ticked on the page is one the command takes,
// and an id posted by hand for anything else is refused.
import { and, eq, inArray, isNull, ne, notExists, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, memberships, organisations } from "../../db/schema";

/**
 * The roles that make an organisation a council on the service (its staff), as the contacts
 * import reads them. A signatory alone does not: partners have signatories too.
 */
export const COUNCIL_ROLES = ["officer", "scrutiny", "admin"] as const;

/**
 * `organisations` rows a council (`ownerOrganisationId`) may invite as partners: not the council
 * itself, not merged into another, not a "members of the public" organisation, and not a council
 * on the service (one with council staff, or one that runs consultations): another council is a
 * tenant of the service, never offered as a partner.
 */
export function partnerOrganisation(db: Db, ownerOrganisationId: string): SQL {
  return and(
    ne(organisations.id, ownerOrganisationId),
    isNull(organisations.mergedIntoId),
    ne(organisations.type, "public"),
    notExists(
      db
        .select({ one: sql`1` })
        .from(memberships)
        .where(and(eq(memberships.organisationId, organisations.id), inArray(memberships.role, [...COUNCIL_ROLES]))),
    ),
    notExists(db.select({ one: sql`1` }).from(consultations).where(eq(consultations.ownerOrganisationId, organisations.id))),
  )!;
}
