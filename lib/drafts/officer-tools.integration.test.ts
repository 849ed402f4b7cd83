// Officers' tools on the council's draft answers: restoring an earlier revision (a new
// revision, never a rewrite; a stale restore is a conflict), no "ready for review" with nothing
// written, and a change of assignee or status alone keeping no text revision.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, draftAnswerRevisions, draftAnswers, memberships, organisations, users } from "../../db/schema";
import { loadActor } from "../auth/actor";
import { odpmSetup } from "../collation/testing";
import { ConflictError, ForbiddenError, InvalidError } from "../errors";
import { sendForReview } from "../review/commands";
import { assignDraftAnswers, restoreDraftRevision, saveDraftAnswer } from "./commands";
import { getDraftAnswer, listCouncilOfficers, listDraftAnswers, listDraftRevisions } from "./queries";
import { EMPTY_READY_MESSAGE } from "./schemas";

let s: Awaited<ReturnType<typeof odpmSetup>>;
beforeAll(async () => {
  s = await odpmSetup();
});
afterAll(async () => s?.t.close());
const db = () => s.t.db;

async function draftOf(number: string) {
  const [d] = await db().select().from(draftAnswers).where(eq(draftAnswers.questionId, s.q(number).id));
  return d;
}
async function revisionsOf(number: string) {
  const d = await draftOf(number);
  return db().select().from(draftAnswerRevisions).where(eq(draftAnswerRevisions.draftAnswerId, d.id)).orderBy(draftAnswerRevisions.version);
}
function save(number: string, text: string, baseVersion: number, extra: Partial<{ status: "not_started" | "drafting" | "ready_for_review"; assigneeId: string | null; baseStatus: "drafting" | "not_started" | "ready_for_review"; baseAssigneeId: string | null }> = {}, who = s.actors.officer) {
  return saveDraftAnswer(
    db(),
    { consultationId: s.odpm.id, questionId: s.q(number).id, text, status: extra.status ?? "drafting", assigneeId: extra.assigneeId ?? null, baseVersion, baseStatus: extra.baseStatus, baseAssigneeId: extra.baseAssigneeId },
    who,
  );
}
async function otherCouncilOfficer() {
  const [org] = await db().insert(organisations).values({ name: "Another Borough Council", type: "council" }).returning();
  const [u] = await db().insert(users).values({ name: "Other Officer", email: `other-${Date.now()}@another.example` }).returning();
  await db().insert(memberships).values({ userId: u.id, organisationId: org.id, role: "officer" });
  return (await loadActor(db(), u.id))!;
}
const restore = (number: string, revision: number, baseVersion: number, who = s.actors.officer) =>
  restoreDraftRevision(db(), { consultationId: s.odpm.id, questionId: s.q(number).id, revision, baseVersion }, who);

describe("restoring an earlier revision of a draft answer", () => {
  it("adds a new revision with the old text, keeps every earlier revision as it was, and audits it", async () => {
    const start = await draftOf("3");
    const first = await save("3", "First wording.", start.version);
    const second = await save("3", "Second wording.", first.draft.version);
    const before = await revisionsOf("3");
    const { draft, restoredFrom } = await restore("3", first.draft.version, second.draft.version);
    expect(restoredFrom).toBe(first.draft.version);
    expect(draft).toMatchObject({ text: "First wording.", version: second.draft.version + 1 });
    const after = await revisionsOf("3");
    expect(after).toHaveLength(before.length + 1);
    // History is never rewritten: the earlier rows are untouched.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ version: draft.version, text: "First wording.", createdBy: s.actors.officer.id });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "draft_answer.restore"), eq(auditLog.entityId, draft.id)));
    expect(entry.before).toMatchObject({ text: "Second wording.", version: second.draft.version });
    expect(entry.after).toMatchObject({ text: "First wording.", restoredFrom: first.draft.version });
  });

  it("refuses a stale restore as a conflict, with both texts, and changes nothing", async () => {
    const d = await draftOf("3");
    const shown = d.version;
    const revs = await revisionsOf("3");
    await save("3", "A colleague's newer wording.", shown, {}, s.actors.officer2);
    const err = await restore("3", revs[0]!.version, shown).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError<{ text: string }>).current.text).toBe("A colleague's newer wording.");
    expect((err as ConflictError<{ text: string }>).attempted?.text).toBe(revs[0]!.text);
    expect((await draftOf("3")).text).toBe("A colleague's newer wording.");
    expect(await revisionsOf("3")).toHaveLength(revs.length + 1);
  });

  it("refuses a version that does not exist, or whose text is already the current text", async () => {
    const d = await draftOf("3");
    await expect(restore("3", 999, d.version)).rejects.toBeInstanceOf(InvalidError);
    await expect(restore("3", d.version, d.version)).rejects.toBeInstanceOf(InvalidError);
  });

  it("is refused to scrutiny, partners, the administrator and another council's officer", async () => {
    const d = await draftOf("3");
    for (const who of [s.actors.scrutiny, s.actors.partner, s.actors.admin, await otherCouncilOfficer()]) {
      await expect(restore("3", 1, d.version, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await draftOf("3")).version).toBe(d.version);
  });
});

