// Duplicating a consultation: a new, unpublished draft with the same details, stages, chapters
// and questions, for running last year's questionnaire again. Nothing a person wrote in it is
// copied (responses, invitations, the council's draft answers, comments, sign-offs, audit).
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, questions, sections, stages, type Consultation } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { isUuid } from "../sql";
import { NotFoundError } from "../errors";
import { slugify } from "./commands";

/** The longest title the details form accepts (lib/consultations/schemas.ts). */
const TITLE_MAX = 300;

export function copyTitle(title: string): string {
  const t = `Copy of ${title}`;
  return t.length <= TITLE_MAX ? t : `${t.slice(0, TITLE_MAX - 1)}…`;
}

/**
 * Copy a consultation into a new draft owned by the same council, titled "Copy of …". Only
 * officers of the owning council may (consultation.manage). Every row is new, so editing the
 * copy never touches the original. Audited on the copy, naming the original.
 */
export async function duplicateConsultation(db: Db, consultationId: string, actor: Actor) {
  if (!isUuid(consultationId)) throw new NotFoundError("Consultation");
  return db.transaction(async (tx) => {
    // FOR SHARE: the structure is read whole, with no edit half-way through it.
    const [src] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("share");
    if (!src) throw new NotFoundError("Consultation");
    authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: src.ownerOrganisationId });
    authorize(actor, "consultation.create", { kind: "organisation", organisationId: src.ownerOrganisationId });

    // Details are copied by leaving out what belongs to the original's life, not by listing
    // what to keep, so a detail added to consultations later is copied too.
    const {
      id: _id,
      slug: _slug,
      title,
      status: _status,
      publishedVersion: _publishedVersion,
      answerSetStatus: _answerSetStatus,
      answerSetVersion: _answerSetVersion,
      createdBy: _createdBy,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      ...details
    } = src satisfies Consultation;
    const newTitle = copyTitle(title);
    const base = slugify(newTitle);
    let slug = base;
    for (let i = 2; (await tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug))).length; i++) slug = `${base}-${i}`;
    const [copy] = await tx
      .insert(consultations)
      .values({ ...details, title: newTitle, slug, status: "draft", publishedVersion: 0, answerSetStatus: "drafting", answerSetVersion: 1, createdBy: actor.id })
      .returning();

    const srcStages = await tx.select().from(stages).where(eq(stages.consultationId, src.id)).orderBy(asc(stages.position));
    if (srcStages.length) {
      await tx.insert(stages).values(srcStages.map(({ id: _s, consultationId: _c, ...s }) => ({ ...s, consultationId: copy.id })));
    }
    const srcSections = await tx.select().from(sections).where(eq(sections.consultationId, src.id)).orderBy(asc(sections.position));
    const sectionIds = new Map<string, string>();
    for (const { id, consultationId: _c, ...s } of srcSections) {
      const [n] = await tx.insert(sections).values({ ...s, consultationId: copy.id }).returning({ id: sections.id });
      sectionIds.set(id, n.id);
    }
    const srcQuestions = await tx.select().from(questions).where(eq(questions.consultationId, src.id)).orderBy(asc(questions.position));
    if (srcQuestions.length) {
      // Show-if conditions name questions by number, so they hold in the copy as they are.
      await tx.insert(questions).values(
        srcQuestions.map(({ id: _q, consultationId: _c, sectionId, createdAt: _ca, updatedAt: _ua, ...q }) => ({
          ...q,
          consultationId: copy.id,
          sectionId: sectionIds.get(sectionId)!,
        })),
      );
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "consultation.duplicate",
      entityType: "consultation",
      entityId: copy.id,
      consultationId: copy.id,
      organisationId: copy.ownerOrganisationId,
      before: { copiedFrom: src.id, title: src.title, slug: src.slug },
      after: { title: copy.title, slug: copy.slug, stages: srcStages.length, chapters: srcSections.length, questions: srcQuestions.length },
    });
    return copy;
  });
}
