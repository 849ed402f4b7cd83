// Notifications on a real database (PGlite, or Postgres with DATABASE_URL): who is notified of
// each event and who is not (the actor, another council's staff, other organisations'
// partners), muting in the app and by email, one digest email for many notifications, and
// nothing at all when the event's transaction rolls back.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, invitations, jobs, memberships, notificationPreferences, notifications, organisations, outbox, users } from "../../db/schema";
import { rowsOf } from "../../db/client";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { loadActor } from "../auth/actor";
import { can, type Actor } from "../auth/policy";
import { demoActors, type DemoActors } from "../collation/testing";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { closeConsultation, reopenConsultation } from "../consultations/publishing";
import { NotFoundError } from "../errors";
import { questionSetSchema } from "../question-sets/schema";
import { saveAndSubmitResponse, submitNewResponse } from "../responses/commands";
import { loadPublishedSnapshot } from "../responses/queries";
import { addComment, sendForReview } from "../review/commands";
import { decideSignOff, reopenSignOff } from "../signoff/commands";
import { scanAutomaticReminders } from "../invitations/commands";
import { jobText } from "../admin/job-text";
import { dailyJobs, jobHandlers } from "../jobs/handlers";
import { runDueJobs } from "../jobs/queue";
import { notifyClosingSoon } from "./closing";
import { MARK_ALL_BATCH, markAllNotificationsRead, markNotificationRead, savePreferences } from "./commands";
import { sendNotificationEmails } from "./email";
import { KIND_INFO, type NotificationKind } from "./kinds";
import { countUnread, getPreferences, listNotifications, UNREAD_CAP } from "./queries";
import { JOB_NOTIFICATION_PRUNE, NOTIFICATION_KEEP_DAYS, NOTIFICATION_PRUNE_BATCH, pruneReadNotifications } from "./retention";
import { decodeNotificationCursor, notificationListParamsSchema } from "./schemas";
import { emailJobKey, emailWindowEnd, JOB_NOTIFICATION_EMAILS } from "./record";

let t: TestDb;
let a: DemoActors;
let odpm: typeof consultations.$inferSelect;
let council: string;
/** Staff of a second council, and a partner of an organisation never invited. */
let other: { officer: Actor; scrutiny: Actor; signatory: Actor };
let stranger: Actor;

const db = () => t.db;

async function person(name: string, email: string, roles: [string, "officer" | "scrutiny" | "signatory" | "partner"][]): Promise<Actor> {
  const [u] = await db().insert(users).values({ name, email }).returning();
  for (const [organisationId, role] of roles) await db().insert(memberships).values({ userId: u.id, organisationId, role });
  return (await loadActor(db(), u.id))!;
}

/** Who holds a notification of `kind` about the consultation (by email), sorted. */
async function notified(kind: NotificationKind, consultationId: string): Promise<string[]> {
  const rows = await db()
    .select({ email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.kind, kind), eq(notifications.consultationId, consultationId)));
  return rows.map((r) => r.email).sort();
}

async function clear() {
  await db().delete(notifications);
}

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  a = await demoActors(t.db);
  [odpm] = await t.db.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
  council = odpm.ownerOrganisationId;
  const [second] = await t.db.insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
  other = {
    officer: await person("Olive Other", "olive@southribble.example", [[second.id, "officer"]]),
    scrutiny: await person("Sam Other", "sam@southribble.example", [[second.id, "scrutiny"]]),
    signatory: await person("Sid Other", "sid@southribble.example", [[second.id, "signatory"]]),
  };
  const [chamber] = await t.db.select().from(organisations).where(eq(organisations.name, "Chorley Chamber of Trade"));
  stranger = await person("Stan Trader", "stan@chamber.example", [[chamber.id, "partner"]]);
});
afterAll(async () => t?.close());

