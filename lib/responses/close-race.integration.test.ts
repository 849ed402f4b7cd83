// A submission and the officer's close of the consultation, at the same moment, on Postgres with
// real connections: a submission is either wholly before the close (kept, and the close waits
// for it) or after it (refused as closed, nothing written). Never one written after a close that
// committed first, which a read of the consultation as of the submission's start would allow.
import pg from "pg";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, organisations, responses, users } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import type { Actor } from "../auth/policy";
import { closeConsultation } from "../consultations/publishing";
import { publishOneQuestionConsultation } from "../consultations/test-helpers";
import { LockedError } from "../errors";
import { saveAndSubmitResponse, saveAnswers, submitNewResponse, submitResponse } from "./commands";
import { EMPTY_BASE } from "./queries";

let t: TestDb;
let council: string;
let officer: Actor;
let made = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestDb();
  if (t.driver !== "pg") return;
  const [c] = await t.db.insert(organisations).values({ name: "Close Race Council", type: "council" }).returning();
  council = c!.id;
  const [u] = await t.db.insert(users).values({ name: "Olive Officer", email: "olive@close-race.example" }).returning();
  await t.db.insert(memberships).values({ userId: u!.id, organisationId: council, role: "officer" });
  officer = { id: u!.id, name: u!.name, email: u!.email, memberships: [{ organisationId: council, organisationName: "Close Race Council", role: "officer" }] };
});
afterAll(async () => t?.close());

/** An open questionnaire of one question, made for one trial. */
function openConsultation() {
  made++;
  return publishOneQuestionConsultation(t.db, { ownerOrganisationId: council, title: `Closes under a submission ${made}`, slug: `close-race-${made}` });
}

/** A partner organisation with one member (a person, or an API key's user). */
async function partner(name: string, apiKey = false): Promise<{ id: string; actor: Actor }> {
  const [o] = await t.db.insert(organisations).values({ name, type: "voluntary_sector" }).returning();
  const [u] = await t.db.insert(users).values({ name: `${name} member`, email: `member-${o!.id}@close-race.example` }).returning();
  await t.db.insert(memberships).values({ userId: u!.id, organisationId: o!.id, role: "partner" });
  const actor: Actor = { id: u!.id, name: u!.name, email: u!.email, memberships: [{ organisationId: o!.id, organisationName: name, role: "partner" }], ...(apiKey ? { apiKeyScope: "read_write" as const } : {}) };
  return { id: o!.id, actor };
}

type Path = "form" | "draft" | "api";
/** The three ways a response is submitted: the form's "submit" with its answers, a saved draft's submission, the API. */
async function submitter(path: Path, c: { id: string; questionId: string }, p: { id: string; actor: Actor }) {
  if (path === "draft") await saveAnswers(t.db, { consultationId: c.id, organisationId: p.id, answers: [{ questionId: c.questionId, value: "Drafted", base: EMPTY_BASE }] }, p.actor);
  return () => {
    if (path === "form")
      return saveAndSubmitResponse(t.db, { consultationId: c.id, organisationId: p.id, answers: [{ questionId: c.questionId, value: "Submitted", base: EMPTY_BASE }] }, p.actor, () => {});
    if (path === "draft") return submitResponse(t.db, { consultationId: c.id, organisationId: p.id, revision: 0, declaration: true }, p.actor);
    // As the API does (lib/api/submissions.ts): the one-statement path, or when it declines
    // (the consultation changed under it, say) the general path.
    return (async () =>
      (await submitNewResponse(t.db, { consultationId: c.id, organisationId: p.id, answers: () => [{ questionId: c.questionId, value: "Submitted" }], organisation: { name: p.actor.memberships[0]!.organisationName, type: "voluntary_sector" } }, p.actor)) ??
      (await saveAndSubmitResponse(t.db, { consultationId: c.id, organisationId: p.id, statesAnswers: true, answers: [{ questionId: c.questionId, value: "Submitted", base: EMPTY_BASE }] }, p.actor, () => {})))();
  };
}

async function submittedCount(consultationId: string, organisationId?: string) {
  const rows = await t.db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.consultationId, consultationId), eq(responses.status, "submitted"), organisationId ? eq(responses.organisationId, organisationId) : undefined));
  return rows.length;
}

/**
 * "waiting" once another connection of this test's database waits on a row lock while `p` is
 * still pending; what `p` came to if it settled first (it did not wait). Read from Postgres, not
 * from a timer, so a slow host cannot make it pass.
 */
async function waitsOnLock(p: Promise<unknown>): Promise<"waiting" | "fulfilled" | "rejected"> {
  let settled: "fulfilled" | "rejected" | null = null;
  p.then(
    () => (settled = "fulfilled"),
    () => (settled = "rejected"),
  );
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    const result = (await t.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    )) as unknown as { rows: { n: number }[] };
    if (settled) return settled;
    if (result.rows[0]!.n > 0) return "waiting";
    await sleep(10);
  }
  throw new Error("neither waited on a lock nor settled in 30 s");
}

