// Who may export which responses: the council that runs a consultation (officers, signatories,
// scrutiny) gets every organisation's; a partner organisation gets only its own, and only
// once the consultation is published. Decided with lib/auth's `can`, like everything else.
import type { Db } from "../../db/client";
import { can, organisationsWithRole, type Actor } from "../auth/policy";
import { ForbiddenError, NotFoundError } from "../errors";
import { loadConsultationForExport } from "./council-response";
import type { SourceFilter } from "./responses-source";

export async function resolveResponsesScope(db: Db, consultationId: string, actor: Actor) {
  const { consultation, councilName } = await loadConsultationForExport(db, consultationId);
  const owner = consultation.ownerOrganisationId;
  if (can(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: owner })) {
    return { consultation, councilName, filter: { consultationId } as SourceFilter, council: true };
  }
  // Partners never learn that an unpublished consultation exists.
  if (consultation.status === "draft") throw new NotFoundError("Consultation");
  const partnerOrgs = organisationsWithRole(actor, "partner").filter((organisationId) =>
    can(actor, "response.read", { kind: "response", organisationId, consultationOwnerOrganisationId: owner }),
  );
  if (partnerOrgs.length !== 1) {
    // Several partner organisations would need the caller to say which; the API's keys have one.
    throw new ForbiddenError(partnerOrgs.length ? "Choose one organisation's responses" : "You cannot read the responses to this consultation");
  }
  return { consultation, councilName, filter: { consultationId, organisationId: partnerOrgs[0] } as SourceFilter, council: false };
}