describe("who is notified", () => {
  it("sending the answers for review tells the council's scrutiny members and signatories, not the officer who sent them nor another council", async () => {
    await clear();
    await sendForReview(db(), { consultationId: odpm.id }, a.officer);
    expect(await notified("review_requested", odpm.id)).toEqual(["peter.moss@council.example"]);
    expect(await notified("signoff_requested", odpm.id)).toEqual(["helen.rigby@council.example"]);
    const all = await db().select().from(notifications);
    expect(all.map((n) => n.userId)).not.toContain(a.officer.id);
    for (const o of [...Object.values(other), stranger, a.partner]) expect(all.map((n) => n.userId)).not.toContain(o.id);
    const [peter] = all.filter((n) => n.kind === "review_requested");
    expect(peter.title).toContain("Local Strategic Partnerships");
    expect(peter.path).toBe(`/manage/${odpm.id}/review`);
  });

  it("a comment tells the council's officers (a signatory who is also an officer too), never its author", async () => {
    await clear();
    const q = await db().query.questions.findFirst({ where: (qq, { eq: e }) => and(e(qq.consultationId, odpm.id), e(qq.number, "3")) });
    await addComment(db(), { consultationId: odpm.id, questionId: q!.id, parentId: null, body: "Say more about health." }, a.scrutiny);
    expect(await notified("comment_added", odpm.id)).toEqual(["amir.khan@council.example", "helen.rigby@council.example", "jane.fisher@council.example"]);
    const [one] = await db().select().from(notifications).limit(1);
    expect(one.path).toBe(`/manage/${odpm.id}/review#q-3`);
    await clear();
    await addComment(db(), { consultationId: odpm.id, questionId: q!.id, parentId: null, body: "Agreed, will do." }, a.officer);
    expect(await notified("comment_added", odpm.id)).toEqual(["amir.khan@council.example", "helen.rigby@council.example"]);
  });

  it("returning, approving and reopening the answers tell the officers, not the signatory who decided", async () => {
    await clear();
    await decideSignOff(db(), { consultationId: odpm.id, decision: "returned", note: "Tighten question 5.", expectedHash: undefined, seen: undefined } as never, a.signatory);
    expect(await notified("answers_returned", odpm.id)).toEqual(["amir.khan@council.example", "jane.fisher@council.example"]);
    await sendForReview(db(), { consultationId: odpm.id }, a.officer2);
    await clear();
    await decideSignOff(db(), { consultationId: odpm.id, decision: "approved", note: "", expectedHash: undefined, seen: undefined } as never, a.signatory);
    expect(await notified("answers_approved", odpm.id)).toEqual(["amir.khan@council.example", "jane.fisher@council.example"]);
    await clear();
    await reopenSignOff(db(), { consultationId: odpm.id, reason: "The ODPM extended the deadline." }, a.signatory);
    expect(await notified("answers_returned", odpm.id)).toEqual(["amir.khan@council.example", "jane.fisher@council.example"]);
    expect((await db().select().from(notifications)).map((n) => n.userId)).not.toContain(other.officer.id);
  });

  it("every council kind links to a page its recipients' role may open", () => {
    for (const [kind, info] of Object.entries(KIND_INFO)) {
      if (info.audience.of !== "owner" || !info.linkNeeds) continue;
      const recipient: Actor = { id: "x", name: null, email: "x", memberships: [{ organisationId: "o", organisationName: "O", role: info.audience.role }] };
      expect(can(recipient, info.linkNeeds, { kind: "consultation", ownerOrganisationId: "o" }), kind).toBe(true);
    }
  });
});

