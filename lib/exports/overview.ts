// What the officer's Exports tab shows: which documents can be downloaded, whether the council's
// response is signed off, how many responses there are (direct download or background job)
// and the recent background exports.
import type { Db } from "../../db/client";
import { authorize, can, type Actor } from "../auth/policy";
import { currentApproval, loadConsultationForExport } from "./council-response";
import { DIRECT_EXPORT_LIMIT, exportKeepDays, listExportJobs } from "./jobs";
import { countSubmittedResponses } from "./responses-source";

export async function getExportsOverview(db: Db, consultationId: string, actor: Actor) {
  const { consultation: c } = await loadConsultationForExport(db, consultationId);
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  authorize(actor, "consultation.read_responses", resource);
  const answersToCouncil = c.kind === "consultation_to_answer";
  const approval = answersToCouncil && c.answerSetStatus === "signed_off" ? await currentApproval(db, c.id, c.answerSetVersion) : null;
  const submitted = await countSubmittedResponses(db, { consultationId: c.id });
  return {
    consultation: c,
    councilResponse:
      answersToCouncil && can(actor, "draft_answer.read", resource)
        ? { signedOff: Boolean(approval), approvedBy: approval?.decidedByName ?? null, approvedAt: approval?.decidedAt ?? null, answerSetStatus: c.answerSetStatus }
        : null,
    collatedReport: can(actor, "review.read", resource),
    submitted,
    direct: submitted <= DIRECT_EXPORT_LIMIT,
    directLimit: DIRECT_EXPORT_LIMIT,
    jobs: await listExportJobs(db, c.id, actor),
    keepDays: exportKeepDays(),
  };
}
