// Writes to consultations: create (blank or from a question set), and freeze a published
// version. Editing the structure is in editor.ts; publishing and closing in publishing.ts.
import { and, asc, eq, max } from "drizzle-orm";
import { advisoryXactLock, type Db } from "../../db/client";
import {
  consultations,
  consultationVersions,
  draftAnswers,
  draftAnswerRevisions,
  questions,
  sections,
  stages,
} from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, organisationsWithRole, type Actor } from "../auth/policy";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { QUESTION_SET_FORMAT, QUESTION_SET_FORMAT_VERSION, type QuestionSet, resolveDate } from "../question-sets/schema";
import { endOfUkDay, startOfUkDay } from "./dates";
import type { DetailsInput } from "./schemas";

export type CreateOptions = {
  ownerOrganisationId: string;
  actorId: string | null;
  slug?: string;
  today?: Date;
  /** The code response references start with; unset, the title's initials. */
  referenceCode?: string;
  /** Who partners contact about it (the details form's), written with the rest. */
  contactOfficerName?: string;
  contactOfficerEmail?: string;
};

export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "consultation"
  );
}

// A consultation opens at the start of its opening day and closes at the end of its closing
// day, UK time.
const dayStart = startOfUkDay;
const dayEnd = endOfUkDay;

/** Create a draft consultation with its stages, chapters, questions and any draft answers. */
export async function createConsultationFromQuestionSet(db: Db, set: QuestionSet, opts: CreateOptions) {
  const today = opts.today ?? new Date();
  const d = (v?: string) => (v ? resolveDate(v, today) : null);
  const opens = d(set.opensOn);
  const closes = d(set.closesOn);
  if (opens && closes && closes <= opens) {
    throw new InvalidError("The closing date must be after the opening date", { closesOn: "The closing date must be after the opening date" });
  }
  return db.transaction(async (tx) => {
    const base = opts.slug ?? slugify(set.title);
    // Two consultations of one title created at once take turns for the address.
    await advisoryXactLock(tx, `consultation-slug:${base}`);
    let slug = base;
    for (let i = 2; (await tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug))).length; i++) {
      slug = `${base}-${i}`;
    }
    const [c] = await tx
      .insert(consultations)
      .values({
        slug,
        title: set.title,
        referenceCode: opts.referenceCode ?? null,
        summary: set.summary ?? "",
        kind: set.kind,
        askedBy: set.askedBy ?? null,
        responseDeadline: d(set.responseDeadline),
        opensAt: opens ? dayStart(opens) : null,
        closesAt: closes ? dayEnd(closes) : null,
        audienceDescription: set.audienceDescription ?? "",
        privacyNotice: set.privacyNotice ?? "",
        ownerOrganisationId: opts.ownerOrganisationId,
        createdBy: opts.actorId,
        contactOfficerName: opts.contactOfficerName ?? "",
        contactOfficerEmail: opts.contactOfficerEmail ?? "",
      })
      .returning();
    if (set.stages.length) {
      await tx.insert(stages).values(
        set.stages.map((s, i) => ({
          consultationId: c.id,
          name: s.name,
          description: s.description ?? "",
          startsOn: d(s.startsOn),
          dueOn: d(s.dueOn),
          position: i,
        })),
      );
    }
    let position = 0;
    for (const [ci, chapter] of set.chapters.entries()) {
      const [section] = await tx
        .insert(sections)
        .values({ consultationId: c.id, title: chapter.title, description: chapter.description ?? "", position: ci })
        .returning({ id: sections.id });
      if (!chapter.questions.length) continue;
      const inserted = await tx
        .insert(questions)
        .values(
          chapter.questions.map((q) => ({
            consultationId: c.id,
            sectionId: section.id,
            number: q.number,
            subheading: q.subheading ?? null,
            type: q.type,
            text: q.text,
            hint: q.hint ?? "",
            required: q.required,
            options: q.options ?? [],
            limits: q.limits ?? {},
            showIf: q.showIf ?? null,
            position: position++,
          })),
        )
        .returning({ id: questions.id, number: questions.number });
      if (set.kind === "consultation_to_answer") {
        const byNumber = new Map(chapter.questions.map((q) => [q.number, q]));
        const drafts = await tx
          .insert(draftAnswers)
          .values(
            inserted.map((q) => {
              const text = byNumber.get(q.number)?.draftAnswer ?? "";
              return {
                consultationId: c.id,
                questionId: q.id,
                text,
                status: text ? ("drafting" as const) : ("not_started" as const),
                updatedBy: opts.actorId,
              };
            }),
          )
          .returning();
        await tx.insert(draftAnswerRevisions).values(
          drafts.map((dr) => ({
            draftAnswerId: dr.id,
            version: dr.version,
            text: dr.text,
            status: dr.status,
            createdBy: opts.actorId,
          })),
        );
      }
    }
    await writeAudit(tx, {
      actorId: opts.actorId,
      action: "consultation.create",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: opts.ownerOrganisationId,
      after: { title: c.title, kind: c.kind, slug: c.slug },
    });
    return c;
  });
}