describe("submissions and the digest", () => {
  let c: typeof consultations.$inferSelect;
  let questionId: string;
  const partners: Actor[] = [];

  beforeAll(async () => {
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Town centre <b>parking</b> & \"loading\"",
      kind: "questionnaire",
      opensOn: "@-1d",
      closesOn: "@+10d",
      chapters: [{ title: "Only", questions: [{ number: "1", type: "short_text", text: "Your view?", required: true }] }],
    });
    c = await createConsultationFromQuestionSet(db(), set, { ownerOrganisationId: council, actorId: null, slug: "town-centre-parking" });
    await publishConsultation(db(), c.id, null);
    questionId = (await loadPublishedSnapshot(db(), c.id))!.questions[0]!.id;
    for (let i = 1; i <= 31; i++) {
      const [o] = await db().insert(organisations).values({ name: `Partner organisation ${i}`, type: "voluntary_sector" }).returning();
      partners.push(await person(`Contact ${i}`, `contact${i}@partner${i}.example`, [[o.id, "partner"]]));
    }
  });

  const submit = (p: Actor) =>
    saveAndSubmitResponse(
      db(),
      { consultationId: c.id, organisationId: p.memberships[0]!.organisationId, statesAnswers: true, answers: [{ questionId, value: `View of ${p.name}` }] } as never,
      p,
      () => undefined,
    );

  it("30 partners submitting within minutes: each officer has 30 notifications and gets ONE email listing them", async () => {
    await clear();
    await db().delete(outbox);
    for (const p of partners.slice(0, 30)) await submit(p);
    for (const officer of [a.officer, a.officer2, a.signatory]) {
      const list = await listNotifications(db(), officer);
      expect(list.items).toHaveLength(20); // a page
      expect(list.newer).toBeNull();
      expect(list.items[0]!.title).toBe("Partner organisation 30 submitted a response to “Town centre <b>parking</b> & \"loading\"”");
      const older = await listNotifications(db(), officer, { before: decodeNotificationCursor(list.older) });
      expect(older.items).toHaveLength(10); // the rest
      expect(older.older).toBeNull();
      expect(older.items.at(-1)!.title).toContain("Partner organisation 1 submitted");
      expect(await countUnread(db(), officer.id)).toBe(30);
    }
    for (const o of [other.officer, a.scrutiny, ...partners]) expect(await countUnread(db(), o.id)).toBe(0);
    // One email job for the window, whatever the number of notifications.
    const windowJobs = await db().select().from(jobs).where(eq(jobs.name, JOB_NOTIFICATION_EMAILS));
    expect(windowJobs.map((j) => j.singletonKey)).toContain(emailJobKey(emailWindowEnd(new Date(windowJobs[0]!.runAt.getTime() - 1))));

    const sent = await sendNotificationEmails(db());
    expect(sent).toEqual({ emails: 3, notifications: 90 });
    const mails = await db().select().from(outbox).where(eq(outbox.kind, "notification_digest"));
    expect(mails.map((m) => m.to).sort()).toEqual(["amir.khan@council.example", "helen.rigby@council.example", "jane.fisher@council.example"]);
    const jane = mails.find((m) => m.to === "jane.fisher@council.example")!;
    expect(jane.subject).toBe("30 new notifications from Council consultations");
    expect(jane.text.match(/submitted a response to/g)).toHaveLength(30);
    expect(jane.text).toContain(`http://localhost:3000/manage/${c.id}/responses/`);
    // Hostile-safe: the typed title is text in the HTML part, never markup.
    expect(jane.html).toContain("Town centre &lt;b&gt;parking&lt;/b&gt; &amp; &quot;loading&quot;");
    expect(jane.html).not.toContain("<b>parking");
    // Nothing left to send: a second run sends nothing.
    expect(await sendNotificationEmails(db())).toEqual({ emails: 0, notifications: 0 });
  });

  it("a single pending notification is sent as a normal email; the API's one-statement submission notifies too", async () => {
    await db().delete(outbox);
    const p = partners[30]!;
    const apiActor: Actor = { ...p, apiKeyScope: "read_write" };
    const result = await submitNewResponse(db(), { consultationId: c.id, organisationId: p.memberships[0]!.organisationId, answers: () => [{ questionId, value: "By API" }] }, apiActor);
    expect(result).not.toBeNull();
    const rows = await db().select().from(notifications).where(eq(notifications.path, `/manage/${c.id}/responses/${result!.responseId}`));
    expect(rows.map((r) => r.userId).sort()).toEqual([a.officer.id, a.officer2.id, a.signatory.id].sort());
    expect(rows.every((r) => r.emailState === "pending" && r.title === "Partner organisation 31 submitted a response to “Town centre <b>parking</b> & \"loading\"”")).toBe(true);
    expect(await sendNotificationEmails(db())).toEqual({ emails: 3, notifications: 3 });
    const [mail] = await db().select().from(outbox).where(eq(outbox.to, "jane.fisher@council.example"));
    expect(mail.kind).toBe("notification");
    expect(mail.subject).toBe("Partner organisation 31 submitted a response to “Town centre <b>parking</b> & \"loading\"”");
    expect(mail.text).toContain(`http://localhost:3000/manage/${c.id}/responses/${result!.responseId}`);
  });

  it("muting: by email keeps it listed but not emailed; in the app keeps it emailed but not listed; both writes nothing", async () => {
    await clear();
    await db().delete(outbox);
    await savePreferences(db(), { inApp: ["response_submitted"], email: [] }, a.officer2); // Amir: no email
    await savePreferences(db(), { inApp: [], email: ["response_submitted"] }, a.signatory); // Helen: no list
    await savePreferences(db(), { inApp: [], email: [] }, a.officer); // Jane: nothing
    // The settings page offers each person only the kinds their roles receive.
    expect((await getPreferences(db(), a.officer)).map((p) => p.kind)).toEqual(["comment_added", "response_submitted", "answers_approved", "answers_returned", "document_comments_submitted", "document_endorsed"]);
    expect((await getPreferences(db(), a.officer2)).find((p) => p.kind === "response_submitted")).toMatchObject({ inApp: true, email: false });
    // An amendment by the first partner.
    const p = partners[0]!;
    await saveAndSubmitResponse(
      db(),
      { consultationId: c.id, organisationId: p.memberships[0]!.organisationId, statesAnswers: true, answers: [{ questionId, value: "Changed my mind" }] } as never,
      p,
      () => undefined,
    );
    const rows = await db().select().from(notifications);
    expect(rows.map((r) => r.userId).sort()).toEqual([a.officer2.id, a.signatory.id].sort());
    expect(rows.find((r) => r.userId === a.officer2.id)).toMatchObject({ inApp: true, emailState: "none" });
    expect(rows.find((r) => r.userId === a.signatory.id)).toMatchObject({ inApp: false, emailState: "pending" });
    expect(rows[0]!.title).toContain("amended its response");
    expect(await countUnread(db(), a.signatory.id)).toBe(0);
    expect((await listNotifications(db(), a.signatory)).items).toEqual([]);
    expect(await countUnread(db(), a.officer2.id)).toBe(1);
    expect(await sendNotificationEmails(db())).toEqual({ emails: 1, notifications: 1 });
    expect((await db().select().from(outbox).where(inArray(outbox.kind, ["notification", "notification_digest"]))).map((m) => m.to)).toEqual(["helen.rigby@council.example"]);
    // Muting email after a notification was written stops its email too.
    await savePreferences(db(), { inApp: ["response_submitted"], email: [] }, a.signatory);
    await db().insert(notifications).values({ userId: a.signatory.id, kind: "response_submitted", title: "x", path: "/manage", emailState: "pending" });
    expect(await sendNotificationEmails(db())).toEqual({ emails: 0, notifications: 0 });
    for (const who of [a.officer, a.officer2, a.signatory]) {
      await savePreferences(db(), { inApp: ["comment_added", "response_submitted", "answers_approved", "answers_returned", "signoff_requested"], email: ["comment_added", "response_submitted", "answers_approved", "answers_returned", "signoff_requested"] }, who);
    }
  });

  it("a rolled-back event notifies nobody", async () => {
    await clear();
    const q = await db().query.questions.findFirst({ where: (qq, { eq: e }) => and(e(qq.consultationId, odpm.id), e(qq.number, "4")) });
    const attempt = db().transaction(async (tx) => {
      await addComment(tx, { consultationId: odpm.id, questionId: q!.id, parentId: null, body: "Never committed." }, a.scrutiny);
      expect((await tx.select().from(notifications)).length).toBe(3); // written in the event's transaction...
      throw new Error("the request failed after the comment");
    });
    await expect(attempt).rejects.toThrow("the request failed");
    expect(await db().select().from(notifications)).toEqual([]); // ...and gone with it
    // A refused event writes none either (the answers are not in review, so no sign-off).
    await expect(decideSignOff(db(), { consultationId: odpm.id, decision: "approved", note: "" } as never, a.signatory)).rejects.toThrow();
    expect(await db().select().from(notifications)).toEqual([]);
  });
});

