// Shared set-up for the integration tests: the demo content, the demo people as actors, a second
// council with its own officer, a helper to give an organisation a response with answers, and
// the least consultation a response can be made to.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answers, memberships, organisations, questions, responses, users } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { questionSetSchema } from "../question-sets/schema";
import { loadPublishedSnapshot } from "../responses/queries";
import { makeReference } from "../responses/reference";
import { createConsultationFromQuestionSet, publishConsultation } from "./commands";

export async function seedWorld(db: Db) {
  await loadDemoContent(db);
  const byEmail = async (email: string): Promise<Actor> => {
    const [u] = await db.select().from(users).where(eq(users.email, email));
    return (await loadActor(db, u.id))!;
  };
  const org = async (name: string) => (await db.select().from(organisations).where(eq(organisations.name, name)))[0];
  const [other] = await db.insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
  const [otherOfficerUser] = await db.insert(users).values({ name: "Olive Other", email: "olive@southribble.example" }).returning();
  await db.insert(memberships).values({ userId: otherOfficerUser.id, organisationId: other.id, role: "officer" });
  return {
    officer: await byEmail("jane.fisher@council.example"),
    admin: await byEmail("ravi.shah@council.example"),
    scrutiny: await byEmail("peter.moss@council.example"),
    partner: await byEmail("sarah.lee@police.example"),
    partner2: await byEmail("david.brown@police.example"),
    health: await byEmail("grace.okafor@health.example"),
    cvs: await byEmail("mark.evans@cvs.example"),
    otherOfficer: (await loadActor(db, otherOfficerUser.id))!,
    council: await org("Chorley Council"),
    police: await org("Lancashire Constabulary"),
    healthOrg: await org("Chorley and South Ribble Primary Care Trust"),
    cvsOrg: await org("Chorley Council for Voluntary Service"),
    parishOrg: await org("Croston Parish Council"),
    otherCouncil: other,
  };
}

/** Give `organisationId` a response to the consultation, answering questions by number. */
export async function respond(
  db: Db,
  consultationId: string,
  organisationId: string,
  by: string,
  byNumber: Record<string, unknown>,
  submit = false,
) {
  const qs = await db.select().from(questions).where(eq(questions.consultationId, consultationId));
  const [r] = await db
    .insert(responses)
    .values({
      consultationId,
      organisationId,
      status: submit ? "submitted" : "draft",
      reference: submit ? makeReference("TEST") : null,
      revision: submit ? 1 : 0,
      startedBy: by,
      lastEditedBy: by,
      submittedAt: submit ? new Date() : null,
      submittedBy: submit ? by : null,
    })
    .returning();
  for (const [number, value] of Object.entries(byNumber)) {
    const q = qs.find((x) => x.number === number)!;
    await db.insert(answers).values({ responseId: r.id, questionId: q.id, value, valueText: JSON.stringify(value), updatedBy: by });
  }
  return r;
}

/**
 * A published, open questionnaire of one long-text question ("Anything?"), opened yesterday and
 * closing in five days: its id and its one question's id in the published structure.
 */
export async function publishOneQuestionConsultation(db: Db, input: { ownerOrganisationId: string; title: string; slug: string }): Promise<{ id: string; questionId: string }> {
  const set = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: input.title,
    kind: "questionnaire",
    opensOn: "@-1d",
    closesOn: "@+5d",
    chapters: [{ title: "Only", questions: [{ number: "1", type: "long_text", text: "Anything?" }] }],
  });
  const created = await createConsultationFromQuestionSet(db, set, { ownerOrganisationId: input.ownerOrganisationId, actorId: null, slug: input.slug });
  await publishConsultation(db, created.id, null);
  const snapshot = (await loadPublishedSnapshot(db, created.id))!;
  return { id: created.id, questionId: snapshot.questions[0]!.id };
}
