// Audience, invitations and reminders: who is emailed, with what link, through the job queue.
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, jobs, memberships, organisations, outbox, responses, users, verificationTokens } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { createConsultation } from "../consultations/commands";
import { addChapter, addQuestion, setReminderDays } from "../consultations/editor";
import { publishConsultationAs } from "../consultations/publishing";
import { questionFields } from "../consultations/schemas";
import { respond, seedWorld } from "../consultations/test-helpers";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ForbiddenError, InvalidError } from "../errors";
import { NUL_MESSAGE } from "../input/text";
import { runDueJobs } from "../jobs/queue";
import { importContacts, inviteContacts, markInvitationOpened, remindNonSubmitters, scanAutomaticReminders, sendInvitations } from "./commands";
import { invitationJobHandlers } from "./emails";
import { listAudience, listPartnerContacts, pickerCaption, PICKER_ORGANISATIONS, summariseAudience, type PartnerPicker } from "./queries";
import { readOrganisationSearch } from "../input/search";
import { createSignInLink, deleteExpiredSignInLinks, deleteSignInLinksTo, hashVerificationToken } from "./sign-in-link";

const SECRET = "test-secret-test-secret-test-secret";
let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  process.env.NEXTAUTH_URL = "http://consult.test";
  delete process.env.SMTP_URL;
  t = await createTestDb();
  w = await seedWorld(t.db);
});
afterAll(async () => t?.close());

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

async function readyConsultation(title: string, closesIn = 30) {
  const c = await createConsultation(
    t.db,
    { title, summary: "Tell us your priorities.\n\nMore detail.", kind: "questionnaire", askedBy: "", responseDeadline: undefined, opensOn: day(-1), closesOn: day(closesIn), audienceDescription: "", privacyNotice: "" },
    w.officer,
  );
  const ch = await addChapter(t.db, c.id, { title: "Priorities", description: "" }, w.officer);
  await addQuestion(t.db, c.id, ch.id, questionFields.parse({ number: "1", type: "long_text", text: "What matters most?" }), w.officer);
  return c;
}

const run = () => runDueJobs(t.db, invitationJobHandlers);
const mailTo = (consultationId: string, kind: string) =>
  t.db.select().from(outbox).where(and(eq(outbox.consultationId, consultationId), eq(outbox.kind, kind))).orderBy(asc(outbox.to));

describe("invitations", () => {
  it("emails each contact of the picked organisations, once, with a working sign-in link", async () => {
    const c = await readyConsultation("Invitations test");
    const added = await inviteContacts(t.db, { consultationId: c.id, userIds: [w.health.id], organisationIds: [w.police.id] }, w.officer);
    expect(added).toEqual({ added: 3, alreadyInvited: 0 });
    // Nothing is emailed before publishing.
    await run();
    expect(await mailTo(c.id, "invitation")).toEqual([]);
    await publishConsultationAs(t.db, c.id, w.officer);
    // The request only queued jobs; the worker sends.
    expect(await mailTo(c.id, "invitation")).toEqual([]);
    const counts = await run();
    expect(counts.failed).toBe(0);
    const sent = await mailTo(c.id, "invitation");
    expect(sent.map((m) => m.to)).toEqual(["david.brown@police.example", "grace.okafor@health.example", "sarah.lee@police.example"]);
    expect(sent.every((m) => m.status === "stored")).toBe(true);
    const mail = sent.find((m) => m.to === "sarah.lee@police.example")!;
    expect(mail.subject).toBe("Invitation to respond: Invitations test");
    expect(mail.text).toContain("Chorley Council invites Lancashire Constabulary to respond");
    const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
    expect(link.origin + link.pathname).toBe("http://consult.test/api/auth/callback/email");
    expect(link.searchParams.get("callbackUrl")).toBe(`http://consult.test/respond/${c.slug}`);
    expect(link.searchParams.get("email")).toBe("sarah.lee@police.example");
    const token = link.searchParams.get("token")!;
    const [row] = await t.db
      .select()
      .from(verificationTokens)
      .where(and(eq(verificationTokens.identifier, "sarah.lee@police.example"), eq(verificationTokens.token, hashVerificationToken(token, SECRET))));
    expect(row.expires.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    // Sending again (or publishing's queue running twice) emails nobody twice.
    expect(await sendInvitations(t.db, c.id, w.officer)).toBe(0);
    await run();
    expect(await mailTo(c.id, "invitation")).toHaveLength(3);
    // Someone added after publishing is emailed on "Send invitations".
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.cvs.id], organisationIds: [] }, w.officer);
    const audience = await listAudience(t.db, c.id, w.officer);
    expect(audience.find((a) => a.email === "mark.evans@cvs.example")!.emailState).toBe("not_sent");
    expect(summariseAudience(audience).notSent).toBe(1);
    expect(await sendInvitations(t.db, c.id, w.officer)).toBe(1);
    await run();
    expect(await mailTo(c.id, "invitation")).toHaveLength(4);
  });

  it("refuses partners and other councils' officers", async () => {
    const c = await readyConsultation("Denials");
    await expect(inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [w.police.id] }, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [w.police.id] }, w.otherOfficer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAudience(t.db, c.id, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(remindNonSubmitters(t.db, c.id, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // Council staff cannot be invited as partners.
    await expect(inviteContacts(t.db, { consultationId: c.id, userIds: [w.officer.id], organisationIds: [] }, w.officer)).rejects.toBeInstanceOf(InvalidError);
    expect(await t.db.select().from(invitations).where(eq(invitations.consultationId, c.id))).toEqual([]);
  });

  it("records when an invited person opens the consultation, once", async () => {
    const c = await readyConsultation("Opened");
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.partner.id], organisationIds: [] }, w.officer);
    expect(await markInvitationOpened(t.db, c.id, w.partner.id)).toBe(true);
    expect(await markInvitationOpened(t.db, c.id, w.partner.id)).toBe(false);
    expect(await markInvitationOpened(t.db, c.id, w.health.id)).toBe(false);
    const audience = await listAudience(t.db, c.id, w.officer);
    expect(audience[0].openedAt).toBeInstanceOf(Date);
  });
});