describe("partners: a consultation closing soon", () => {
  it("tells invited contacts whose organisation has not submitted, once per closing date, not other organisations' partners", async () => {
    await clear();
    const [breckland] = await db().select().from(consultations).where(eq(consultations.slug, "partner-questionnaire-scs-refresh"));
    const closesAt = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    await db().update(consultations).set({ closesAt, reminderDaysBefore: null }).where(eq(consultations.id, breckland.id));
    // The police have submitted (both police contacts are then left out).
    await saveAndSubmitResponse(
      db(),
      { consultationId: breckland.id, organisationId: a.partner.memberships[0]!.organisationId, statesAnswers: true, answers: [] } as never,
      a.partner,
      () => undefined,
    ).catch(() => undefined);
    const invited = await db()
      .select({ email: users.email })
      .from(invitations)
      .innerJoin(users, eq(users.id, invitations.userId))
      .where(eq(invitations.consultationId, breckland.id));
    expect(invited.length).toBeGreaterThan(2);
    const n = await notifyClosingSoon(db());
    const got = await notified("consultation_closing", breckland.id);
    expect(n).toBe(got.length);
    expect(got.length).toBeGreaterThan(0);
    expect(got).not.toContain("stan@chamber.example");
    expect(got.every((e) => invited.some((i) => i.email === e))).toBe(true);
    const [row] = await db().select().from(notifications).where(eq(notifications.kind, "consultation_closing")).limit(1);
    expect(row.path).toBe("/respond/partner-questionnaire-scs-refresh");
    expect(row.emailState).toBe("pending"); // no automatic reminders here, so this is the email
    // Running the daily scan again notifies nobody twice.
    expect(await notifyClosingSoon(db())).toBe(0);
    // With automatic reminders on, the reminder is the email: the notification is in-app only.
    await clear();
    await db().update(consultations).set({ reminderDaysBefore: 5 }).where(eq(consultations.id, breckland.id));
    await notifyClosingSoon(db());
    const rows = await db().select().from(notifications).where(eq(notifications.kind, "consultation_closing"));
    expect(rows.length).toBe(got.length);
    expect(rows.every((r) => r.emailState === "none")).toBe(true);
    // Muting "closes soon" by email stops the automatic reminder to that person, not to others.
    const [mutes, keeps] = got.slice(0, 2);
    const [mutesUser] = await db().select().from(users).where(eq(users.email, mutes!));
    await savePreferences(db(), { inApp: ["consultation_closing"], email: [] }, (await loadActor(db(), mutesUser.id))!);
    await db().delete(outbox);
    await scanAutomaticReminders(db());
    await runDueJobs(db(), jobHandlers);
    const reminded = (await db().select().from(outbox).where(eq(outbox.kind, "reminder"))).map((m) => m.to);
    expect(reminded).toContain(keeps);
    expect(reminded).not.toContain(mutes);
    // Not yet in the window: nothing.
    await clear();
    await db().update(consultations).set({ closesAt: new Date(Date.now() + 20 * 24 * 3600 * 1000), reminderDaysBefore: null }).where(eq(consultations.id, breckland.id));
    expect(await notifyClosingSoon(db())).toBe(0);
  });
});

