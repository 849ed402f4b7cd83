// Reading the audit log: per consultation and for the whole system, filtered (by action, by a
// person's name or email address) and keyset-paged, and refused to those without the right
// (PGlite or Postgres).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { odpmSetup } from "../collation/testing";
import { assignDraftAnswers } from "../drafts/commands";
import { ForbiddenError, InvalidError } from "../errors";
import { writeAudit } from ".";
import { listConsultationAudit, listSystemAudit, type AuditQuery } from "./queries";
import { AUDIT_PERSON_CONTROL, AUDIT_PERSON_MATCHES_MAX, AUDIT_PERSON_TOO_LONG } from "./schemas";

/** A person whose name is made of LIKE's wildcards and its escape character, and markup. */
const HOSTILE = { name: "100% _Real\\ <b>Person</b>", email: "hostile.person@council.example" };

let s: Awaited<ReturnType<typeof odpmSetup>>;
beforeAll(async () => {
  s = await odpmSetup();
  // Five more entries, alternating officers.
  for (const [i, n] of ["1", "2", "3", "4", "5"].entries()) {
    const who = i % 2 ? s.actors.officer2 : s.actors.officer;
    await assignDraftAnswers(s.t.db, { consultationId: s.odpm.id, questionIds: [s.q(n).id], assigneeId: who.id }, who);
  }
});
afterAll(async () => s?.t.close());

