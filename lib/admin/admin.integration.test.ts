// An administrator's work on people, organisations and the outbox (PGlite, or Postgres with
// DATABASE_URL): edit and deactivate a person (they cannot sign in, their sessions end, they are
// not offered as an assignee); rename and merge organisations (everything moves in one
// transaction, a merge that would lose a response is refused naming the consultations); the
// outbox paged and searched, with partners' answers withheld once sent by SMTP. All audited,
// all refused to anyone but an administrator.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, consultations, invitations, jobs, memberships, organisations, outbox, planItems, planReturns, reportingPeriods, responses, users } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { raceOnRow } from "../../db/testing/race";
import { listSystemAudit } from "../audit/queries";
import { findUserByEmail, listDemoUsers, loadActor } from "../auth/actor";
import { currentSessionVersion } from "../auth/sessions";
import { demoSetup, type DemoActors } from "../collation/testing";
import { listCouncilOfficers } from "../drafts/queries";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { LAPSED_MESSAGE } from "../jobs/queue";
import { ensurePublicOrganisation } from "../public/organisation";
import { createUser, grantRole } from "./commands";
import { JOBS_PAGE_SIZE, jobText, listJobs, retryJob } from "./jobs";
import { LINK_BODY_WITHHELD } from "../email/people";
import { getOutboxMessage, listOutboxPage, OUTBOX_PAGE_SIZE, WITHHELD_BODY } from "./outbox";
import { findOrganisations, listOrganisationsPage, mergeOrganisations, MergeConflictError, previewMerge, renameOrganisation } from "./organisations";
import { deactivatePerson, getPerson, getRoleForRemoval, listPeople, PEOPLE_PAGE_SIZE, reactivatePerson, updatePerson } from "./people";
import { updatePersonSchema } from "./schemas";

let t: TestDb;
let actors: DemoActors;
beforeAll(async () => {
  ({ t, actors } = await demoSetup());
}, 120_000);
afterAll(async () => t?.close());