describe("partners: a consultation reopened for amendments", () => {
  it("tells every invited contact (not other organisations' partners, not the officer who reopened it), in the reopening's transaction", async () => {
    await clear();
    // Everyone back to the default preferences (the reminders test above muted one invited contact).
    await db().delete(notificationPreferences);
    const [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
    await closeConsultation(db(), leics.id, a.officer);
    const later = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    // Refused (a date in the past): nobody is told.
    await expect(reopenConsultation(db(), { consultationId: leics.id, closesOn: "2020-01-01" }, a.officer)).rejects.toThrow("today or later");
    expect(await notified("consultation_reopened", leics.id)).toEqual([]);
    // Another council's officer may not.
    await expect(reopenConsultation(db(), { consultationId: leics.id, closesOn: later }, other.officer)).rejects.toThrow();
    await reopenConsultation(db(), { consultationId: leics.id, closesOn: later }, a.officer);
    const invited = (
      await db().select({ email: users.email }).from(invitations).innerJoin(users, eq(users.id, invitations.userId)).where(eq(invitations.consultationId, leics.id))
    ).map((r) => r.email).sort();
    expect(await notified("consultation_reopened", leics.id)).toEqual(invited);
    expect(invited).not.toContain("stan@chamber.example");
    expect(invited).not.toContain(a.officer.email);
    const [row] = await db().select().from(notifications).where(eq(notifications.kind, "consultation_reopened")).limit(1);
    expect(row.path).toBe("/respond/leicestershire-scs-laa");
    expect(row.title).toMatch(/has reopened until .*: you can amend your organisation's response/);
    const [after] = await db().select().from(consultations).where(eq(consultations.id, leics.id));
    expect(after).toMatchObject({ status: "open", allowAmendments: true });
  });
});

describe("a person's own list", () => {
  it("marks one and all read, and nobody can mark another person's", async () => {
    await clear();
    const q = await db().query.questions.findFirst({ where: (qq, { eq: e }) => and(e(qq.consultationId, odpm.id), e(qq.number, "5")) });
    await addComment(db(), { consultationId: odpm.id, questionId: q!.id, parentId: null, body: "One." }, a.scrutiny);
    await addComment(db(), { consultationId: odpm.id, questionId: q!.id, parentId: null, body: "Two." }, a.scrutiny);
    const mine = await listNotifications(db(), a.officer);
    expect(mine).toMatchObject({ newer: null, older: null });
    expect(mine.items).toHaveLength(2);
    await expect(markNotificationRead(db(), { notificationId: mine.items[0]!.id }, a.officer2)).rejects.toBeInstanceOf(NotFoundError);
    const followed = await markNotificationRead(db(), { notificationId: mine.items[0]!.id }, a.officer);
    expect(followed.path).toBe(`/manage/${odpm.id}/review#q-5`);
    expect(await countUnread(db(), a.officer.id)).toBe(1);
    expect(await countUnread(db(), a.officer2.id)).toBe(2);
    expect(await markAllNotificationsRead(db(), a.officer)).toEqual({ marked: 1 });
    expect(await countUnread(db(), a.officer.id)).toBe(0);
    const ids = (await db().select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, a.officer2.id))).map((r) => r.id);
    expect((await db().select().from(notifications).where(inArray(notifications.id, ids))).every((r) => r.readAt === null)).toBe(true);
  });
});