describe("reminders", () => {
  it("reminds only contacts of organisations that have not submitted", async () => {
    const c = await readyConsultation("Reminders test");
    await inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [w.police.id, w.healthOrg.id, w.cvsOrg.id] }, w.officer);
    await publishConsultationAs(t.db, c.id, w.officer);
    await run();
    await respond(t.db, c.id, w.police.id, w.partner.id, { "1": "Safety" }, true);
    await respond(t.db, c.id, w.healthOrg.id, w.health.id, { "1": "Half done" }, false);
    // Pressed twice at once (a double click, or two officers): one of them reminds, once each.
    expect((await Promise.all([remindNonSubmitters(t.db, c.id, w.officer), remindNonSubmitters(t.db, c.id, w.officer)])).sort()).toEqual([0, 2]);
    await run();
    const reminders = await mailTo(c.id, "reminder");
    expect(reminders.map((m) => m.to)).toEqual(["grace.okafor@health.example", "mark.evans@cvs.example"]);
    expect(reminders[0].subject).toMatch(/^Reminder: Reminders test closes on /);
    expect(reminders[0].text).toContain("/api/auth/callback/email?");
    const audience = await listAudience(t.db, c.id, w.officer);
    expect(audience.find((a) => a.email === "grace.okafor@health.example")).toMatchObject({ reminderCount: 1, progress: "drafting" });
    expect(audience.find((a) => a.email === "sarah.lee@police.example")).toMatchObject({ reminderCount: 0, progress: "submitted" });
    const entry = (await t.db.select().from(auditLog).where(and(eq(auditLog.consultationId, c.id), eq(auditLog.action, "reminder.send"))))[0];
    expect(entry.after).toMatchObject({ reason: "on demand", count: 2 });
    // Pressed again within ten minutes: nobody is reminded twice.
    expect(await Promise.all([remindNonSubmitters(t.db, c.id, w.officer), remindNonSubmitters(t.db, c.id, w.officer)])).toEqual([0, 0]);
    await run();
    expect(await mailTo(c.id, "reminder")).toHaveLength(2);
  });

  it("sends automatic reminders once, a set number of days before closing", async () => {
    const c = await readyConsultation("Automatic reminders", 10);
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.health.id, w.cvs.id], organisationIds: [] }, w.officer);
    await publishConsultationAs(t.db, c.id, w.officer);
    await setReminderDays(t.db, c.id, 3, w.officer);
    // Eight days out: too early.
    const in2 = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    const in8 = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect(await scanAutomaticReminders(t.db, in2)).toBe(0);
    expect(await scanAutomaticReminders(t.db, in8)).toBe(2);
    // The daily scan running again (or on a second server) queues nothing more.
    expect(await scanAutomaticReminders(t.db, in8)).toBe(0);
    expect(await scanAutomaticReminders(t.db, new Date(in8.getTime() + 24 * 3600 * 1000))).toBe(0);
    await run();
    expect((await mailTo(c.id, "reminder")).map((m) => m.to)).toEqual(["grace.okafor@health.example", "mark.evans@cvs.example"]);
  });

  it("skips a queued reminder if the organisation submits before it is sent", async () => {
    const c = await readyConsultation("Late submitter");
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.cvs.id], organisationIds: [] }, w.officer);
    await publishConsultationAs(t.db, c.id, w.officer);
    await run();
    await remindNonSubmitters(t.db, c.id, w.officer);
    await respond(t.db, c.id, w.cvsOrg.id, w.cvs.id, { "1": "Done" }, true);
    await run();
    expect(await mailTo(c.id, "reminder")).toEqual([]);
  });
});

