// The API's reads and writes of consultations, for an API key's actor. Listing and reading
// decide visibility with lib/auth (`can`); creating calls lib/consultations' own create.
import { and, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, organisations, type ConsultationStatus } from "../../db/schema";
import { can, organisationsWithRole, type Actor } from "../auth/policy";
import { getStructure } from "../consultations/queries";
import { NotFoundError } from "../errors";
import { importQuestionSet } from "../question-sets/import";
import type { QuestionSet } from "../question-sets/schema";
import { presentConsultation, presentConsultationSummary } from "./present";

/** Statuses anyone with a key may see; drafts and archived ones only their council sees. */
const PUBLISHED: ConsultationStatus[] = ["open", "closed"];

export async function listConsultationsForApi(db: Db, actor: Actor, filter: { status?: ConsultationStatus }) {
  const councils = organisationsWithRole(actor, "officer");
  const visible: SQL[] = [inArray(consultations.status, PUBLISHED)];
  if (councils.length) visible.push(inArray(consultations.ownerOrganisationId, councils));
  const rows = await db
    .select({ c: consultations, owner: { id: organisations.id, name: organisations.name, type: organisations.type } })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.ownerOrganisationId))
    .where(and(or(...visible), filter.status ? eq(consultations.status, filter.status) : undefined))
    .orderBy(desc(consultations.createdAt));
  return { data: rows.map((r) => presentConsultationSummary(r.c, r.owner)) };
}

/** The consultation if the actor may see it: its council always, others once published. */
export async function visibleConsultation(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ c: consultations, owner: { id: organisations.id, name: organisations.name, type: organisations.type } })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.ownerOrganisationId))
    .where(eq(consultations.id, id));
  if (!row) throw new NotFoundError("Consultation");
  const council = can(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId });
  if (!council && !PUBLISHED.includes(row.c.status)) throw new NotFoundError("Consultation");
  return { ...row, council };
}

export async function getConsultationForApi(db: Db, actor: Actor, id: string) {
  const { c, owner } = await visibleConsultation(db, actor, id);
  return presentConsultation(c, owner, await getStructure(db, c.id));
}

/** A new draft consultation owned by the key's council, from a question set (lib/question-sets' importer). */
export async function createConsultationForApi(db: Db, actor: Actor, organisationId: string, set: QuestionSet) {
  const created = await importQuestionSet(db, set, actor, organisationId);
  return getConsultationForApi(db, actor, created.id);
}