const orgByName = async (name: string) => (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!;
const consultationBySlug = async (slug: string) => (await t.db.select().from(consultations).where(eq(consultations.slug, slug)))[0]!;

describe("editing a person", () => {
  it("changes name, email and organisation, audited; the new address signs in, the old does not", async () => {
    const person = await getPerson(t.db, actors.cvs.id, actors.admin);
    const parish = await orgByName("Croston Parish Council");
    await updatePerson(t.db, { userId: person.id, name: "Mark Evans-Hall", email: "mark.evans-hall@cvs.example", organisationId: parish.id }, actors.admin);
    const after = await getPerson(t.db, person.id, actors.admin);
    expect(after).toMatchObject({ name: "Mark Evans-Hall", email: "mark.evans-hall@cvs.example" });
    expect(after.roles.map((r) => r.organisationName)).toEqual(["Croston Parish Council"]);
    expect(await findUserByEmail(t.db, "mark.evans@cvs.example")).toBeNull();
    expect(await findUserByEmail(t.db, "mark.evans-hall@cvs.example")).toMatchObject({ id: person.id });
    const audit = await listSystemAudit(t.db, { action: "user.update" }, actors.admin);
    expect(audit.rows[0]).toMatchObject({ entityId: person.id, before: { name: "Mark Evans", email: "mark.evans@cvs.example" }, after: { name: "Mark Evans-Hall", organisations: "Croston Parish Council" } });
    // Put back for the tests below.
    const cvs = await orgByName("Chorley Council for Voluntary Service");
    await updatePerson(t.db, { userId: person.id, name: "Mark Evans", email: "mark.evans@cvs.example", organisationId: cvs.id }, actors.admin);
  });

  it("refuses an address someone else has, and a malformed one, at the email field", async () => {
    const taken = updatePerson(t.db, { userId: actors.cvs.id, name: "Mark Evans", email: actors.partner.email, organisationId: "" }, actors.admin);
    await expect(taken).rejects.toBeInstanceOf(InvalidError);
    await expect(taken).rejects.toMatchObject({ fieldErrors: { email: "Someone else already has that email address" } });
    const parsed = updatePersonSchema.safeParse({ userId: actors.cvs.id, name: "Mark", email: "mark at cvs", organisationId: "" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["email"]);
    const blank = updatePersonSchema.safeParse({ userId: actors.cvs.id, name: " ", email: "m@cvs.example" });
    expect(blank.error!.issues.map((i) => i.path.join("."))).toEqual(["name"]);
  });

  it("gives a role only in an organisation that stands and is not the council's members of the public, whichever way it is asked", async () => {
    const [standing] = await t.db.insert(organisations).values({ name: "Euxton Parish Council (standing)", type: "parish" }).returning();
    const [merged] = await t.db.insert(organisations).values({ name: "Euxton PC (merged)", type: "parish", mergedIntoId: standing!.id }).returning();
    const members = { ...(await ensurePublicOrganisation(t.db, actors.officer.memberships[0]!.organisationId)), type: "public" };
    const person = actors.cvs;
    const said = new Map([
      [merged!.id, "That organisation was merged into another: choose the one it was merged into"],
      [members.id, "Choose a partner organisation or the council"],
    ]);
    for (const org of [merged!, members]) {
      const attempts = [
        () => updatePerson(t.db, { userId: person.id, name: "Mark Evans", email: person.email, organisationId: org.id }, actors.admin),
        () => createUser(t.db, { name: "New Person", email: `new.${org.type}@example.org`, organisationId: org.id, role: "partner" }, actors.admin),
        () => grantRole(t.db, { userId: person.id, organisationId: org.id, role: "partner" }, actors.admin),
      ];
      for (const attempt of attempts) {
        const refused = attempt();
        await expect(refused).rejects.toBeInstanceOf(InvalidError);
        await expect(refused).rejects.toMatchObject({
          // The summary says why "Members of the public" is refused; the field says what to choose.
          message: org.id === members.id ? "Nobody can be added to the council's “Members of the public”: members of the public need no organisation" : said.get(org.id),
          fieldErrors: { organisationId: said.get(org.id) },
        });
      }
    }
    const roles = await t.db.select({ organisationId: memberships.organisationId }).from(memberships).where(eq(memberships.userId, person.id));
    expect(roles.map((r) => r.organisationId)).not.toContain(merged!.id);
    expect(roles.map((r) => r.organisationId)).not.toContain(members.id);
    expect(await findUserByEmail(t.db, "new.parish@example.org")).toBeNull();
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("a role given in an organisation while it is merged away ends up in the one kept, never left on the merged one (on Postgres, 8 trials, the two truly overlapping)", async () => {
    // Someone of their own, so that the roles this leaves do not change the other tests' people.
    const [racer] = await t.db.insert(users).values({ name: "Rae Racer", email: `rae.racer.${Date.now()}@example.org` }).returning();
    for (let trial = 0; trial < 8; trial++) {
      const [dup] = await t.db.insert(organisations).values({ name: `Race duplicate ${trial} ${Date.now()}`, type: "voluntary_sector" }).returning();
      const [kept] = await t.db.insert(organisations).values({ name: `Race kept ${trial} ${Date.now()}`, type: "voluntary_sector" }).returning();
      const outcomes = await raceOnRow(t.db, sql`select 1 from ${organisations} where ${organisations.id} = ${dup!.id} for update`, [
        () => grantRole(t.db, { userId: racer!.id, organisationId: dup!.id, role: "partner" }, actors.admin),
        () => mergeOrganisations(t.db, { organisationId: dup!.id, intoId: kept!.id }, actors.admin),
      ]);
      expect(outcomes[1].status, `trial ${trial}: the merge`).toBe("fulfilled");
      if (outcomes[0].status === "rejected") expect(outcomes[0].reason).toBeInstanceOf(InvalidError);
      const left = await t.db.select().from(memberships).where(eq(memberships.organisationId, dup!.id));
      expect(left, `trial ${trial}: roles left on the merged organisation`).toEqual([]);
    }
  });

  it("is refused to officers and partners", async () => {
    for (const who of [actors.officer, actors.partner]) {
      await expect(updatePerson(t.db, { userId: actors.cvs.id, name: "X", email: "x@cvs.example", organisationId: "" }, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(deactivatePerson(t.db, actors.cvs.id, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getPerson(t.db, actors.cvs.id, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("deactivating a person", () => {
  it("they cannot sign in, their sessions end at once, and they are not offered as an assignee; reactivation lets them sign in again", async () => {
    const id = actors.officer2.id;
    const email = actors.officer2.email;
    const council = actors.officer.memberships.find((m) => m.role === "officer")!.organisationId;
    const version = await currentSessionVersion(t.db, id);
    expect(await loadActor(t.db, id, { version })).not.toBeNull();
    expect((await listCouncilOfficers(t.db, council)).map((o) => o.id)).toContain(id);

    await deactivatePerson(t.db, id, actors.admin);
    // Email link, Entra ID and demo sign-in all find the person through findUserByEmail.
    expect(await findUserByEmail(t.db, email)).toBeNull();
    expect((await listDemoUsers(t.db)).map((u) => u.email)).not.toContain(email);
    // The session they had ends at its next request, whatever version it carries.
    expect(await loadActor(t.db, id, { version })).toBeNull();
    expect(await currentSessionVersion(t.db, id)).toBe(version + 1);
    expect(await loadActor(t.db, id, { version: version + 1 })).toBeNull();
    expect((await listCouncilOfficers(t.db, council)).map((o) => o.id)).not.toContain(id);
    expect((await getPerson(t.db, id, actors.admin)).deactivatedAt).toBeInstanceOf(Date);

    await reactivatePerson(t.db, id, actors.admin);
    expect(await findUserByEmail(t.db, email)).toMatchObject({ id });
    // The old session stays ended: reactivation means signing in afresh.
    expect(await loadActor(t.db, id, { version })).toBeNull();
    expect(await loadActor(t.db, id, { version: version + 1 })).not.toBeNull();

    const audit = await listSystemAudit(t.db, {}, actors.admin);
    expect(audit.rows.filter((r) => r.entityId === id).map((r) => r.action).slice(0, 2)).toEqual(["user.reactivate", "user.deactivate"]);
  });

  it("an administrator cannot deactivate themselves", async () => {
    await expect(deactivatePerson(t.db, actors.admin.id, actors.admin)).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("the list of people", () => {
  it("lists people with a role apart from the many without, a page at a time by name, searched by name or email taking % and _ as typed", async () => {
    // Members of the public who signed in to respond: no role, and far more of them than staff.
    const publicRows = Array.from({ length: PEOPLE_PAGE_SIZE * 2 + 7 }, (_, i) => ({ email: `listed-${String(i).padStart(3, "0")}@residents.example` }));
    await t.db.insert(users).values(publicRows);
    await t.db.insert(users).values({ name: "Percy 100%_Sure", email: "percy@residents.example" });

    const staff = await listPeople(t.db, {}, actors.admin);
    expect(staff.group).toBe("with-roles");
    expect(staff.people.length).toBeGreaterThan(0);
    expect(staff.people.every((p) => p.roles.length > 0)).toBe(true);
    expect(staff.people.map((p) => p.email)).toContain(actors.partner.email);
    expect(staff.people.map((p) => p.email)).not.toContain("listed-000@residents.example");

    const first = await listPeople(t.db, { group: "without-roles" }, actors.admin);
    expect(first.people).toHaveLength(PEOPLE_PAGE_SIZE);
    expect(first.people.every((p) => p.roles.length === 0)).toBe(true);
    expect(first.total).toBe(first.counts.withoutRoles);
    expect(first.counts.withoutRoles).toBeGreaterThanOrEqual(publicRows.length + 1);
    expect(first.counts.withRoles).toBe(staff.total);
    const all = new Set<string>();
    let page = first;
    for (let n = 0; n < 100; n++) {
      for (const p of page.people) all.add(p.id);
      if (!page.next) break;
      page = await listPeople(t.db, { group: "without-roles", after: page.next }, actors.admin);
    }
    expect(all.size).toBe(first.total);

    const found = await listPeople(t.db, { group: "without-roles", q: "LISTED-00" }, actors.admin);
    expect(found.people.map((p) => p.email)).toEqual(publicRows.slice(0, 10).map((r) => r.email));
    expect(found.counts).toEqual({ withRoles: 0, withoutRoles: 10 });
    expect((await listPeople(t.db, { group: "without-roles", q: "100%_" }, actors.admin)).people.map((p) => p.name)).toEqual(["Percy 100%_Sure"]);
    expect((await listPeople(t.db, { group: "without-roles", q: "%" }, actors.admin)).people.map((p) => p.name)).toEqual(["Percy 100%_Sure"]);
    expect((await listPeople(t.db, { q: actors.partner.email.toUpperCase() }, actors.admin)).people.map((p) => p.id)).toEqual([actors.partner.id]);
    // Nonsense cursors and groups fall back to the first page of people with a role.
    expect(await listPeople(t.db, { group: "everyone", after: "-3" }, actors.admin)).toMatchObject({ group: "with-roles", previous: null });
  });

  it("names the role before its removal, and nothing for a role that is gone or not an id", async () => {
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, actors.partner.id));
    expect(await getRoleForRemoval(t.db, m!.id, actors.admin)).toMatchObject({ membershipId: m!.id, role: m!.role, email: actors.partner.email });
    expect(await getRoleForRemoval(t.db, "00000000-0000-4000-8000-000000000000", actors.admin)).toBeNull();
    expect(await getRoleForRemoval(t.db, "not-an-id", actors.admin)).toBeNull();
    // 36 characters of hex digits and dashes that are not a UUID: refused here, not by Postgres.
    expect(await getRoleForRemoval(t.db, "-".repeat(36), actors.admin)).toBeNull();
  });

  it("is refused to everyone but an administrator", async () => {
    for (const who of [actors.officer, actors.partner, actors.scrutiny]) {
      await expect(listPeople(t.db, {}, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getRoleForRemoval(t.db, "00000000-0000-4000-8000-000000000000", who)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("organisations", () => {
  it("renames, refusing a name another organisation has, at the name field; audited", async () => {
    const police = await orgByName("Lancashire Constabulary");
    const clash = renameOrganisation(t.db, { organisationId: police.id, name: "croston parish council", type: "police" }, actors.admin);
    await expect(clash).rejects.toMatchObject({ fieldErrors: { name: "Another organisation already has that name" } });
    await renameOrganisation(t.db, { organisationId: police.id, name: "Lancashire Police", type: "police" }, actors.admin);
    expect((await orgByName("Lancashire Police")).id).toBe(police.id);
    const audit = await listSystemAudit(t.db, { action: "organisation.update" }, actors.admin);
    expect(audit.rows[0]).toMatchObject({ before: { name: "Lancashire Constabulary" }, after: { name: "Lancashire Police" } });
    await renameOrganisation(t.db, { organisationId: police.id, name: "Lancashire Constabulary", type: "police" }, actors.admin);
    await expect(renameOrganisation(t.db, { organisationId: police.id, name: "X", type: "police" }, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("merges a duplicate: people, invitations and responses move in one transaction; a shared consultation is refused, listed, and nothing moves", async () => {
    const cvs = await orgByName("Chorley Council for Voluntary Service");
    const odpm = await consultationBySlug("lsp-shaping-their-future");
    const breckland = await consultationBySlug("partner-questionnaire-scs-refresh");
    const [dup] = await t.db.insert(organisations).values({ name: "Chorley CVS", type: "voluntary_sector" }).returning();
    const [ann] = await t.db.insert(users).values({ name: "Ann Duplicate", email: "ann@chorleycvs.example" }).returning();
    await t.db.insert(memberships).values([
      { userId: ann!.id, organisationId: dup!.id, role: "partner" },
      // Mark is a partner in both: after the merge he holds the role once.
      { userId: actors.cvs.id, organisationId: dup!.id, role: "partner" },
    ]);
    await t.db.insert(invitations).values({ consultationId: breckland.id, organisationId: dup!.id, userId: ann!.id });
    const [breckResponse] = await t.db.insert(responses).values({ consultationId: breckland.id, organisationId: dup!.id, startedBy: ann!.id }).returning();
    // Both organisations have an ODPM response: merging would lose one.
    const [odpmResponse] = await t.db.insert(responses).values({ consultationId: odpm.id, organisationId: dup!.id, startedBy: ann!.id }).returning();

    const preview = await previewMerge(t.db, { organisationId: dup!.id, intoId: cvs.id }, actors.admin);
    expect(preview).toMatchObject({ people: 2, invitations: 1, responses: 2, conflicts: [odpm.title] });
    const refused = mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cvs.id }, actors.admin);
    await expect(refused).rejects.toBeInstanceOf(MergeConflictError);
    await expect(refused).rejects.toMatchObject({ particulars: [odpm.title], message: expect.stringMatching(/cannot be merged without losing a response/) });
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, dup!.id))).toHaveLength(2);
    expect((await t.db.select().from(responses).where(eq(responses.id, breckResponse!.id)))[0]!.organisationId).toBe(dup!.id);
    // (Only this merge's entries, written under the organisation kept: other tests of this file merge organisations too.)
    const mergesOf = async (name: string) =>
      (await listSystemAudit(t.db, { action: "organisation.merge" }, actors.admin)).rows.filter((r) => (r.before as { name?: string } | null)?.name === name);
    expect(await mergesOf("Chorley CVS")).toHaveLength(0);

    await t.db.delete(responses).where(eq(responses.id, odpmResponse!.id));
    await expect(mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cvs.id }, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
    const merged = await mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cvs.id }, actors.admin);
    expect(merged).toMatchObject({ roles: 1, invitations: 1, responses: 1 });

    const annRoles = await t.db.select().from(memberships).where(eq(memberships.userId, ann!.id));
    expect(annRoles.map((m) => m.organisationId)).toEqual([cvs.id]);
    const markRoles = await t.db.select().from(memberships).where(and(eq(memberships.userId, actors.cvs.id), eq(memberships.role, "partner")));
    expect(markRoles.map((m) => m.organisationId)).toEqual([cvs.id]);
    expect((await t.db.select().from(invitations).where(eq(invitations.userId, ann!.id)))[0]!.organisationId).toBe(cvs.id);
    expect((await t.db.select().from(responses).where(eq(responses.id, breckResponse!.id)))[0]!.organisationId).toBe(cvs.id);
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, dup!.id))).toHaveLength(0);
    // The duplicate is kept for the audit log's sake, but is gone from every list.
    expect((await orgByName("Chorley CVS")).mergedIntoId).toBe(cvs.id);
    expect((await findOrganisations(t.db, { q: "Chorley" }, actors.admin)).organisations.map((o) => o.name)).not.toContain("Chorley CVS");
    expect((await listOrganisationsPage(t.db, { q: "Chorley" }, actors.admin)).rows.map((o) => o.name)).not.toContain("Chorley CVS");
    expect(await mergesOf("Chorley CVS")).toMatchObject([{ actorId: actors.admin.id, before: { name: "Chorley CVS" }, after: { mergedInto: cvs.name, responses: 1, invitations: 1 } }]);
    // Merging it again, or into itself, is refused.
    await expect(mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cvs.id }, actors.admin)).rejects.toThrow(/not found/);
    await expect(mergeOrganisations(t.db, { organisationId: cvs.id, intoId: cvs.id }, actors.admin)).rejects.toBeInstanceOf(InvalidError);
  });

  it("merges a duplicate's action-plan items and progress returns too; a period both reported on is refused and listed", async () => {
    const cig = await orgByName("Rochford Community Involvement Group");
    const [dup] = await t.db.insert(organisations).values({ name: "Rochford CIG", type: "voluntary_sector" }).returning();
    // The duplicate reports on one of CIG's items, and has sent a return for a period CIG reported on too.
    const [item] = await t.db.select().from(planItems).where(eq(planItems.ownerOrganisationId, cig.id)).limit(1);
    await t.db.update(planItems).set({ ownerOrganisationId: dup!.id }).where(eq(planItems.id, item!.id));
    const [both] = await t.db.select().from(planReturns).where(eq(planReturns.organisationId, cig.id)).limit(1);
    const [period] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, both!.periodId));
    const [clash] = await t.db.insert(planReturns).values({ periodId: both!.periodId, organisationId: dup!.id }).returning();
    const preview = await previewMerge(t.db, { organisationId: dup!.id, intoId: cig.id }, actors.admin);
    expect(preview.conflicts).toEqual([expect.stringMatching(new RegExp(`^Progress return: .*, ${period!.label}$`))]);
    const refused = mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cig.id }, actors.admin);
    await expect(refused).rejects.toMatchObject({ message: expect.stringMatching(/sent a progress return for this period, so they cannot be merged without losing a response or a return/) });
    // A period only the duplicate reported on moves with it.
    const [other] = await t.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.planId, period!.planId), sql`${reportingPeriods.id} not in (select period_id from plan_returns where organisation_id = ${cig.id})`)).limit(1);
    await t.db.delete(planReturns).where(eq(planReturns.id, clash!.id));
    const [own] = other ? await t.db.insert(planReturns).values({ periodId: other.id, organisationId: dup!.id }).returning() : [];
    const merged = await mergeOrganisations(t.db, { organisationId: dup!.id, intoId: cig.id }, actors.admin);
    expect(merged).toMatchObject({ planItems: 1, progressReturns: own ? 1 : 0 });
    expect((await t.db.select().from(planItems).where(eq(planItems.id, item!.id)))[0]!.ownerOrganisationId).toBe(cig.id);
    if (own) expect((await t.db.select().from(planReturns).where(eq(planReturns.id, own.id)))[0]!.organisationId).toBe(cig.id);
    expect(await t.db.select().from(planReturns).where(eq(planReturns.organisationId, dup!.id))).toEqual([]);
  });

  it("a merge that fails half way leaves everything where it was (one transaction)", async () => {
    const parish = await orgByName("Croston Parish Council");
    const [dup] = await t.db.insert(organisations).values({ name: "Croston PC", type: "parish" }).returning();
    const [lee] = await t.db.insert(users).values({ name: "Lee Croston", email: "lee@crostonpc.example" }).returning();
    await t.db.insert(memberships).values({ userId: lee!.id, organisationId: dup!.id, role: "partner" });
    // A trigger that fails the last step (marking the duplicate merged), after everything has moved.
    await t.db.execute(`create function h_fail_merge() returns trigger language plpgsql as $$ begin if new.merged_into_id is not null then raise exception 'injected failure'; end if; return new; end $$`);
    await t.db.execute(`create trigger h_fail_merge before update on organisations for each row execute function h_fail_merge()`);
    try {
      const failed = await mergeOrganisations(t.db, { organisationId: dup!.id, intoId: parish.id }, actors.admin).then(
        () => "merged",
        (e: Error) => `${e.message} ${String((e as { cause?: unknown }).cause)}`,
      );
      expect(failed).toMatch(/injected failure/);
    } finally {
      await t.db.execute(`drop trigger h_fail_merge on organisations`);
      await t.db.execute(`drop function h_fail_merge()`);
    }
    expect((await t.db.select().from(memberships).where(eq(memberships.userId, lee!.id)))[0]!.organisationId).toBe(dup!.id);
    expect((await orgByName("Croston PC")).mergedIntoId).toBeNull();
  });
});

describe("the outbox", () => {
  beforeAll(async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      to: i % 3 === 0 ? "sarah.lee@police.example" : `person${i}@example.org`,
      subject: i % 10 === 0 ? `Reminder: 100%_done ${i}` : `Sign in ${i}`,
      text: `Body ${i}`,
      kind: "sign_in",
      status: "stored" as const,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    await t.db.insert(outbox).values(rows);
  });

  it("pages newest first, a few hundred rows at a time costing one page", async () => {
    const started = performance.now();
    const first = await listOutboxPage(t.db, {}, actors.admin);
    const ms = performance.now() - started;
    expect(first.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first.total).toBeGreaterThanOrEqual(300);
    const times = first.rows.map((r) => r.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await listOutboxPage(t.db, { after: first.next }, actors.admin);
    expect(second.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(second.rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(times[times.length - 1]!);
    expect((await listOutboxPage(t.db, { before: second.previous }, actors.admin)).rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    console.log(`outbox: first page of ${first.total} rows in ${ms.toFixed(1)} ms`);
  });

  it("searches by recipient or subject, case-insensitively, taking % and _ as typed", async () => {
    const byRecipient = await listOutboxPage(t.db, { q: "SARAH.LEE@" }, actors.admin);
    expect(byRecipient.total).toBeGreaterThanOrEqual(100);
    expect(byRecipient.rows.every((r) => r.to === "sarah.lee@police.example")).toBe(true);
    const bySubject = await listOutboxPage(t.db, { q: "100%_done" }, actors.admin);
    expect(bySubject.total).toBe(30);
    expect(await listOutboxPage(t.db, { q: "100%_d%ne" }, actors.admin)).toMatchObject({ total: 0 });
    const exact = await listOutboxPage(t.db, { to: "Person1@example.org" }, actors.admin);
    expect(exact.rows.map((r) => r.to)).toEqual(["person1@example.org"]);
  });

  it("shows a body on its own page, but withholds a receipt's once it went out by SMTP", async () => {
    const [stored, sent, signIn] = await t.db
      .insert(outbox)
      .values([
        { to: "a@example.org", subject: "Response received", text: "Your answers: Yes, every quarter.", kind: "receipt", status: "stored" },
        { to: "b@example.org", subject: "Response received", text: "Your answers: Yes, every quarter.", kind: "receipt", status: "sent" },
        { to: "c@example.org", subject: "Sign in", text: "http://localhost/link", kind: "sign_in", status: "sent" },
      ])
      .returning();
    expect((await getOutboxMessage(t.db, stored!.id, actors.admin)).text).toContain("every quarter");
    const withheld = await getOutboxMessage(t.db, sent!.id, actors.admin);
    expect(withheld).toMatchObject({ withheld: true, text: WITHHELD_BODY, html: null });
    expect(JSON.stringify(withheld)).not.toContain("every quarter");
    // A sign-in link sent by mail would let the administrator act as its person: withheld too.
    const link = await getOutboxMessage(t.db, signIn!.id, actors.admin);
    expect(link).toMatchObject({ withheld: true, text: LINK_BODY_WITHHELD, html: null });
    expect(JSON.stringify(link)).not.toContain("http://localhost/link");
    await expect(getOutboxMessage(t.db, stored!.id, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getOutboxMessage(t.db, "-".repeat(36), actors.admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listOutboxPage(t.db, {}, actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await t.db.delete(outbox).where(inArray(outbox.id, [stored!.id, sent!.id, signIn!.id]));
  });

  it("says when a failed email's job will try again, on the list and on its page", async () => {
    const [failed, gaveUp] = await t.db
      .insert(outbox)
      .values([
        { to: "retry@example.org", subject: "Sign in", text: "link", kind: "sign_in", status: "failed", lastError: "451 Try again later" },
        { to: "retry@example.org", subject: "Sign in", text: "link", kind: "sign_in", status: "failed", lastError: "550 No such user" },
      ])
      .returning();
    const next = new Date(Date.now() + 120_000);
    await t.db.insert(jobs).values([
      { name: "email.deliver", status: "queued", attempts: 2, runAt: next, singletonKey: `email.deliver:${failed!.id}` },
      { name: "email.deliver", status: "failed", attempts: 5, singletonKey: `email.deliver:${gaveUp!.id}` },
    ]);
    const listed = (await listOutboxPage(t.db, { to: "retry@example.org" }, actors.admin)).rows;
    expect(listed.find((r) => r.id === failed!.id)!.retryAt?.getTime()).toBe(next.getTime());
    expect(listed.find((r) => r.id === gaveUp!.id)!.retryAt).toBeNull();
    expect((await getOutboxMessage(t.db, failed!.id, actors.admin)).retryAt?.getTime()).toBe(next.getTime());
    await t.db.delete(jobs).where(inArray(jobs.singletonKey, [`email.deliver:${failed!.id}`, `email.deliver:${gaveUp!.id}`]));
    await t.db.delete(outbox).where(inArray(outbox.id, [failed!.id, gaveUp!.id]));
  });
});

describe("background jobs, as the administrator reads them", () => {
  it("counts each list, pages one, and says what each job is for; refused to anyone else", async () => {
    await t.db.delete(jobs);
    await t.db.insert(jobs).values([
      // Newest first by when each was last due to run (its last attempt).
      { name: "email.invitation", status: "failed", attempts: 5, lastError: "SMTP 554: relay refused <script>alert(1)</script>", runAt: new Date(Date.now() - 1_000), finishedAt: new Date() },
      { name: "export.responses", status: "failed", attempts: 2, maxAttempts: 2, lastError: LAPSED_MESSAGE, runAt: new Date(Date.now() - 61_000), finishedAt: new Date(Date.now() - 60_000) },
      { name: "notifications.email", status: "queued" },
      { name: "system.worker_check", status: "running", attempts: 1, lockedAt: new Date(), lockedBy: "web-1 3f0c" },
      // Its worker stopped an hour ago: stalled, not running.
      { name: "export.responses", status: "running", attempts: 1, lockedAt: new Date(Date.now() - 3_600_000), lockedBy: "web-2 9a1e" },
      ...Array.from({ length: 30 }, () => ({ name: "reminders.scan", status: "done" as const, finishedAt: new Date() })),
    ]);
    const failed = await listJobs(t.db, {}, actors.admin);
    expect(failed).toMatchObject({ list: "failed", counts: { failed: 2, stalled: 1, running: 1, waiting: 1, done: 30 }, total: 2, next: null });
    expect(failed.rows.map((r) => [jobText(r.name), r.lastError])).toEqual([
      ["Invitation email", "SMTP 554: relay refused <script>alert(1)</script>"],
      ["Export of responses", LAPSED_MESSAGE],
    ]);
    const stalled = await listJobs(t.db, { list: "stalled" }, actors.admin);
    expect(stalled.rows.map((r) => [r.name, r.instance])).toEqual([["export.responses", "web-2"]]);
    expect((await listJobs(t.db, { list: "running" }, actors.admin)).rows.map((r) => r.instance)).toEqual(["web-1"]);
    const done1 = await listJobs(t.db, { list: "done" }, actors.admin);
    const done2 = await listJobs(t.db, { list: "done", after: done1.next }, actors.admin);
    expect(done2).toMatchObject({ total: 30, next: null });
    expect(done2.rows).toHaveLength(30 - JOBS_PAGE_SIZE);
    expect(new Set([...done1.rows, ...done2.rows].map((r) => r.id)).size).toBe(30);
    // Anything else in the address falls back to the first list and page.
    expect(await listJobs(t.db, { list: "everything", after: "-3" }, actors.admin)).toMatchObject({ list: "failed", previous: null });
    for (const who of [actors.officer, actors.partner, actors.scrutiny]) {
      await expect(listJobs(t.db, {}, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("queues a failed job again, audited; one not failed, or not there, is refused with why", async () => {
    await t.db.delete(jobs);
    const [failed, waiting] = await t.db
      .insert(jobs)
      .values([
        { name: "email.invitation", status: "failed", attempts: 5, lastError: "SMTP down", finishedAt: new Date(), runAt: new Date(Date.now() - 86_400_000) },
        { name: "email.invitation", status: "queued" },
      ])
      .returning();
    await expect(retryJob(t.db, { jobId: failed!.id }, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await retryJob(t.db, { jobId: failed!.id }, actors.admin)).toEqual({ id: failed!.id, name: "email.invitation" });
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, failed!.id));
    expect(row).toMatchObject({ status: "queued", attempts: 0, finishedAt: null, lastError: "SMTP down" });
    expect(row!.runAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const audit = await listSystemAudit(t.db, { action: "job.retry" }, actors.admin);
    expect(audit.rows[0]).toMatchObject({ action: "job.retry", actorName: "Ravi Shah", entityId: failed!.id });
    // Twice: the second is refused (it is queued now), as is one that was never failed.
    for (const id of [failed!.id, waiting!.id]) {
      const e = await retryJob(t.db, { jobId: id }, actors.admin).catch((x) => x);
      expect(e).toBeInstanceOf(InvalidError);
      expect(e.message).toBe("Only a failed job can be tried again: this one is no longer failed");
    }
    await expect(retryJob(t.db, { jobId: "00000000-0000-4000-8000-000000000000" }, actors.admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(retryJob(t.db, { jobId: "not-a-uuid" }, actors.admin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("queues a failed job again once when two administrators try it at the same time (on Postgres, 10 trials, the two truly overlapping)", async () => {
    await t.db.delete(jobs);
    const trials = t.driver === "pg" ? 10 : 1;
    for (let i = 0; i < trials; i++) {
      const [failed] = await t.db.insert(jobs).values({ name: "email.invitation", status: "failed", attempts: 5, finishedAt: new Date() }).returning();
      const retry = () => retryJob(t.db, { jobId: failed!.id }, actors.admin);
      // On Postgres a third connection holds the job's row while both start, and lets go once
      // Postgres shows both waiting; PGlite serves one connection, so there they queue.
      const outcomes =
        t.driver === "pg"
          ? await raceOnRow(t.db, sql`select 1 from ${jobs} where ${jobs.id} = ${failed!.id} for update`, [retry, retry])
          : await Promise.allSettled([retry(), retry()]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(InvalidError);
      expect((await t.db.select().from(jobs).where(eq(jobs.id, failed!.id)))[0]).toMatchObject({ status: "queued", attempts: 0 });
      const entries = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "job.retry"), eq(auditLog.entityId, failed!.id)));
      expect(entries).toHaveLength(1);
    }
  });
});
