// What every officer page for one consultation starts with: the consultation, or 404, and an
// officer of the council that owns it, or 403.
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getConsultation } from "@/lib/consultations/queries";
import { routingValuesFor } from "@/lib/consultations/schemas";
import { requirePermission } from "../../../_server/session";
import { isUuid } from "@/lib/sql";

export async function managedConsultation(id: string, path: string) {
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const actor = await requirePermission("consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }, path);
  return { db, c, actor };
}

type Q = { id: string; number: string; text: string; type: import("@/lib/consultations/schemas").QuestionInput["type"]; options: string[] };

/**
 * Questions a show-if may point at: those before `questionId` in reading order (or, for a new
 * question, up to the end of chapter `sectionId`) whose answers can be matched.
 */
export function earlierQuestions(chapters: { id: string; questions: Q[] }[], at: { questionId: string } | { sectionId: string }) {
  const ordered: Q[] = [];
  for (const ch of chapters) {
    for (const q of ch.questions) {
      if ("questionId" in at && q.id === at.questionId) return candidates(ordered);
      ordered.push(q);
    }
    if ("sectionId" in at && ch.id === at.sectionId) return candidates(ordered);
  }
  return candidates(ordered);
}

function candidates(list: Q[]) {
  return list
    .map((q) => ({ number: q.number, text: q.text, values: routingValuesFor(q) }))
    .filter((q): q is { number: string; text: string; values: string[] | null } => q.values !== "none");
}
