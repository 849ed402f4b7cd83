// Reading the audit log: per consultation and for the whole system, filtered and keyset-paged,
// and refused to those without the right (PGlite or Postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odpmSetup } from "../collation/testing";
import { assignDraftAnswers } from "../drafts/commands";
import { ForbiddenError, InvalidError } from "../errors";
import { listConsultationAudit, listSystemAudit } from "./queries";

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
    expect(all.options.actions).toEqual(expect.arrayContaining(["consultation.create", "consultation.publish", "draft_answer.assign"]));
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
});