describe("contacts from CSV", () => {
  it("creates organisations, people and partner roles, and invites them", async () => {
    const c = await readyConsultation("CSV import");
    // An organisation an administrator added, that nobody acts for yet: it takes new people.
    await t.db.insert(organisations).values({ name: "Eccleston Parish Council", type: "parish" });
    const csv = [
      "Name,Email,Organisation",
      "Nadia Webb,Nadia.Webb@parish.example,Eccleston Parish Council",
      '"Tom O\'Neil, Jr",tom@newgroup.example,Chorley Youth Forum',
      "Sarah Lee,sarah.lee@police.example,Lancashire Constabulary",
      "",
    ].join("\r\n");
    const res = await importContacts(t.db, { consultationId: c.id, csv }, w.officer);
    expect(res).toMatchObject({ added: 3, organisationsCreated: 1, peopleCreated: 2, rows: 3 });
    const [forum] = await t.db.select().from(organisations).where(eq(organisations.name, "Chorley Youth Forum"));
    const [tom] = await t.db.select().from(users).where(eq(users.email, "tom@newgroup.example"));
    expect(tom.name).toBe("Tom O'Neil, Jr");
    expect(await t.db.select().from(memberships).where(and(eq(memberships.userId, tom.id), eq(memberships.organisationId, forum.id)))).toHaveLength(1);
    const audience = await listAudience(t.db, c.id, w.officer);
    expect(audience.map((a) => a.email).sort()).toEqual(["nadia.webb@parish.example", "sarah.lee@police.example", "tom@newgroup.example"]);
  });

  it("reports every bad row and imports nothing", async () => {
    const c = await readyConsultation("CSV errors");
    const before = (await t.db.select().from(users)).length;
    const csv = "name,email,organisation\nAmy,amy@x.example,New Org One\n,bad-email,\nHelen Rigby,helen.rigby@council.example,Police\nAmy Again,amy@x.example,New Org One\n";
    const err = await importContacts(t.db, { consultationId: c.id, csv }, w.officer).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    const messages = Object.values((err as InvalidError).fieldErrors);
    expect(messages).toEqual([
      "Row 3: enter the contact's name; “bad-email” is not an email address in the correct format, like name@example.org; enter the contact's organisation",
      "Row 5: amy@x.example is already on row 2",
    ]);
    // Fix those rows; the council officer's row is then refused by the database check.
    const err2 = await importContacts(t.db, { consultationId: c.id, csv: "Amy,amy@x.example,New Org One\nHelen Rigby,helen.rigby@council.example,Police" }, w.officer).catch((e) => e);
    expect(Object.values((err2 as InvalidError).fieldErrors)).toEqual(["Row 2: helen.rigby@council.example has a council account; ask an administrator to add them as a partner"]);
    expect((await t.db.select().from(users)).length).toBe(before);
    expect(await t.db.select().from(organisations).where(eq(organisations.name, "New Org One"))).toEqual([]);
  });
});