describe("audit log", () => {
  it("lists a consultation's entries newest first, with actors, filterable by action and actor", async () => {
    const all = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id }, s.actors.officer);
    expect(all.rows[0]).toMatchObject({ action: "draft_answer.assign", actorName: "Jane Fisher" });
    expect(all.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].sort((a, b) => b - a));
    const amir = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id, actorId: s.actors.officer2.id }, s.actors.signatory);
    expect(amir.rows).toHaveLength(2);
    const publish = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id, action: "consultation.publish" }, s.actors.officer);
    expect(publish.rows).toHaveLength(1);
  });

  it("pages by id, older and newer, without gaps or repeats", async () => {
    const input = { consultationId: s.odpm.id, limit: 3 };
    const p1 = await listConsultationAudit(s.t.db, input, s.actors.officer);
    expect(p1.newerThan).toBeNull();
    const p2 = await listConsultationAudit(s.t.db, { ...input, before: p1.olderThan! }, s.actors.officer);
    expect(p2.rows[0].id).toBeLessThan(p1.rows[2].id);
    const back = await listConsultationAudit(s.t.db, { ...input, after: p2.newerThan! }, s.actors.officer);
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    const everything = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id, limit: 200 }, s.actors.officer);
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(everything.rows.slice(0, 6).map((r) => r.id));
  });

  it("is refused to partners, scrutiny and the administrator for a consultation (it holds partners' answers), and to all but administrators for the system", async () => {
    await expect(listConsultationAudit(s.t.db, { consultationId: s.odpm.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listConsultationAudit(s.t.db, { consultationId: s.odpm.id }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listConsultationAudit(s.t.db, { consultationId: s.odpm.id }, s.actors.admin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listSystemAudit(s.t.db, {}, s.actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
    const system = await listSystemAudit(s.t.db, {}, s.actors.admin);
    expect(system.rows.some((r) => r.consultationTitle === "Local Strategic Partnerships: Shaping their Future")).toBe(true);
  });

  it("refuses a malformed actor filter with a message", async () => {
    await expect(listSystemAudit(s.t.db, { actorId: "not-an-id" }, s.actors.admin)).rejects.toBeInstanceOf(InvalidError);
  });

  it("says whose entries a link to one person lists (by id), and lists none for an id no one has", async () => {
    const amir = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id, actorId: s.actors.officer2.id }, s.actors.officer);
    expect(amir.filteredBy).toEqual({ id: s.actors.officer2.id, name: "Amir Khan" });
    expect(new Set(amir.rows.map((r) => r.actorName))).toEqual(new Set(["Amir Khan"]));
    const nobody = await listSystemAudit(s.t.db, { actorId: randomUUID() }, s.actors.admin);
    expect(nobody.filteredBy).toBeNull();
    expect(nobody.rows).toEqual([]);
    expect((await listSystemAudit(s.t.db, {}, s.actors.admin)).filteredBy).toBeNull();
  });
});

describe("the audit log's person filter (name or email)", () => {
  const odpm = (q: AuditQuery = {}) => listConsultationAudit(s.t.db, { consultationId: s.odpm.id, limit: 200, ...q }, s.actors.officer);
  /** What the table's Who and What columns show. */
  const seen = (rows: { actorName: string | null; action: string }[]) => rows.map((r) => `${r.actorName}: ${r.action}`);
  let everything: Awaited<ReturnType<typeof odpm>>["rows"];
  beforeAll(async () => {
    const [hostile] = await s.t.db.insert(users).values(HOSTILE).returning({ id: users.id });
    await writeAudit(s.t.db, { actorId: hostile!.id, action: "comment.add", entityType: "comment", consultationId: s.odpm.id, after: { body: "From the hostile name" } });
    // More people whose names begin "Bulk" than the filter takes: each with an entry.
    const bulk = await s.t.db
      .insert(users)
      .values(Array.from({ length: AUDIT_PERSON_MATCHES_MAX + 1 }, (_, i) => ({ name: `Bulk Person ${i}`, email: `bulk.${i}@${randomUUID()}.example` })))
      .returning({ id: users.id });
    await writeAudit(s.t.db, bulk.map((b) => ({ actorId: b.id, action: "comment.add" as const, entityType: "comment", consultationId: s.odpm.id })));
    everything = (await odpm()).rows;
    expect(everything.length).toBeLessThan(200);
  });
  const by = (name: string) => everything.filter((r) => r.actorName === name);

  it("finds a person's entries by the start of their name, and only theirs", async () => {
    const amir = by("Amir Khan");
    expect(amir.length).toBeGreaterThan(0);
    for (const text of ["Amir", "Amir Khan", "Am"]) {
      const found = await odpm({ person: text });
      expect(seen(found.rows), text).toEqual(seen(amir));
      expect(found.rows.map((r) => r.id)).toEqual(amir.map((r) => r.id));
    }
    // Not the middle of a name: "Khan" begins no one's name.
    expect((await odpm({ person: "Khan" })).rows).toEqual([]);
  });

  it("finds a person's entries by their whole email address, and not by a part of it", async () => {
    const jane = by("Jane Fisher");
    expect(jane.length).toBeGreaterThan(3);
    expect(seen((await odpm({ person: "jane.fisher@council.example" })).rows)).toEqual(seen(jane));
    // A part would spell out addresses an officer is not shown, a character at a time.
    for (const part of ["jane.fisher@", "jane", "@council.example", "jane.fisher@council.exampl"]) {
      expect(seen((await odpm({ person: part })).rows), part).toEqual(part === "jane" ? seen(jane) : []);
    }
  });

  it("ignores case and the spaces around the text", async () => {
    const jane = seen(by("Jane Fisher"));
    for (const text of ["JANE FISHER", "jane fi", "  jane fisher  ", "Jane.Fisher@COUNCIL.example", " JANE.FISHER@council.example "]) {
      expect(seen((await odpm({ person: text })).rows), text).toEqual(jane);
    }
  });

  it("finds nothing, and offers no other page, when no one matches", async () => {
    const none = await odpm({ person: "Nobody Of That Name" });
    expect(none).toMatchObject({ rows: [], olderThan: null, newerThan: null });
    // Someone who exists but did nothing on this consultation.
    expect((await odpm({ person: "ravi.shah@council.example" })).rows).toEqual([]);
  });

  it("matches LIKE's wildcards and escape character as the characters they are", async () => {
    const hostile = seen(by(HOSTILE.name));
    expect(hostile).toEqual([`${HOSTILE.name}: comment.add`]);
    for (const text of ["%", "_", "\\", "%%", "_%", "\\%", "%Person%", "_ane"]) {
      expect(seen((await odpm({ person: text })).rows), text).toEqual([]);
    }
    for (const text of ["100%", "100% _", "100% _Real\\", HOSTILE.name, HOSTILE.name.toUpperCase()]) {
      expect(seen((await odpm({ person: text })).rows), text).toEqual(hostile);
    }
    // By address on the administrator's log (a consultation's finds only people with a role by address: below).
    expect(seen((await listSystemAudit(s.t.db, { person: HOSTILE.email, limit: 200 }, s.actors.admin)).rows)).toEqual(hostile);
    expect((await odpm({ person: "1_0" })).rows).toEqual([]);
    expect((await odpm({ person: "100%_" })).rows).toEqual([]);
  });

  it("refuses text too long to be a name or address, or holding control characters, with a message for the field", async () => {
    const refusal = async (text: string) => {
      const e = await odpm({ person: text }).catch((x: unknown) => x);
      expect(e, JSON.stringify(text.slice(0, 20))).toBeInstanceOf(InvalidError);
      return (e as InvalidError).fieldErrors.person;
    };
    expect(await refusal("a".repeat(10_000))).toBe(AUDIT_PERSON_TOO_LONG);
    expect(await refusal("x".repeat(255))).toBe(AUDIT_PERSON_TOO_LONG);
    expect(await refusal("Jane\u0000")).toBe(AUDIT_PERSON_CONTROL);
    expect(await refusal("\u0000")).toBe(AUDIT_PERSON_CONTROL);
    expect(await refusal("Jane\nFisher")).toBe(AUDIT_PERSON_CONTROL);
    // Up to the limit is searched; spaces alone are no filter at all.
    expect((await odpm({ person: "x".repeat(254) })).rows).toEqual([]);
    expect((await odpm({ person: " ".repeat(10_000) })).rows.map((r) => r.id)).toEqual(everything.map((r) => r.id));
    // The access check comes first: a refused caller hears of that, not of their text.
    await expect(listConsultationAudit(s.t.db, { consultationId: s.odpm.id, person: "\u0000" }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listSystemAudit(s.t.db, { person: "a".repeat(10_000) }, s.actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("asks for more of the name when it begins more people's names than the filter takes", async () => {
    const e = await odpm({ person: "bulk" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidError);
    expect((e as InvalidError).fieldErrors.person).toBe(
      `More than ${AUDIT_PERSON_MATCHES_MAX} people whose names begin “bulk” have entries here: enter more of their name, or their whole email address`,
    );
    // "Bulk Person 7" begins 11 names (7, 70–79): their entries, and no one else's.
    const seven = await odpm({ person: "Bulk Person 7" });
    expect(seven.rows.map((r) => r.actorName).sort()).toEqual(["Bulk Person 7", ...Array.from({ length: 10 }, (_, i) => `Bulk Person 7${i}`)].sort());
  });

  it("counts, on a consultation's log, only the people with entries in it: a common name elsewhere does not refuse the search", async () => {
    // More people called "Common" than the filter takes on the service, one of them with an entry here.
    const common = await s.t.db
      .insert(users)
      .values(Array.from({ length: AUDIT_PERSON_MATCHES_MAX + 5 }, (_, i) => ({ name: `Common Name ${i}`, email: `common.${i}@${randomUUID()}.example` })))
      .returning({ id: users.id });
    await writeAudit(s.t.db, { actorId: common[3]!.id, action: "comment.add", entityType: "comment", consultationId: s.odpm.id });
    const found = await odpm({ person: "common" });
    expect(found.rows.map((r) => r.actorName)).toEqual(["Common Name 3"]);
    // The administrator's log searches everyone: there, more of the name is asked for.
    const e = await listSystemAudit(s.t.db, { person: "common" }, s.actors.admin).catch((x: unknown) => x);
    expect((e as InvalidError).fieldErrors.person).toBe(
      `More than ${AUDIT_PERSON_MATCHES_MAX} people's names begin “common”: enter more of their name, or their whole email address`,
    );
  });

  it("does not confirm, on a consultation's log, the address of someone without a role (a member of the public) who acted on it", async () => {
    const [publicPerson] = await s.t.db.insert(users).values({ name: null, email: `guess.me@${randomUUID()}.example` }).returning();
    await writeAudit(s.t.db, { actorId: publicPerson!.id, action: "comment.add", entityType: "comment", consultationId: s.odpm.id });
    expect((await odpm({ person: publicPerson!.email })).rows).toEqual([]);
    expect((await odpm({ person: publicPerson!.email.toUpperCase() })).rows).toEqual([]);
    // Staff and partner contacts are found by their address (the test above: jane.fisher@council.example);
    // the administrator's log finds anyone by it.
    const admin = await listSystemAudit(s.t.db, { person: publicPerson!.email }, s.actors.admin);
    expect(admin.rows.map((r) => r.actorName)).toEqual(["Someone who gave no name"]);
  });

  it("combines with the action filter", async () => {
    const janeAssigns = everything.filter((r) => r.actorName === "Jane Fisher" && r.action === "draft_answer.assign");
    expect(janeAssigns.length).toBeGreaterThanOrEqual(3);
    const found = await odpm({ person: "Jane", action: "draft_answer.assign" });
    expect(found.rows.map((r) => r.id)).toEqual(janeAssigns.map((r) => r.id));
    expect((await odpm({ person: "Amir", action: "consultation.publish" })).rows).toEqual([]);
  });

  it("pages the person's entries by id, older and newer, without gaps, repeats or anyone else's", async () => {
    const jane = by("Jane Fisher").map((r) => r.id);
    const q = { person: "jane fisher", limit: 2 };
    const pages: number[][] = [];
    let page = await odpm(q);
    expect(page.newerThan).toBeNull();
    for (;;) {
      expect(new Set(page.rows.map((r) => r.actorName))).toEqual(new Set(["Jane Fisher"]));
      pages.push(page.rows.map((r) => r.id));
      if (page.olderThan === null) break;
      page = await odpm({ ...q, before: page.olderThan });
    }
    expect(pages.flat()).toEqual(jane);
    expect(pages.length).toBe(Math.ceil(jane.length / 2));
    // Back from the second page to the first.
    const second = await odpm({ ...q, before: pages[0]!.at(-1)! });
    const back = await odpm({ ...q, after: second.newerThan! });
    expect(back.rows.map((r) => r.id)).toEqual(pages[0]);
    expect(back.newerThan).toBeNull();
  });

  it("finds the same people on the whole system's log, within everyone's entries", async () => {
    const system = await listSystemAudit(s.t.db, { person: "AMIR.KHAN@council.example", limit: 200 }, s.actors.admin);
    expect(system.rows.length).toBeGreaterThanOrEqual(by("Amir Khan").length);
    expect(new Set(system.rows.map((r) => r.actorName))).toEqual(new Set(["Amir Khan"]));
    const both = await listSystemAudit(s.t.db, { person: "Amir", action: "draft_answer.assign", limit: 200 }, s.actors.admin);
    expect(both.rows.length).toBeGreaterThan(0);
    expect(both.rows.every((r) => r.actorName === "Amir Khan" && r.action === "draft_answer.assign")).toBe(true);
  });
});