describe("an empty draft answer cannot be marked ready for review", () => {
  it("refuses blank and whitespace-only text at the status field", async () => {
    const d = await draftOf("4");
    for (const text of ["", "   \n\t "]) {
      const err = await save("4", text, d.version, { status: "ready_for_review" }).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).fieldErrors).toEqual({ status: EMPTY_READY_MESSAGE });
    }
    expect((await draftOf("4")).version).toBe(d.version);
  });

  it("accepts the same status once there is text", async () => {
    const d = await draftOf("4");
    const r = await save("4", "Now there is an answer.", d.version, { status: "ready_for_review" });
    expect(r.draft.status).toBe("ready_for_review");
  });
});

describe("changing only the assignee or the status keeps no text revision", () => {
  it("a status-only save bumps the version and is audited, but adds no revision", async () => {
    const d = await draftOf("5");
    const revs = await revisionsOf("5");
    const r = await save("5", d.text, d.version, { status: "ready_for_review", baseStatus: d.status as "drafting" });
    expect(r.changed).toBe(true);
    expect(r.draft).toMatchObject({ status: "ready_for_review", version: d.version + 1 });
    expect(await revisionsOf("5")).toEqual(revs);
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.action, "draft_answer.save"), eq(auditLog.entityId, d.id)));
    expect(entries.some((e) => (e.after as { status?: string }).status === "ready_for_review")).toBe(true);
  });

  it("an assignee-only save, and assigning from the dashboard, add no revision either", async () => {
    const d = await draftOf("5");
    const revs = await revisionsOf("5");
    const r = await save("5", d.text, d.version, { status: "ready_for_review", assigneeId: s.actors.officer2.id });
    expect(r.draft.assigneeId).toBe(s.actors.officer2.id);
    await assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("5").id, s.q("6").id], assigneeId: s.actors.officer.id }, s.actors.officer);
    expect((await draftOf("5")).assigneeId).toBe(s.actors.officer.id);
    expect(await revisionsOf("5")).toEqual(revs);
    const listed = await listDraftRevisions(db(), { consultationId: s.odpm.id, questionId: s.q("5").id }, s.actors.officer);
    expect(listed).toHaveLength(revs.length);
  });

  it("a text change still keeps a revision", async () => {
    const d = await draftOf("5");
    const revs = await revisionsOf("5");
    await save("5", `${d.text} And one more sentence.`, d.version, { status: "ready_for_review", assigneeId: d.assigneeId });
    expect(await revisionsOf("5")).toHaveLength(revs.length + 1);
  });

  it("a save from an older version keeps a colleague's status change made in between (no revision to compare against)", async () => {
    const d = await draftOf("6");
    // A colleague marks it ready (status only: no revision) ...
    await save("6", d.text || "Some text.", d.version, { status: "ready_for_review", assigneeId: d.assigneeId, baseStatus: d.status as "drafting", baseAssigneeId: d.assigneeId }, s.actors.officer2);
    const mid = await draftOf("6");
    // ... while this officer, who saw the old status, edits the text only.
    const baseVersion = d.text ? d.version : mid.version;
    const r = await save("6", `${mid.text} An edit.`, baseVersion, { status: d.text ? (d.status as "drafting") : "ready_for_review", assigneeId: d.assigneeId, baseStatus: d.text ? (d.status as "drafting") : "ready_for_review", baseAssigneeId: d.assigneeId });
    expect(r.draft.status).toBe("ready_for_review");
    expect(r.draft.text).toContain("An edit.");
  });

  it("sending for review marks answers ready without adding text revisions", async () => {
    const before = await db().select().from(draftAnswerRevisions);
    // Every question needs text before review.
    const all = await db().select().from(draftAnswers).where(eq(draftAnswers.consultationId, s.odpm.id));
    for (const d of all.filter((x) => !x.text.trim())) {
      await saveDraftAnswer(db(), { consultationId: s.odpm.id, questionId: d.questionId, text: "Filled in.", status: "drafting", assigneeId: d.assigneeId, baseVersion: d.version }, s.actors.officer);
    }
    const filled = await db().select().from(draftAnswerRevisions);
    await sendForReview(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(await db().select().from(draftAnswerRevisions)).toHaveLength(filled.length);
    expect(filled.length).toBeGreaterThanOrEqual(before.length);
  });
});

describe("an officer without a name", () => {
  it("is offered, shown as the assignee and named in the audit log by their address", async () => {
    const council = s.actors.officer.memberships[0]!.organisationId;
    const [u] = await db().insert(users).values({ email: `unnamed.officer.${Date.now()}@council.example` }).returning();
    await db().insert(memberships).values({ userId: u!.id, organisationId: council, role: "officer" });
    expect(await listCouncilOfficers(db(), council)).toContainEqual({ id: u!.id, name: u!.email, email: u!.email });
    await assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("7").id], assigneeId: u!.id }, s.actors.officer);
    const listed = await listDraftAnswers(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(listed.rows.find((r) => r.questionId === s.q("7").id)?.assigneeName).toBe(u!.email);
    expect((await getDraftAnswer(db(), { consultationId: s.odpm.id, questionId: s.q("7").id }, s.actors.officer)).draft.assigneeName).toBe(u!.email);
    const d = await draftOf("7");
    await save("7", "Text for question 7", d!.version, { assigneeId: u!.id, baseAssigneeId: u!.id });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, d!.id), eq(auditLog.action, "draft_answer.save"))).orderBy(desc(auditLog.id)).limit(1);
    expect((entry!.after as { assignee?: string }).assignee).toBe(u!.email);
  });
});