describe("contacts from CSV give partner roles only in organisations not yet in use", () => {
  it("refuses a council on the service and the public's organisation, whoever is named", async () => {
    const c = await readyConsultation("CSV into a council");
    const [pub] = await t.db.insert(organisations).values({ name: "Members of the public (CSV test)", type: "public", publicOfOrganisationId: w.otherCouncil.id }).returning();
    const csv = `Mallory,mallory@personal.example,${w.otherCouncil.name}\nMallory Two,mallory2@personal.example,${pub!.name}\n`;
    const err = await importContacts(t.db, { consultationId: c.id, csv }, w.officer).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.values((err as InvalidError).fieldErrors)).toEqual([
      "Row 1: South Ribble Borough Council is a council on this service; invite people from partner organisations",
      `Row 2: ${pub!.name} is the public's organisation; invite people from partner organisations`,
    ]);
    expect(await t.db.select().from(users).where(inArray(users.email, ["mallory@personal.example", "mallory2@personal.example"]))).toEqual([]);
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, w.otherCouncil.id))).toHaveLength(1);
  });

  it("refuses new people in an organisation in use, whoever invited it; invites its own people as they are", async () => {
    // An organisation another council works with: its partner signed in there.
    const [fire] = await t.db.insert(organisations).values({ name: "Lancashire Fire and Rescue", type: "other" }).returning();
    const [firePartner] = await t.db.insert(users).values({ name: "Fay Fireman", email: "fay@fire.example" }).returning();
    await t.db.insert(memberships).values({ userId: firePartner!.id, organisationId: fire!.id, role: "partner" });
    const c = await readyConsultation("CSV into another council's partner");
    const intruder = `Mallory,mallory@personal.example,${fire!.name}\n`;
    const err = await importContacts(t.db, { consultationId: c.id, csv: intruder }, w.officer).catch((e) => e);
    const refusal = "Row 1: Lancashire Fire and Rescue already has people or responses on this service, so only an administrator can add mallory@personal.example to it; invite its people who are already here";
    expect(Object.values((err as InvalidError).fieldErrors)).toEqual([refusal]);
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, fire!.id))).toHaveLength(1);
    // Its own partner may be invited: no role is given.
    expect(await importContacts(t.db, { consultationId: c.id, csv: `Fay Fireman,fay@fire.example,${fire!.name}\n` }, w.officer)).toMatchObject({ added: 1, peopleCreated: 0 });
    // Having invited it proves nothing (an officer makes invitations): still refused.
    const again = await importContacts(t.db, { consultationId: c.id, csv: intruder }, w.officer).catch((e) => e);
    expect(Object.values((again as InvalidError).fieldErrors)).toEqual([refusal]);
    // Nor may anyone join an organisation nobody acts for but whose response is here.
    const [orphan] = await t.db.insert(organisations).values({ name: "Former partner with a response", type: "other" }).returning();
    await t.db.insert(responses).values({ consultationId: c.id, organisationId: orphan!.id });
    const taken = await importContacts(t.db, { consultationId: c.id, csv: `Mallory,mallory@personal.example,${orphan!.name}\n` }, w.officer).catch((e) => e);
    expect(taken).toBeInstanceOf(InvalidError);
    // An existing organisation nobody acts for yet takes new people too (as the first test's parish did).
    const [empty] = await t.db.insert(organisations).values({ name: "Eccleston Youth Club", type: "voluntary_sector" }).returning();
    expect(await importContacts(t.db, { consultationId: c.id, csv: `Ed,ed@youth.example,${empty!.name}\n` }, w.officer)).toMatchObject({ added: 1, organisationsCreated: 0 });
  });
});

describe("the audience table", () => {
  it("shows each person's newest invitation email, whatever reminders and other people's emails say", async () => {
    const c = await readyConsultation("Email states");
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.partner.id, w.health.id, w.cvs.id], organisationIds: [] }, w.officer);
    await publishConsultationAs(t.db, c.id, w.officer);
    await run();
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const mail = (userId: string, kind: string, status: "sent" | "failed" | "stored" | "queued", createdAt: Date) =>
      ({ to: "x@example.org", subject: "s", text: "t", kind, consultationId: c.id, userId, status, createdAt });
    await t.db.insert(outbox).values([
      // Sarah's invitation was sent again later, and this time it failed; then a reminder went.
      mail(w.partner.id, "invitation", "failed", at(5)),
      mail(w.partner.id, "reminder", "sent", at(10)),
      // Grace's later reminder failed: her invitation is still in the outbox.
      mail(w.health.id, "reminder", "failed", at(10)),
    ]);
    const audience = await listAudience(t.db, c.id, w.officer);
    expect(Object.fromEntries(audience.map((a) => [a.email, a.emailState]))).toEqual({
      "sarah.lee@police.example": "failed",
      "grace.okafor@health.example": "in_outbox",
      "mark.evans@cvs.example": "in_outbox",
    });
    // Someone added after the emails went: no email yet, whatever the others' say.
    await inviteContacts(t.db, { consultationId: c.id, userIds: [w.partner2.id], organisationIds: [] }, w.officer);
    const after = await listAudience(t.db, c.id, w.officer);
    expect(after.find((a) => a.email === "david.brown@police.example")).toMatchObject({ emailState: "not_sent", emailError: null });
    expect(after).toHaveLength(4);
  });
});

