// Loading a consultation for a permission check: every collation, drafting, review and
// sign-off function starts here so that access is decided by lib/auth/policy alone.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, type Consultation } from "../../db/schema";
import { authorize, type Action, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { isUuid } from "../sql";


/** The consultation, if the actor may do `action` to it; NotFoundError or ForbiddenError otherwise. */
export async function consultationFor(db: Db, consultationId: string, action: Action, actor: Actor | null | undefined): Promise<Consultation> {
  if (!isUuid(consultationId)) throw new NotFoundError("Consultation");
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, action, { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}
