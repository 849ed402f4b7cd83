// The council's answers from drafting to sign-off, on PGlite or Postgres (DATABASE_URL):
// conflicting saves, review, the lock after sign-off, reopening, hash verification and roles.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, consultations, draftAnswerRevisions, draftAnswers } from "../../db/schema";
import { openPg } from "../../db/client";
import { odpmSetup } from "../collation/testing";
import { assignDraftAnswers, saveDraftAnswer, type DraftSnapshot } from "../drafts/commands";
import { compareDraftRevisions, getDraftAnswer, listDraftAnswers, listDraftRevisions } from "../drafts/queries";
import { ConflictError, ForbiddenError, InvalidError, LockedError } from "../errors";
import { addComment, recordResolution, sendForReview, setCommentThreadStatus } from "../review/commands";
import { getReviewReport } from "../review/queries";
import { decideSignOff, reopenSignOff, StaleAnswersError } from "./commands";
import { getSignOffState, verifySignOff } from "./queries";

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

function save(number: string, text: string, baseVersion: number, who = s.actors.officer, extra: Partial<{ status: "not_started" | "drafting" | "ready_for_review"; assigneeId: string | null }> = {}) {
  return saveDraftAnswer(
    db(),
    { consultationId: s.odpm.id, questionId: s.q(number).id, text, status: extra.status ?? "drafting", assigneeId: extra.assigneeId ?? null, baseVersion },
    who,
  );
}

describe("saving a draft answer", () => {
  it("saves over the version it started from, keeps a revision and writes the audit log", async () => {
    const before = await draftOf("1");
    const result = await save("1", `${before.text} We would add a line on health.`, before.version);
    expect(result.changed).toBe(true);
    expect(result.draft.version).toBe(before.version + 1);
    const revisions = await listDraftRevisions(db(), { consultationId: s.odpm.id, questionId: s.q("1").id }, s.actors.officer);
    expect(revisions[0]).toMatchObject({ version: before.version + 1, createdByName: "Jane Fisher" });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "draft_answer.save"), eq(auditLog.entityId, before.id)));
    expect(entry.actorId).toBe(s.actors.officer.id);
    expect((entry.after as { text: string }).text).toContain("a line on health");
    expect((entry.before as { text: string }).text).toBe(before.text);
  });

  it("shows a readable word diff between two revisions", async () => {
    const d = await draftOf("1");
    const diff = await compareDraftRevisions(db(), { consultationId: s.odpm.id, questionId: s.q("1").id, from: 1, to: d.version }, s.actors.officer);
    expect(diff.parts.filter((p) => p.kind === "added").map((p) => p.text.trim()).join(" ")).toContain("We would add a line on health.");
    expect(diff.parts.some((p) => p.kind === "removed")).toBe(false);
    // A version from the URL that no integer column holds is refused as a choice, not a database error.
    for (const to of [2_147_483_648, 1e21, 0, -1]) {
      await expect(compareDraftRevisions(db(), { consultationId: s.odpm.id, questionId: s.q("1").id, from: 1, to }, s.actors.officer)).rejects.toBeInstanceOf(InvalidError);
    }
  });

  it("refuses a save over a newer version, keeping both texts (two officers, one after the other)", async () => {
    const start = await draftOf("2");
    await save("2", "Amir's wording of the answer.", start.version, s.actors.officer2);
    const err = await save("2", "Jane's wording of the answer.", start.version).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    const conflict = err as ConflictError<DraftSnapshot>;
    expect(conflict.current.text).toBe("Amir's wording of the answer.");
    expect(conflict.current.updatedByName).toBe("Amir Khan");
    expect(conflict.attempted?.text).toBe("Jane's wording of the answer.");
    expect((await draftOf("2")).text).toBe("Amir's wording of the answer.");
    // The officer merges and saves against the version that beat her.
    const merged = await save("2", "Amir's wording, with Jane's point.", conflict.current.version);
    expect(merged.draft.text).toBe("Amir's wording, with Jane's point.");
  });

  it("two officers saving the same answer at the same moment: one wins, the other gets a conflict with both texts", async () => {
    const start = await draftOf("3");
    const texts = ["Jane's concurrent text.", "Amir's concurrent text."];
    let release: (() => void) | undefined;
    let blocker: Promise<void> | undefined;
    if (s.t.driver === "pg") {
      // A third connection holds the draft row so that both saves are inside their
      // transactions, waiting on it, at the same time; then it lets go.
      const other = await openPg(s.t.url!, 1);
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      blocker = other.db
        .transaction(async (tx) => {
          await tx.execute(sql`select id from draft_answers where id = ${start.id} for update`);
          locked();
          await new Promise<void>((r) => (release = r));
        })
        .finally(() => other.close());
      await isLocked;
    }
    const saves = Promise.allSettled([save("3", texts[0], start.version, s.actors.officer), save("3", texts[1], start.version, s.actors.officer2)]);
    if (s.t.driver === "pg") {
      // Both saves are now blocked on the row lock: two more sessions waiting on it.
      let waiting = 0;
      for (let i = 0; i < 250 && waiting < 2; i++) {
        waiting = ((await db().execute(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        )) as unknown as { rows: { n: number }[] }).rows[0].n;
        if (waiting < 2) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waiting, "both saves waiting inside their transactions at once").toBe(2);
      release!();
      await blocker;
    }
    const [a, b] = await saves;
    const results = [a, b];
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    const conflict = lost[0].reason as ConflictError<DraftSnapshot>;
    const winnerText = (await draftOf("3")).text;
    expect(texts).toContain(winnerText);
    expect(conflict.current.text).toBe(winnerText);
    expect(conflict.attempted?.text).toBe(texts.find((t) => t !== winnerText));
    expect((await draftOf("3")).version).toBe(start.version + 1);
  });

  it("lets a save go ahead when the other save changed only the assignee, keeping that assignee", async () => {
    const start = await draftOf("4");
    await assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("4").id], assigneeId: s.actors.officer2.id }, s.actors.officer);
    const result = await save("4", `${start.text} Edited.`, start.version);
    expect(result.draft.text).toBe(`${start.text} Edited.`);
    expect(result.draft.assigneeId).toBe(s.actors.officer2.id);
  });

  it("with strictVersion (HTTP If-Match), refuses even when only the assignee changed in between", async () => {
    const start = await draftOf("8");
    await assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("8").id], assigneeId: s.actors.officer2.id }, s.actors.officer);
    const err = await saveDraftAnswer(
      db(),
      { consultationId: s.odpm.id, questionId: s.q("8").id, text: `${start.text} More.`, status: "drafting", assigneeId: null, baseVersion: start.version },
      s.actors.officer,
      { strictVersion: true },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError<DraftSnapshot>).current.version).toBe(start.version + 1);
  });

  it("refuses an assignee who is not an officer of the council, at the field", async () => {
    const d = await draftOf("5");
    const err = await save("5", d.text, d.version, s.actors.officer, { assigneeId: s.actors.partner.id }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).fieldErrors.assigneeId).toMatch(/officer/);
  });
});