describe("the contact picker", () => {
  // A council of its own, so what it has invited before is only what these tests invite.
  let wyre: { id: string; name: string };
  let wyreOfficer: Actor;
  const contactOf = new Map<string, string>();
  const names = (p: PartnerPicker) => p.organisations.map((o) => o.name);
  const caption = (p: PartnerPicker) => pickerCaption({ ...p, count: p.organisations.length });
  const partnerOrg = async (name: string, contacts: number, extra: Partial<typeof organisations.$inferInsert> = {}) => {
    const [org] = await t.db.insert(organisations).values({ name, type: "voluntary_sector", ...extra }).returning();
    if (contacts) {
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      const people = await t.db
        .insert(users)
        .values(Array.from({ length: contacts }, (_, i) => ({ name: `Contact ${String(i + 1).padStart(2, "0")} of ${name}`, email: `c${i + 1}@${slug}.example` })))
        .returning();
      await t.db.insert(memberships).values(people.map((u) => ({ userId: u.id, organisationId: org!.id, role: "partner" as const })));
      contactOf.set(name, people[0]!.id);
    }
    return org!;
  };
  const wyreConsultation = async (title: string) =>
    createConsultation(
      t.db,
      { title, summary: "", kind: "questionnaire", askedBy: "", responseDeadline: undefined, opensOn: day(-1), closesOn: day(30), audienceDescription: "", privacyNotice: "" },
      wyreOfficer,
    );

  beforeAll(async () => {
    [wyre] = await t.db.insert(organisations).values({ name: "Wyre Borough Council", type: "council" }).returning();
    const [officer] = await t.db.insert(users).values({ name: "Will Wyre", email: "will@wyre.example" }).returning();
    await t.db.insert(memberships).values({ userId: officer!.id, organisationId: wyre.id, role: "officer" });
    wyreOfficer = (await loadActor(t.db, officer!.id))!;
    // More partner organisations than the picker lists, each with one contact.
    for (let i = 1; i <= PICKER_ORGANISATIONS; i++) await partnerOrg(`Picker Group ${String(i).padStart(3, "0")}`, 1);
    for (let i = 1; i <= 10; i++) await partnerOrg(`Picker Group X${String(i).padStart(2, "0")}`, 1);
    // Names holding LIKE's wildcards and its escape character, and names they would match as wildcards.
    for (const name of ["100% Picker Trust", "Under_score Picker Club", "Back\\slash Picker Forum", "Percentage Picker Club", "Underscore Picker Club"]) await partnerOrg(name, 1);
    // One with no contacts yet, one merged away, one public: never pickable.
    await partnerOrg("Picker Newcomers (no contacts)", 0);
    const kept = await partnerOrg("Picker Kept Group", 1);
    const merged = await partnerOrg("Picker Merged Group", 0, { mergedIntoId: kept.id });
    const [someone] = await t.db.insert(users).values({ name: "Left Behind", email: "left@merged.example" }).returning();
    await t.db.insert(memberships).values({ userId: someone!.id, organisationId: merged.id, role: "partner" });
    contactOf.set("Picker Merged Group", someone!.id);
    await t.db.insert(organisations).values({ name: "Members of the public (Wyre Picker)", type: "public", publicOfOrganisationId: wyre.id });
    // Another council on the service, with a partner-role member: a tenant, never a partner.
    const [ribbleContact] = await t.db.insert(users).values({ name: "Rita Ribble", email: "rita@southribble.example" }).returning();
    await t.db.insert(memberships).values({ userId: ribbleContact!.id, organisationId: w.otherCouncil.id, role: "partner" });
    contactOf.set(w.otherCouncil.name, ribbleContact!.id);
    // One organisation with more contacts than are listed under it.
    await partnerOrg("Big Picker Partnership", 30);
  });

  it("finds organisations by part of their name, in any case, with their contacts, in name order", async () => {
    const c = await wyreConsultation("Picker search");
    const p = await listPartnerContacts(t.db, c.id, { q: "pIcKeR gRoUp 00" }, wyreOfficer);
    expect(p).toMatchObject({ list: "search", q: "pIcKeR gRoUp 00", more: false });
    expect(names(p)).toEqual(Array.from({ length: 9 }, (_, i) => `Picker Group 00${i + 1}`));
    expect(p.organisations[0]).toMatchObject({
      contactCount: 1,
      invitedCount: 0,
      contacts: [{ name: "Contact 01 of Picker Group 001", email: "c1@picker-group-001.example", invited: false }],
    });
    expect(caption(p)).toBe("9 partner organisations match “pIcKeR gRoUp 00”.");
    // Spaces around the search are dropped.
    expect(names(await listPartnerContacts(t.db, c.id, { q: "  picker group 007 " }, wyreOfficer))).toEqual(["Picker Group 007"]);
    const one = await listPartnerContacts(t.db, c.id, { q: "group 007" }, wyreOfficer);
    expect(caption(one)).toBe("1 partner organisation matches “group 007”.");
  });

  it("matches %, _ and backslash as the characters they are", async () => {
    const c = await wyreConsultation("Picker wildcards");
    const find = async (q: string) => names(await listPartnerContacts(t.db, c.id, { q }, wyreOfficer));
    expect(await find("%")).toEqual(["100% Picker Trust"]);
    expect(await find("0% p")).toEqual(["100% Picker Trust"]);
    expect(await find("_")).toEqual(["Under_score Picker Club"]);
    expect(await find("r_s")).toEqual(["Under_score Picker Club"]);
    expect(await find("\\")).toEqual(["Back\\slash Picker Forum"]);
    expect(await find("k\\s")).toEqual(["Back\\slash Picker Forum"]);
    expect(await find("%%")).toEqual([]);
    const none = await listPartnerContacts(t.db, c.id, { q: "%%" }, wyreOfficer);
    expect(caption(none)).toBe("No partner organisations match “%%”. Councils on this service cannot be invited as partners; to add a new organisation, import its contacts from a CSV file.");
  });

  it("lists at most 50 matches and says there are more", async () => {
    const c = await wyreConsultation("Picker limit");
    const p = await listPartnerContacts(t.db, c.id, { q: "picker group" }, wyreOfficer);
    expect(p.more).toBe(true);
    expect(p.organisations).toHaveLength(PICKER_ORGANISATIONS);
    expect(names(p)[0]).toBe("Picker Group 001");
    expect(names(p).at(-1)).toBe("Picker Group 050");
    expect(caption(p)).toBe("Showing the first 50 matches for “picker group”: search for more of the name to narrow them.");
    // Exactly 50 match: all of them, and no "more".
    const fifty = await listPartnerContacts(t.db, c.id, { q: "picker group 0" }, wyreOfficer);
    expect(fifty.more).toBe(false);
    expect(fifty.organisations).toHaveLength(PICKER_ORGANISATIONS);
    expect(caption(fifty)).toBe("50 partner organisations match “picker group 0”.");
  });

  it("never lists the council itself, another council, a merged or a public organisation", async () => {
    const c = await wyreConsultation("Picker exclusions");
    const find = async (q: string) => names(await listPartnerContacts(t.db, c.id, { q }, wyreOfficer));
    expect(await find("Wyre")).toEqual([]);
    expect(await find("South Ribble")).toEqual(["Chorley and South Ribble Primary Care Trust"]);
    expect(await find("Chorley Council")).toEqual(["Chorley Council for Voluntary Service"]);
    expect(await find("Picker Merged")).toEqual([]);
    expect(await find("Members of the public")).toEqual([]);
    expect(await find("Picker Kept")).toEqual(["Picker Kept Group"]);
    // An organisation without contacts is found, to be told it has none.
    const newcomers = await listPartnerContacts(t.db, c.id, { q: "Newcomers" }, wyreOfficer);
    expect(newcomers.organisations).toEqual([expect.objectContaining({ name: "Picker Newcomers (no contacts)", contacts: [], contactCount: 0 })]);
    // Nor can their people be invited by posting their ids.
    for (const name of [w.otherCouncil.name, "Picker Merged Group"]) {
      const err = await inviteContacts(t.db, { consultationId: c.id, userIds: [contactOf.get(name)!], organisationIds: [] }, wyreOfficer).catch((e) => e);
      expect(err, name).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).fieldErrors).toEqual({ contacts: "Select only partner contacts from the list" });
    }
    const whole = await inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [w.otherCouncil.id] }, wyreOfficer).catch((e) => e);
    expect(whole).toBeInstanceOf(InvalidError);
    expect(await t.db.select().from(invitations).where(eq(invitations.consultationId, c.id))).toEqual([]);
  });

  it("refuses a search too long or holding a NUL, with a message for the field", async () => {
    const c = await wyreConsultation("Picker bad searches");
    const long = "a".repeat(1000);
    const tooLong = await listPartnerContacts(t.db, c.id, { q: long }, wyreOfficer).catch((e) => e);
    expect(tooLong).toBeInstanceOf(InvalidError);
    expect((tooLong as InvalidError).fieldErrors).toEqual({ q: "Search for 200 characters or fewer of the organisation's name" });
    const nul = await listPartnerContacts(t.db, c.id, { q: "Picker\u0000Group" }, wyreOfficer).catch((e) => e);
    expect((nul as InvalidError).fieldErrors).toEqual({ q: NUL_MESSAGE });
    // What the page reads from its address: the message, and the list as if no search was made.
    expect(readOrganisationSearch(long)).toEqual({ q: "", typed: "a".repeat(200), error: "Search for 200 characters or fewer of the organisation's name" });
    expect(readOrganisationSearch("Picker\u0000Group")).toEqual({ q: "", typed: "PickerGroup", error: NUL_MESSAGE });
    expect(readOrganisationSearch(["  group 007 ", "other"])).toEqual({ q: "group 007", typed: "  group 007 " });
    expect(readOrganisationSearch(undefined)).toEqual({ q: "", typed: "" });
    expect((await listPartnerContacts(t.db, c.id, { q: readOrganisationSearch(long).q }, wyreOfficer)).list).not.toBe("search");
    // Someone else's consultation: refused before anything is read.
    await expect(listPartnerContacts(t.db, c.id, { q: "" }, w.officer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("lists at most 25 contacts under an organisation, those not yet invited first, and counts them all", async () => {
    const c = await wyreConsultation("Picker big partner");
    const [big] = await t.db.select().from(organisations).where(eq(organisations.name, "Big Picker Partnership"));
    const people = await t.db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.organisationId, big!.id));
    const everyone = await t.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people.map((p) => p.id))).orderBy(asc(users.name));
    // The first three by name are invited.
    await inviteContacts(t.db, { consultationId: c.id, userIds: everyone.slice(0, 3).map((u) => u.id), organisationIds: [] }, wyreOfficer);
    const p = await listPartnerContacts(t.db, c.id, { q: "Big Picker" }, wyreOfficer);
    const o = p.organisations[0]!;
    expect(o).toMatchObject({ name: "Big Picker Partnership", contactCount: 30, invitedCount: 3 });
    expect(o.contacts.map((x) => x.name)).toEqual(everyone.slice(3, 28).map((u) => u.name));
    expect(o.contacts.every((x) => !x.invited)).toBe(true);
    // "All contacts" takes every one of them, listed or not.
    expect(await inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [big!.id] }, wyreOfficer)).toEqual({ added: 27, alreadyInvited: 3 });
    const after = (await listPartnerContacts(t.db, c.id, { q: "Big Picker" }, wyreOfficer)).organisations[0]!;
    expect(after).toMatchObject({ contactCount: 30, invitedCount: 30 });
    expect(after.contacts).toHaveLength(25);
  });

  it("with no search, lists the partners the council invited before, or else the first 50 by name", async () => {
    // A council that has invited nobody: the first organisations by name that have contacts.
    const [lancs] = await t.db.insert(organisations).values({ name: "Lancaster City Council", type: "council" }).returning();
    const [lo] = await t.db.insert(users).values({ name: "Lou Lancaster", email: "lou@lancaster.example" }).returning();
    await t.db.insert(memberships).values({ userId: lo!.id, organisationId: lancs!.id, role: "officer" });
    const lancsOfficer = (await loadActor(t.db, lo!.id))!;
    const fresh = await createConsultation(
      t.db,
      { title: "Lancaster's first", summary: "", kind: "questionnaire", askedBy: "", responseDeadline: undefined, opensOn: day(-1), closesOn: day(30), audienceDescription: "", privacyNotice: "" },
      lancsOfficer,
    );
    const first = await listPartnerContacts(t.db, fresh.id, {}, lancsOfficer);
    expect(first).toMatchObject({ list: "first", q: "", more: true });
    expect(first.organisations).toHaveLength(PICKER_ORGANISATIONS);
    expect(first.organisations.every((o) => o.contactCount > 0)).toBe(true);
    const firstNames = names(first);
    for (const never of ["Lancaster City Council", "Wyre Borough Council", "Chorley Council", w.otherCouncil.name, "Picker Merged Group", "Picker Newcomers (no contacts)"]) expect(firstNames).not.toContain(never);
    expect(caption(first)).toBe("Showing the first 50 partner organisations by name: search for a name to narrow them.");

    // Wyre invites a contact it found by searching (not on any default list), on one consultation...
    const earlier = await wyreConsultation("Picker earlier");
    await inviteContacts(t.db, { consultationId: earlier.id, userIds: [contactOf.get("Picker Group X05")!], organisationIds: [] }, wyreOfficer);
    // ... and on the next one, its default list is the partners it has invited before (Big Picker
    // Partnership in a test above, and these two), the invitations of this one shown as such.
    const next = await wyreConsultation("Picker next");
    await inviteContacts(t.db, { consultationId: next.id, userIds: [], organisationIds: [(await t.db.select().from(organisations).where(eq(organisations.name, "Under_score Picker Club")))[0]!.id] }, wyreOfficer);
    const p = await listPartnerContacts(t.db, next.id, {}, wyreOfficer);
    expect(p).toMatchObject({ list: "invited", q: "", more: false });
    expect(names(p)).toEqual(["Big Picker Partnership", "Picker Group X05", "Under_score Picker Club"]);
    expect(p.organisations.find((o) => o.name === "Picker Group X05")).toMatchObject({ contactCount: 1, invitedCount: 0, contacts: [{ invited: false }] });
    expect(p.organisations.find((o) => o.name === "Under_score Picker Club")).toMatchObject({ contactCount: 1, invitedCount: 1, contacts: [{ invited: true }] });
    expect(caption(p)).toBe("The 3 partner organisations your council has invited before. Search for a name to find others.");
  });
});

