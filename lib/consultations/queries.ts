// Reads of consultations for the role home pages and the structure pages.
import { and, asc, count, desc, eq, ilike, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, questions, sections, stages } from "../../db/schema";
import { type Actor, organisationsWithRole } from "../auth/policy";
import { isStorableText } from "../input/text";
import { likeContains } from "../sql";
import { ukDate } from "./dates";
import { currentStage } from "./stages";

export async function getConsultationBySlug(db: Db, slug: string) {
  // A slug Postgres cannot even read (NUL, from a URL) names no consultation.
  if (!isStorableText(slug)) return null;
  const [c] = await db.select().from(consultations).where(eq(consultations.slug, slug));
  return c ?? null;
}

export async function getConsultation(db: Db, id: string) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, id));
  return c ?? null;
}

/** The consultation's stages in order. */
export async function listStages(db: Db, consultationId: string) {
  return db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(asc(stages.position));
}

export async function getStructure(db: Db, consultationId: string) {
  const secs = await db.select().from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position));
  const qs = await db.select().from(questions).where(eq(questions.consultationId, consultationId)).orderBy(asc(questions.position));
  const stg = await db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(asc(stages.position));
  return {
    stages: stg,
    chapters: secs.map((s) => ({ ...s, questions: qs.filter((q) => q.sectionId === s.id) })),
  };
}

/** Consultations owned by the councils in which the actor holds one of the given roles. */
export async function listCouncilConsultations(db: Db, actor: Actor, roles: Actor["memberships"][number]["role"][]) {
  const orgIds = [...new Set(roles.flatMap((r) => organisationsWithRole(actor, r)))];
  if (!orgIds.length) return [];
  return db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      kind: consultations.kind,
      status: consultations.status,
      askedBy: consultations.askedBy,
      closesAt: consultations.closesAt,
      responseDeadline: consultations.responseDeadline,
      answerSetStatus: consultations.answerSetStatus,
      // Correlated counts name their tables explicitly: drizzle renders a bare column inside
      // a subquery unqualified, which would bind to the inner table.
      questionCount: sql<number>`(select count(*)::int from questions q where q.consultation_id = "consultations"."id")`,
      submittedCount: sql<number>`(select count(*)::int from responses r where r.consultation_id = "consultations"."id" and r.status = 'submitted')`,
      draftsReady: sql<number>`(select count(*)::int from draft_answers d where d.consultation_id = "consultations"."id" and d.status in ('ready_for_review', 'approved'))`,
    })
    .from(consultations)
    .where(inArray(consultations.ownerOrganisationId, orgIds))
    .orderBy(asc(sql`case ${consultations.status} when 'open' then 0 when 'draft' then 1 when 'closed' then 2 else 3 end`), desc(consultations.createdAt));
}

export async function countConsultations(db: Db) {
  const [{ n }] = await db.select({ n: count() }).from(consultations);
  return n;
}

/** The public hub: published consultations, open first, then closed; optional title search. */
export async function listPublicConsultations(db: Db, filter: { q?: string; status?: "open" | "closed"; anyone?: boolean } = {}) {
  const statuses = filter.status ? [filter.status] : (["open", "closed"] as const);
  const rows = await db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      kind: consultations.kind,
      status: consultations.status,
      askedBy: consultations.askedBy,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      audienceDescription: consultations.audienceDescription,
      audience: consultations.audience,
    })
    .from(consultations)
    .where(
      and(
        inArray(consultations.status, [...statuses]),
        // "Anyone can respond": the consultations open to members of the public.
        filter.anyone ? inArray(consultations.audience, ["public", "both"]) : undefined,
        filter.q ? ilike(consultations.title, likeContains(filter.q)) : undefined,
      ),
    )
    .orderBy(asc(sql`case ${consultations.status} when 'open' then 0 else 1 end`), asc(consultations.closesAt));
  const stageRows = rows.length
    ? await db.select().from(stages).where(inArray(stages.consultationId, rows.map((r) => r.id))).orderBy(asc(stages.position))
    : [];
  return rows.map((r) => ({ ...r, stages: stageRows.filter((s) => s.consultationId === r.id) }));
}

/**
 * What is open for responses now or opening soon, for the public home page: soonest closing
 * first, with the stage under way as people read it. Published consultations only.
 */
export async function listOpenConsultations(db: Db, now: Date = new Date()) {
  const rows = (await listPublicConsultations(db, { status: "open" })).filter((c) => !c.closesAt || c.closesAt > now);
  const today = ukDate(now)!;
  return rows.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    kind: c.kind,
    askedBy: c.askedBy,
    closesOn: ukDate(c.closesAt) ?? null,
    opensOn: c.opensAt && c.opensAt > now ? (ukDate(c.opensAt) ?? null) : null,
    currentStage: currentStage(c.stages, today)?.label ?? null,
  }));
}