/** The structure as published: chapters with their questions, ids included. */
export async function buildSnapshot(db: Db, consultationId: string) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  const secs = await db.select().from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position));
  const qs = await db.select().from(questions).where(eq(questions.consultationId, consultationId)).orderBy(asc(questions.position));
  return {
    title: c.title,
    kind: c.kind,
    chapters: secs.map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      questions: qs
        .filter((q) => q.sectionId === s.id)
        .map((q) => ({
          id: q.id,
          number: q.number,
          subheading: q.subheading,
          type: q.type,
          text: q.text,
          hint: q.hint,
          required: q.required,
          options: q.options,
          limits: q.limits,
          showIf: q.showIf,
        })),
    })),
  };
}

/**
 * Freeze the current structure as the next numbered version and point the consultation at it.
 * Runs inside the caller's transaction (which should hold the consultation row locked).
 */
export async function freezeVersion(tx: Db, consultationId: string, actorId: string | null) {
  const snapshot = await buildSnapshot(tx, consultationId);
  const [{ v }] = await tx
    .select({ v: max(consultationVersions.version) })
    .from(consultationVersions)
    .where(eq(consultationVersions.consultationId, consultationId));
  const version = (v ?? 0) + 1;
  await tx.insert(consultationVersions).values({ consultationId, version, snapshot, publishedBy: actorId });
  await tx.update(consultations).set({ publishedVersion: version, updatedAt: new Date() }).where(eq(consultations.id, consultationId));
  return version;
}

/**
 * Publish: freeze a numbered version of the structure and open the consultation. No checks
 * beyond "has questions" (the seed loader uses it); officers publish through
 * `publishConsultationAs` in publishing.ts, which checks dates, chapters and show-ifs first.
 */
export async function publishConsultation(db: Db, consultationId: string, actorId: string | null) {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("update");
    if (!c) throw new NotFoundError("Consultation");
    const count = await tx.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, consultationId)).limit(1);
    if (!count.length) throw new InvalidError("Add at least one question before publishing");
    const version = await freezeVersion(tx, consultationId, actorId);
    const [after] = await tx
      .update(consultations)
      .set({ status: "open", updatedAt: new Date() })
      .where(and(eq(consultations.id, consultationId)))
      .returning();
    await writeAudit(tx, {
      actorId,
      action: "consultation.publish",
      entityType: "consultation",
      entityId: consultationId,
      consultationId,
      organisationId: c.ownerOrganisationId,
      before: { status: c.status, publishedVersion: c.publishedVersion },
      after: { status: after.status, publishedVersion: version },
    });
    return after;
  });
}

/** The council a new consultation belongs to: the one asked for, or the actor's only one. */
export function ownerOrganisationFor(actor: Actor, requested?: string): string {
  const councils = organisationsWithRole(actor, "officer");
  if (requested) {
    authorize(actor, "consultation.create", { kind: "organisation", organisationId: requested });
    return requested;
  }
  if (!councils.length) throw new ForbiddenError("Only council officers can create consultations");
  return councils[0];
}

/** A new, empty draft from the details form; the officer then adds chapters and questions. */
export async function createConsultation(db: Db, input: DetailsInput, actor: Actor, ownerOrganisationId?: string) {
  const owner = ownerOrganisationFor(actor, ownerOrganisationId);
  authorize(actor, "consultation.create", { kind: "organisation", organisationId: owner });
  const set: QuestionSet = {
    format: QUESTION_SET_FORMAT,
    formatVersion: QUESTION_SET_FORMAT_VERSION,
    title: input.title,
    summary: input.summary,
    kind: input.kind,
    askedBy: input.askedBy || undefined,
    responseDeadline: input.responseDeadline,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    audienceDescription: input.audienceDescription,
    privacyNotice: input.privacyNotice,
    stages: [],
    chapters: [],
  };
  // One transaction: the consultation is made with its contact, or not at all.
  return createConsultationFromQuestionSet(db, set, {
    ownerOrganisationId: owner,
    actorId: actor.id,
    referenceCode: input.referenceCode,
    contactOfficerName: input.contactOfficerName,
    contactOfficerEmail: input.contactOfficerEmail,
  });
}