describe("the job queue", () => {
  it("retries a failing job with a delay and gives up after its attempts", async () => {
    const { enqueueJob, claimJob, runJob } = await import("../jobs/queue");
    const id = await enqueueJob(t.db, { name: "test.flaky", maxAttempts: 2, singletonKey: "flaky-1" });
    expect(await enqueueJob(t.db, { name: "test.flaky", singletonKey: "flaky-1" })).toBeNull();
    let calls = 0;
    const handlers = {
      "test.flaky": async () => {
        calls++;
        throw new Error("SMTP down");
      },
    };
    let job = await claimJob(t.db, { id: id! });
    expect(await runJob(t.db, job!, handlers)).toBe("retry");
    let [row] = await t.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "SMTP down" });
    expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet.
    expect(await claimJob(t.db, { id: id! })).toBeNull();
    job = await claimJob(t.db, { id: id!, now: new Date(Date.now() + 60_000) });
    expect(await runJob(t.db, job!, handlers)).toBe("failed");
    [row] = await t.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row.status).toBe("failed");
    expect(calls).toBe(2);
  });
});

describe("sign-in links that are never opened", () => {
  it("are deleted once expired by the daily job, and all of one address's on erasure, others' kept", async () => {
    const now = new Date("2026-12-06T03:00:00Z");
    const day = 86_400_000;
    await createSignInLink(t.db, { email: "Old.Link@Example.com", callbackPath: "/", days: 7, now: new Date(now.getTime() - 8 * day), secret: "s" });
    await createSignInLink(t.db, { email: "fresh.link@example.com", callbackPath: "/", days: 7, now: new Date(now.getTime() - 6 * day), secret: "s" });
    await createSignInLink(t.db, { email: "erased.person@example.com", callbackPath: "/", days: 7, now, secret: "s" });
    const mine = (email: string) => t.db.select().from(verificationTokens).where(eq(verificationTokens.identifier, email));
    expect(await deleteExpiredSignInLinks(t.db, now)).toBeGreaterThanOrEqual(1);
    expect(await mine("old.link@example.com")).toEqual([]);
    expect(await mine("fresh.link@example.com")).toHaveLength(1);
    expect(await deleteSignInLinksTo(t.db, ["Erased.Person@example.com"])).toBe(1);
    expect(await mine("erased.person@example.com")).toEqual([]);
    expect(await mine("fresh.link@example.com")).toHaveLength(1);
  });
});