describe.skipIf(!process.env.DATABASE_URL)("a submission meeting the officer's close", () => {
  for (const path of ["form", "draft", "api"] as const) {
    it(`${path}: waits for a close being made, and is refused as closed once it commits, writing nothing`, async () => {
      const c = await openConsultation();
      const p = await partner(`Close race ${path} ${made}`, path === "api");
      const submit = await submitter(path, c, p);
      // The close, made on another connection and not yet committed (it holds the row).
      const closer = new pg.Client({ connectionString: t.url });
      await closer.connect();
      try {
        await closer.query("begin");
        await closer.query("update consultations set status = 'closed' where id = $1", [c.id]);
        const submission = submit();
        submission.catch(() => {});
        expect(await waitsOnLock(submission), "the submission waits for the close to commit or roll back").toBe("waiting");
        await closer.query("commit");
        await expect(submission).rejects.toBeInstanceOf(LockedError);
      } finally {
        await closer.end();
      }
      expect(await submittedCount(c.id, p.id)).toBe(0);
    });
  }

  // This direction held before the submission's own lock too: a submission's rows (the response,
  // its audit entries) refer to the consultation, and their foreign keys lock its row against a
  // close (FOR KEY SHARE against FOR UPDATE). Kept for both kinds of submission, as a guard.
  for (const kind of ["first response", "amendment"] as const) {
    it(`a close waits for a submission in flight (${kind}), which is kept whole`, async () => {
      const c = await openConsultation();
      const p = await partner(`Close race in flight ${made}`);
      const answer = (value: string) => ({ consultationId: c.id, organisationId: p.id, statesAnswers: true, answers: [{ questionId: c.questionId, value, base: EMPTY_BASE }] });
      if (kind === "amendment") await saveAndSubmitResponse(t.db, answer("First version"), p.actor, () => {});
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      let reached!: () => void;
      const inFlight = new Promise<void>((r) => (reached = r));
      // The form's submission pauses at its last step, inside its transaction.
      const submission = saveAndSubmitResponse(t.db, answer("Just in time"), p.actor, () => {}, new Date(), async () => {
        reached();
        await hold;
      });
      submission.catch(() => {});
      await inFlight;
      const close = closeConsultation(t.db, c.id, officer);
      close.catch(() => {});
      expect(await waitsOnLock(close), "the close waits for the submission").toBe("waiting");
      release();
      const done = await submission;
      expect(done.revision).toBe(kind === "amendment" ? 2 : 1);
      expect((await close).status).toBe("closed");
      const [r] = await t.db.select({ status: responses.status, revision: responses.revision }).from(responses).where(and(eq(responses.consultationId, c.id), eq(responses.organisationId, p.id)));
      expect(r).toEqual({ status: "submitted", revision: done.revision });
    });
  }

  it("many submissions and a close at once: each one kept or refused as closed, none lost, 12 trials", async () => {
    for (let trial = 0; trial < 12; trial++) {
      const c = await openConsultation();
      const parts = await Promise.all(Array.from({ length: 6 }, (_, i) => partner(`Trial ${trial} partner ${i}`, i % 3 === 2)));
      const paths: Path[] = ["form", "draft", "api"];
      const submits = await Promise.all(parts.map((p, i) => submitter(paths[i % 3]!, c, p)));
      const outcomes = await Promise.allSettled([...submits.map((s) => s()), sleep(trial % 4).then(() => closeConsultation(t.db, c.id, officer))]);
      const close = outcomes.pop()!;
      expect(close.status).toBe("fulfilled");
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(LockedError);
      const accepted = outcomes.filter((o) => o.status === "fulfilled").length;
      expect(await submittedCount(c.id)).toBe(accepted);
      // Every accepted submission was written before the close: its audit entry (numbered as it
      // is written) comes before the close's, which is written once the close holds the row.
      const [order] = await t.db
        .select({
          lastSubmit: sql<string | null>`max(${auditLog.id}) filter (where ${auditLog.action} = 'response.submit')`,
          close: sql<string | null>`max(${auditLog.id}) filter (where ${auditLog.action} = 'consultation.close')`,
        })
        .from(auditLog)
        .where(eq(auditLog.consultationId, c.id));
      expect(order!.close).not.toBeNull();
      if (accepted) expect(BigInt(order!.lastSubmit!)).toBeLessThan(BigInt(order!.close!));
      // Nothing submitted after the close: a submission now is refused.
      const late = await partner(`Trial ${trial} late`);
      await expect((await submitter("form", c, late))()).rejects.toBeInstanceOf(LockedError);
    }
  });
});