describe("hundreds of thousands of notifications: keyset pages, capped counts, mark all, retention", () => {
  type Seed = { at: string; read?: boolean; inApp?: boolean; email?: "none" | "sent" | "pending"; dedupe?: boolean; tie?: number };
  /**
   * `n` notifications for the person in one statement: the g-th made at `at` plus g / `tie`
   * microseconds (so `tie` of them share each instant, and neighbours are a microsecond apart,
   * inside one millisecond), read at `at` when `read`.
   */
  async function seed(userId: string, n: number, o: Seed) {
    await db().execute(sql`
      insert into notifications (user_id, kind, title, path, in_app, email_state, dedupe_key, created_at, read_at)
      select ${userId}::uuid, 'response_submitted', 'Response ' || g, '/manage', ${o.inApp ?? true}::boolean, ${o.email ?? "none"}::text,
        case when ${o.dedupe ?? false}::boolean then 'once:' || g else null end,
        ${o.at}::timestamptz + (g / ${o.tie ?? 1}::int) * interval '1 microsecond',
        case when ${o.read ?? false}::boolean then ${o.at}::timestamptz else null end
      from generate_series(1, ${n}::int) g`);
  }
  const fresh = (name: string) => person(name, `${name.toLowerCase().replace(/\W+/g, ".")}@council.example`, [[council, "officer"]]);
  const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id);

  let paula: Actor;
  /** Paula's listed notifications as the list must give them: newest first, the id breaking ties. */
  let expected: { id: string; at: string }[];

  beforeAll(async () => {
    paula = await fresh("Paula Pager");
    const olga = await fresh("Olga Overlap");
    // 80 in threes at each instant; every 8th muted in the app (not listed): 70 listed, 4 pages.
    await db().execute(sql`
      insert into notifications (user_id, kind, title, path, in_app, email_state, created_at)
      select ${paula.id}::uuid, 'response_submitted', 'Response ' || g, '/manage', g % 8 <> 0, 'none',
        timestamptz '2026-03-01 10:00:00+00' + (g / 3) * interval '1 microsecond'
      from generate_series(1, 80) g`);
    // Someone else's at the same instants: never on Paula's pages.
    await seed(olga.id, 30, { at: "2026-03-01T10:00:00Z", tie: 3 });
    expected = await rowsOf<{ id: string; at: string }>(
      db(),
      sql`select id, created_at::text as at from notifications where user_id = ${paula.id} and in_app order by created_at desc, id desc`,
    );
  });

  it("pages Older through every notification once, newest first, with ties and microseconds apart across page ends; Newer comes back the same way", async () => {
    expect(expected).toHaveLength(70);
    // The test means something: some page ends fall inside a tie, and all 70 are within one millisecond.
    expect([20, 40, 60].some((i) => expected[i - 1]!.at === expected[i]!.at)).toBe(true);
    const pages: string[][] = [];
    let list = await listNotifications(db(), paula);
    expect(list.newer).toBeNull();
    for (;;) {
      pages.push(ids(list));
      if (!list.older) break;
      expect(pages.length).toBeLessThan(10); // the old code (no cursor) would give page one for ever
      list = await listNotifications(db(), paula, { before: decodeNotificationCursor(list.older) });
      expect(list.newer).not.toBeNull();
    }
    expect(pages.map((p) => p.length)).toEqual([20, 20, 20, 10]);
    expect(pages.flat()).toEqual(expected.map((e) => e.id));
    // Back up by Newer from the last page: the same pages, the newest last and with no Newer.
    const back: string[][] = [];
    while (list.newer) {
      list = await listNotifications(db(), paula, { after: decodeNotificationCursor(list.newer) });
      back.push(ids(list));
    }
    expect(back).toEqual([pages[2], pages[1], pages[0]]);
    expect(list.older).not.toBeNull();
    // A notification arriving meanwhile shifts nothing: the next Older page is the same.
    const second = await listNotifications(db(), paula, { before: decodeNotificationCursor(list.older) });
    await seed(paula.id, 5, { at: "2026-03-02T00:00:00Z" });
    expect(ids(await listNotifications(db(), paula, { before: decodeNotificationCursor(list.older) }))).toEqual(ids(second));
    await db().execute(sql`delete from notifications where user_id = ${paula.id} and created_at >= '2026-03-02'`);
  });

  it("a malformed, tampered or stale cursor is the newest page, never an error", async () => {
    const newest = await listNotifications(db(), paula);
    const real = decodeNotificationCursor(newest.older)!;
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
    const bad: unknown[] = [
      "",
      "x",
      "%%%",
      "Infinity",
      "1e300",
      "a".repeat(5_000),
      b64(`2026-02-31T10:00:00.000000Z_${real.id}`), // no such day (Postgres would refuse it)
      b64(`99999-01-01T00:00:00.000000Z_${real.id}`),
      b64(`0000-01-01T00:00:00.000000Z_${real.id}`), // Postgres has no year 0
      b64(`2026-03-01T10:00:00Z_${real.id}`), // not to the microsecond
      b64(`2026-03-01T10:00:00.000000Z_not-a-uuid`),
      b64(`2026-03-01T10:00:00.000000Z_${real.id}_more`),
      b64(`2026-03-01T10:00:00.000000Z'); drop table notifications; --_${real.id}`),
      `${newest.older}=`,
      ["junk", newest.older],
      42,
      null,
      { at: real.at, id: real.id },
    ];
    for (const value of bad) {
      const params = notificationListParamsSchema.parse({ before: value, after: value });
      expect(params, JSON.stringify(value).slice(0, 80)).toEqual({ before: null, after: null });
      expect(await listNotifications(db(), paula, params)).toEqual(newest);
    }
    // Well formed but leading nowhere (older than everything, newer than everything): the newest page.
    expect(await listNotifications(db(), paula, { before: { at: "1900-01-01T00:00:00.000000Z", id: real.id } })).toEqual(newest);
    expect(await listNotifications(db(), paula, { after: { at: "2999-01-01T00:00:00.000000Z", id: real.id } })).toEqual(newest);
    // An "Older" cursor newer than everything reads the newest page, and says so: no "Newer" link
    // leading back to it. A "Newer" cursor older than everything reads the oldest page, no "Older".
    expect(await listNotifications(db(), paula, { before: { at: "2999-01-01T00:00:00.000000Z", id: real.id } })).toEqual(newest);
    const oldest = await listNotifications(db(), paula, { after: { at: "1900-01-01T00:00:00.000000Z", id: real.id } });
    expect(oldest.newer).not.toBeNull();
    expect(oldest.older).toBeNull();
    // A repeated parameter: its first value counts.
    expect(notificationListParamsSchema.parse({ before: [newest.older, "junk"] }).before).toEqual(real);
    expect(notificationListParamsSchema.parse({}).before).toBeNull();
  });

  it("counts unread only up to the cap (the header's 99+), and the list counts nothing", async () => {
    const ursula = await fresh("Ursula Unread");
    await seed(ursula.id, 250, { at: "2026-03-01T10:00:00Z" });
    expect(await countUnread(db(), ursula.id)).toBe(UNREAD_CAP + 1);
    expect((await loadActor(db(), ursula.id))!.unreadNotifications).toBe(UNREAD_CAP + 1);
    const list = await listNotifications(db(), ursula);
    expect(Object.keys(list).sort()).toEqual(["items", "newer", "older"]);
  });

  it("marks all read in batches and says how many: only those listed and made up to the press", async () => {
    const mark = await fresh("Mark Many");
    const now = new Date("2026-03-02T00:00:00Z");
    await seed(mark.id, 12_345, { at: "2026-03-01T00:00:00Z", tie: 3 }); // batch ends inside ties
    await seed(mark.id, 100, { at: "2026-02-01T00:00:00Z", read: true });
    await seed(mark.id, 50, { at: "2026-03-01T00:00:00Z", inApp: false }); // muted in the app: never listed
    await seed(mark.id, 3, { at: "2026-03-02T00:00:01Z" }); // arrived after the press
    expect(MARK_ALL_BATCH).toBeLessThan(12_345);
    expect(await markAllNotificationsRead(db(), mark, now)).toEqual({ marked: 12_345 });
    expect(await countUnread(db(), mark.id)).toBe(3);
    const [{ n }] = await rowsOf<{ n: number }>(db(), sql`select count(*)::int as n from notifications where user_id = ${mark.id} and read_at = ${now.toISOString()}::timestamptz`);
    expect(n).toBe(12_345); // those read before keep when they were read
    expect(await markAllNotificationsRead(db(), mark, now)).toEqual({ marked: 0 });
    expect(await markAllNotificationsRead(db(), mark)).toEqual({ marked: 3 });
  });

  it("the daily job deletes read notifications over 180 days old (and never-listed ones whose email is done), keeping unread, once-only and recent ones", async () => {
    await clear(); // the job is everyone's: only this test's rows
    const rita = await fresh("Rita Retained");
    const vic = await fresh("Vic Other");
    const now = new Date("2026-09-01T00:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    await seed(rita.id, 6_000, { at: daysAgo(181), read: true }); // more than one batch
    await seed(rita.id, 5, { at: daysAgo(400) }); // unread: kept
    await seed(rita.id, 4, { at: daysAgo(181), read: true, dedupe: true }); // once-only: kept
    await seed(rita.id, 3, { at: daysAgo(181), inApp: false, email: "sent" }); // never listed, emailed: goes
    await seed(rita.id, 2, { at: daysAgo(181), inApp: false, email: "pending" }); // its email still to go: kept
    await seed(rita.id, 7, { at: daysAgo(179), read: true }); // recent: kept
    await seed(vic.id, 8, { at: daysAgo(200), read: true });
    expect(NOTIFICATION_PRUNE_BATCH).toBeLessThan(6_000);
    expect(await pruneReadNotifications(db(), { now })).toBe(6_000 + 3 + 8);
    const left = await db().select().from(notifications).where(inArray(notifications.userId, [rita.id, vic.id]));
    expect(left).toHaveLength(5 + 4 + 2 + 7);
    expect(left.filter((r) => r.readAt === null && r.inApp)).toHaveLength(5);
    expect(left.filter((r) => r.dedupeKey)).toHaveLength(4);
    expect(left.filter((r) => r.emailState === "pending")).toHaveLength(2);
    expect(await pruneReadNotifications(db(), { now })).toBe(0);
    // It runs daily, with its own words on the jobs page.
    expect(dailyJobs.map((d) => d.name)).toContain(JOB_NOTIFICATION_PRUNE);
    expect(jobHandlers[JOB_NOTIFICATION_PRUNE]).toBeTypeOf("function");
    expect(jobText(JOB_NOTIFICATION_PRUNE)).toMatch(/^Daily deletion of read notifications/);
    expect(NOTIFICATION_KEEP_DAYS).toBe(180);
  });
});
