// Demo content for publication (issue 18): a closed public consultation that publishes its
// responses after closing, with responses from members of the public and a partner, each with
// a different answer to the consent question, and free text holding the personal data a
// moderator must find. Loaded by `npm run db:setup` (and so the end-to-end suite) after the main
// demo content; the integration tests' seedWorld does not load it.
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { syncModerationQueue } from "../../lib/public/moderation-queue";
import { answers, answerTags, consultations, organisations, questions, responses, sections, themes, users } from "../schema";

export const PUBLICATION_DEMO_SLUG = "mobile-library-stops";

export async function loadPublicationDemo(db: Db, today = new Date()) {
  const [council] = await db.select().from(organisations).where(eq(organisations.name, "Chorley Council"));
  const [police] = await db.select().from(organisations).where(eq(organisations.name, "Lancashire Constabulary"));
  const [partner] = await db.select().from(users).where(eq(users.email, "sarah.lee@police.example"));
  if (!council || !police) return;
  const day = 86_400_000;
  const [c] = await db
    .insert(consultations)
    .values({
      slug: PUBLICATION_DEMO_SLUG,
      title: "Mobile library stops",
      summary: "We asked residents and partners when the mobile library should stop in each village.",
      kind: "questionnaire",
      status: "closed",
      opensAt: new Date(today.getTime() - 60 * day),
      closesAt: new Date(today.getTime() - 5 * day),
      ownerOrganisationId: council.id,
      audience: "both",
      publishResponses: "after_close",
      referenceCode: "LIB",
      privacyNotice: "Chorley Council uses your answers to decide the mobile library's timetable. Responses are published only if you agree, after personal details are removed.",
      audienceDescription: "Anyone who lives, works or studies in the borough, and partner organisations.",
    })
    .returning();
  const [s] = await db.insert(sections).values({ consultationId: c!.id, title: "Opening hours", position: 1 }).returning();
  const [q1] = await db
    .insert(questions)
    .values({ consultationId: c!.id, sectionId: s!.id, number: "1", type: "single_choice", text: "Which pattern of opening hours do you prefer?", options: ["Later evenings", "Sunday opening", "Keep as now"], position: 1 })
    .returning();
  const [q2] = await db.insert(questions).values({ consultationId: c!.id, sectionId: s!.id, number: "2", type: "long_text", text: "Tell us why", position: 2 }).returning();
  const [publicOrg] = await db
    .insert(organisations)
    .values({ name: "Members of the public (Chorley Council)", type: "public", publicOfOrganisationId: council.id })
    .onConflictDoNothing()
    .returning();
  const publicOrgId = publicOrg?.id ?? (await db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, council.id)))[0]!.id;
  const people = [
    { name: "Alice Moreton", email: "alice.moreton@resident.example", consent: "named" as const, published: "Alice Moreton", choice: "Later evenings", notify: true,
      text: "I work shifts at the hospital, so later evenings would let me bring my son. You can call me on 07700 900461 if you want to hear more." },
    { name: "Bilal Qureshi", email: "bilal.qureshi@resident.example", consent: "anonymous" as const, published: null, choice: "Sunday opening", notify: false,
      text: "Sunday is the only day my family is free. My neighbour Margaret Dobson, who lives at PR7 1DP, says the same." },
    { name: "Carol Fenwick", email: "carol.fenwick@resident.example", consent: "none" as const, published: null, choice: "Keep as now", notify: true,
      text: "Please do not change anything. This should never be published." },
  ];
  let n = 0;
  const ids: string[] = [];
  const submittedAt = new Date(today.getTime() - 20 * day);
  for (const p of people) {
    n++;
    const [u] = await db.insert(users).values({ name: p.name, email: p.email, emailVerified: submittedAt }).returning();
    const [r] = await db
      .insert(responses)
      .values({
        consultationId: c!.id,
        organisationId: publicOrgId,
        respondentUserId: u!.id,
        status: "submitted",
        reference: `LIB-DEMO-000${n}`,
        publicReference: `LIB-P00${n}`,
        revision: 1,
        submittedAt,
        submittedBy: u!.id,
        publishConsent: p.consent,
        publishedName: p.published,
        notifyOutcome: p.notify,
      })
      .returning();
    ids.push(r!.id);
    await db.insert(answers).values([
      { responseId: r!.id, questionId: q1!.id, value: p.choice, valueText: p.choice },
      { responseId: r!.id, questionId: q2!.id, value: p.text, valueText: p.text },
    ]);
  }
  const partnerText = "The police support later opening: libraries are safe, warm spaces. Contact Inspector Sarah Lee at sarah.lee@police.example.";
  const [pr] = await db
    .insert(responses)
    .values({
      consultationId: c!.id,
      organisationId: police.id,
      status: "submitted",
      reference: "LIB-DEMO-0004",
      publicReference: "LIB-P004",
      revision: 1,
      submittedAt,
      submittedBy: partner?.id ?? null,
      startedBy: partner?.id ?? null,
      publishConsent: "named",
      notifyOutcome: true,
    })
    .returning();
  await db.insert(answers).values([
    { responseId: pr!.id, questionId: q1!.id, value: "Later evenings", valueText: "Later evenings" },
    { responseId: pr!.id, questionId: q2!.id, value: partnerText, valueText: partnerText },
  ]);
  // The officer's themes for "Tell us why" (lib/analysis), confirmed: the public results page
  // counts only the published answers carrying each, and never lists "Leave things as they are",
  // which only Carol's unpublished answer raises.
  const [later, weekend, asNow] = await db
    .insert(themes)
    .values(["Later opening for people who work", "Weekend opening for families", "Leave things as they are"].map((name) => ({ consultationId: c!.id, questionId: q2!.id, name })))
    .returning();
  const tagged: [string, string][] = [[later!.id, ids[0]!], [later!.id, pr!.id], [weekend!.id, ids[1]!], [asNow!.id, ids[2]!]];
  await db.insert(answerTags).values(tagged.map(([themeId, responseId]) => ({ themeId, responseId, questionId: q2!.id })));
  // The responses were written directly, not submitted: queue their free text as a submission would.
  await syncModerationQueue(db, c!.id);
}