describe("roles", () => {
  it("a partner cannot read draft answers, the dashboard or the review report", async () => {
    const input = { consultationId: s.odpm.id, questionId: s.q("1").id };
    await expect(getDraftAnswer(db(), input, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listDraftAnswers(db(), { consultationId: s.odpm.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getReviewReport(db(), { consultationId: s.odpm.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listDraftRevisions(db(), input, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(verifySignOff(db(), { consultationId: s.odpm.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("scrutiny reads the drafts but cannot edit or assign them", async () => {
    await expect(getDraftAnswer(db(), { consultationId: s.odpm.id, questionId: s.q("1").id }, s.actors.scrutiny)).resolves.toBeTruthy();
    const d = await draftOf("6");
    await expect(save("6", "Scrutiny's own text", d.version, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("6").id], assigneeId: s.actors.officer.id }, s.actors.scrutiny),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sendForReview(db(), { consultationId: s.odpm.id }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await draftOf("6")).text).toBe(d.text);
  });

  it("only an officer records the resolution; a partner cannot comment", async () => {
    const resolution = { consultationId: s.odpm.id, meetingDate: "2026-03-02", committee: "Overview and Scrutiny Committee", text: "Agreed." };
    await expect(recordResolution(db(), resolution, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recordResolution(db(), resolution, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      addComment(db(), { consultationId: s.odpm.id, questionId: s.q("12").id, parentId: null, body: "From a partner" }, s.actors.partner),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("only a signatory signs off or reopens", async () => {
    const decide = { consultationId: s.odpm.id, decision: "approved" as const, note: "", expectedHash: undefined };
    for (const who of [s.actors.officer, s.actors.officer2, s.actors.scrutiny, s.actors.admin, s.actors.partner]) {
      await expect(decideSignOff(db(), decide, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(reopenSignOff(db(), { consultationId: s.odpm.id, reason: "x" }, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("review, sign-off, lock, verification and reopening", () => {
  it("refuses sign-off before the answers are sent for review", async () => {
    await expect(
      decideSignOff(db(), { consultationId: s.odpm.id, decision: "approved", note: "", expectedHash: undefined }, s.actors.signatory),
    ).rejects.toBeInstanceOf(InvalidError);
  });

  it("sends the answers for review, marking drafted answers ready", async () => {
    const result = await sendForReview(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(result.markedReady.length).toBeGreaterThan(0);
    const [c] = await db().select().from(consultations).where(eq(consultations.id, s.odpm.id));
    expect(c.answerSetStatus).toBe("in_review");
    const { progress } = await listDraftAnswers(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(progress.byStatus.ready_for_review).toBe(35);
  });

  it("scrutiny comments on question 12, an officer replies, the thread is resolved and reopened", async () => {
    const thread = await addComment(
      db(),
      { consultationId: s.odpm.id, questionId: s.q("12").id, parentId: null, body: "Say more about the thematic partnerships." },
      s.actors.scrutiny,
    );
    const reply = await addComment(
      db(),
      { consultationId: s.odpm.id, questionId: s.q("12").id, parentId: thread.id, body: "Added a sentence." },
      s.actors.officer,
    );
    expect(reply.parentId).toBe(thread.id);
    await setCommentThreadStatus(db(), { consultationId: s.odpm.id, commentId: thread.id, status: "resolved" }, s.actors.scrutiny);
    let report = await getReviewReport(db(), { consultationId: s.odpm.id }, s.actors.scrutiny);
    const q12 = report.chapters.flatMap((c) => c.questions).find((q) => q.number === "12")!;
    expect(q12.threads).toHaveLength(1);
    expect(q12.threads[0]).toMatchObject({ status: "resolved", resolvedByName: "Cllr Peter Moss" });
    expect(q12.threads[0].replies.map((r) => r.authorName)).toEqual(["Jane Fisher"]);
    await setCommentThreadStatus(db(), { consultationId: s.odpm.id, commentId: reply.id, status: "open" }, s.actors.officer);
    report = await getReviewReport(db(), { consultationId: s.odpm.id }, s.actors.scrutiny);
    expect(report.commentCounts).toEqual({ threads: 1, open: 1 });
  });

  it("an officer records the committee's resolution", async () => {
    const r = await recordResolution(
      db(),
      {
        consultationId: s.odpm.id,
        meetingDate: "2026-03-02",
        committee: "Overview and Scrutiny Committee",
        text: "Agreed that the draft responses can be submitted subject to the comments on question 12.",
      },
      s.actors.officer,
    );
    expect(r.recordedBy).toBe(s.actors.officer.id);
  });

  it("refuses approval of answers that changed after the signatory read them", async () => {
    const state = await getSignOffState(db(), { consultationId: s.odpm.id }, s.actors.signatory);
    const d = await draftOf("12");
    await save("12", `${d.text} The thematic partnerships report to the LSP board.`, d.version, s.actors.officer, { status: "ready_for_review" });
    await expect(
      decideSignOff(db(), { consultationId: s.odpm.id, decision: "approved", note: "", expectedHash: state.hash }, s.actors.signatory),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("the refusal names the questions whose answers changed since the page was opened, by whom", async () => {
    const state = await getSignOffState(db(), { consultationId: s.odpm.id }, s.actors.signatory);
    const d = await draftOf("5");
    await save("5", `${d.text} Changed while the signatory read it.`, d.version, s.actors.officer2, { status: "ready_for_review" });
    const err = await decideSignOff(
      db(),
      { consultationId: s.odpm.id, decision: "approved", note: "", expectedHash: state.hash, seen: state.seen },
      s.actors.signatory,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleAnswersError);
    const stale = err as StaleAnswersError;
    expect(stale.message).toContain("The answer to question 5 changed after you opened this page");
    expect(stale.particulars).toHaveLength(1);
    expect(stale.particulars[0]).toMatch(new RegExp(`^Question 5: changed by ${s.actors.officer2.name}, `));
  });

  it("a signatory approves: hash of exactly the answers approved, every answer approved", async () => {
    const state = await getSignOffState(db(), { consultationId: s.odpm.id }, s.actors.signatory);
    const { hash, signOff } = await decideSignOff(
      db(),
      { consultationId: s.odpm.id, decision: "approved", note: "", expectedHash: state.hash },
      s.actors.signatory,
    );
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(state.hash);
    expect(signOff).toMatchObject({ decision: "approved", decidedBy: s.actors.signatory.id, answerSetVersion: 1 });
    const { progress } = await listDraftAnswers(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(progress.byStatus.approved).toBe(35);
    const v = await verifySignOff(db(), { consultationId: s.odpm.id }, s.actors.scrutiny);
    expect(v).toMatchObject({ matches: true, storedHash: hash, recomputedHash: hash, reopened: false, changedQuestions: [] });
  });

  it("refuses every edit once signed off, on the server", async () => {
    const d = await draftOf("7");
    await expect(save("7", "A change after sign-off", d.version)).rejects.toBeInstanceOf(LockedError);
    await expect(
      assignDraftAnswers(db(), { consultationId: s.odpm.id, questionIds: [s.q("7").id], assigneeId: s.actors.officer2.id }, s.actors.officer),
    ).rejects.toBeInstanceOf(LockedError);
    await expect(sendForReview(db(), { consultationId: s.odpm.id }, s.actors.officer)).rejects.toBeInstanceOf(LockedError);
    await expect(
      addComment(db(), { consultationId: s.odpm.id, questionId: s.q("7").id, parentId: null, body: "Late comment" }, s.actors.scrutiny),
    ).rejects.toBeInstanceOf(LockedError);
    expect((await draftOf("7")).text).toBe(d.text);
  });

  it("verification detects an answer changed behind the application's back", async () => {
    const d = await draftOf("9");
    await db().execute(sql`update draft_answers set text = text || ' (edited directly)' where id = ${d.id}`);
    const v = await verifySignOff(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(v.matches).toBe(false);
    expect(v.recomputedHash).not.toBe(v.storedHash);
    expect(v.changedQuestions.map((q) => q.number)).toEqual(["9"]);
    expect(v.changedQuestions[0].approvedText).toBe(d.text);
    await db().execute(sql`update draft_answers set text = ${d.text} where id = ${d.id}`);
    expect((await verifySignOff(db(), { consultationId: s.odpm.id }, s.actors.officer)).matches).toBe(true);
  });

  it("a signatory reopens with a reason: a new answer-set version, edits allowed again", async () => {
    await expect(reopenSignOff(db(), { consultationId: s.odpm.id, reason: "  " }, s.actors.signatory)).rejects.toBeInstanceOf(InvalidError);
    const result = await reopenSignOff(db(), { consultationId: s.odpm.id, reason: "The ODPM extended the deadline; question 7 needs updating." }, s.actors.signatory);
    expect(result.answerSetVersion).toBe(2);
  });
});

describe("reopening", () => {
  it("recorded who, when and why; version 2; approved answers back to ready for review", async () => {
    const [c] = await db().select().from(consultations).where(eq(consultations.id, s.odpm.id));
    expect(c).toMatchObject({ answerSetStatus: "drafting", answerSetVersion: 2 });
    const state = await getSignOffState(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(state.latestApproval).toMatchObject({ reopenedByName: "Helen Rigby" });
    const { progress } = await listDraftAnswers(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(progress.byStatus.ready_for_review).toBe(35);
    const d = await draftOf("7");
    const saved = await save("7", `${d.text} Reopened edit.`, d.version, s.actors.officer, { status: "ready_for_review" });
    expect(saved.changed).toBe(true);
    const v = await verifySignOff(db(), { consultationId: s.odpm.id }, s.actors.officer);
    expect(v).toMatchObject({ matches: false, reopened: true });
    const revisions = await db().select().from(draftAnswerRevisions).where(eq(draftAnswerRevisions.draftAnswerId, d.id));
    expect(revisions.map((r) => r.status)).toContain("approved");
  });

  it("a signatory returns the answers with a note; a return without a note is refused", async () => {
    await sendForReview(db(), { consultationId: s.odpm.id }, s.actors.officer);
    await expect(
      decideSignOff(db(), { consultationId: s.odpm.id, decision: "returned", note: " ", expectedHash: undefined }, s.actors.signatory),
    ).rejects.toBeInstanceOf(InvalidError);
    const { signOff, hash } = await decideSignOff(
      db(),
      { consultationId: s.odpm.id, decision: "returned", note: "Question 7 must reflect the new deadline.", expectedHash: undefined },
      s.actors.signatory,
    );
    expect(hash).toBeNull();
    expect(signOff).toMatchObject({ decision: "returned", answerSetVersion: 2, note: "Question 7 must reflect the new deadline." });
    const [c] = await db().select().from(consultations).where(eq(consultations.id, s.odpm.id));
    expect(c.answerSetStatus).toBe("drafting");
    // Still editable after a return.
    const d = await draftOf("7");
    await expect(save("7", `${d.text} Updated for the deadline.`, d.version, s.actors.officer, { status: "ready_for_review" })).resolves.toMatchObject({ changed: true });
  });

  it("never updates or deletes audit rows (the database refuses)", async () => {
    await expect(db().execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(db().execute(sql`delete from audit_log`)).rejects.toThrow();
    const actions = (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.consultationId, s.odpm.id))).map((r) => r.action);
    for (const a of ["draft_answer.save", "draft_answer.assign", "answer_set.send_for_review", "comment.add", "comment.reply", "comment.resolve", "comment.reopen", "resolution.record", "signoff.approve", "signoff.reopen", "signoff.return"]) {
      expect(actions, a).toContain(a);
    }
  });
});
