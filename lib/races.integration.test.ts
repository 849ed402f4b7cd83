// Real races, on Postgres only (PGlite has one connection, so nothing can race there): two
// people save the same thing from the same version at the same moment, from separate
// connection pools, many times over. In every trial exactly one save wins, the other is told
// and gets both texts back, and nothing typed is lost.
//
// So that the two saves truly overlap in each trial, a third connection holds the contested
// row locked while both start; once Postgres shows both waiting for that lock, it lets go,
// and the two go through in whatever order Postgres grants them.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getDraft, PUT as putDraft } from "../app/api/v1/consultations/[id]/draft-answers/[questionId]/route";
import { openPg, type Db } from "../db/client";
import { answers, auditLog, draftAnswers, memberships, organisations, responses, responseSubmissions, users } from "../db/schema";
import type { TestDb } from "../db/testing";
import { raceOnRow } from "../db/testing/race";
import { createApiKey } from "./api-keys/commands";
import { OpenApiValidator } from "./api/testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "./api/testing/routes";
import type { Actor } from "./auth/policy";
import { odpmSetup, type DemoActors } from "./collation/testing";
import { restoreDraftRevision, saveDraftAnswer } from "./drafts/commands";
import { ConflictError, LockedError } from "./errors";
import { MergeConflictError, mergeOrganisations } from "./admin/organisations";
import { saveAnswers, submitResponse } from "./responses/commands";
import { answerHash } from "./responses/hash";
import { EMPTY_BASE, loadPublishedSnapshot } from "./responses/queries";
import { encodeBase } from "./responses/schemas";
import { findUserByEmail, loadActor } from "./auth/actor";
import { reloadSettings } from "./config";

// References are random: to make two submissions draw the same one, the test queues the
// draws it wants; with nothing queued the real draw runs.
const draws = vi.hoisted(() => ({ queued: [] as string[] }));
vi.mock("./responses/reference", async (importOriginal) => {
  const real = await importOriginal<typeof import("./responses/reference")>();
  return { ...real, makeReference: (code: string) => draws.queued.shift() ?? real.makeReference(code) };
});

const TRIALS = 30;
const onPostgres = Boolean(process.env.DATABASE_URL);

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string };
let q: (n: string) => { id: string; number: string };
/** Two more handles on the same database, each with its own pool: "two people's requests". */
let poolA: { db: Db; close: () => Promise<void> };
let poolB: { db: Db; close: () => Promise<void> };

beforeAll(async () => {
  if (!onPostgres) return;
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  reloadSettings();
  const setup = await odpmSetup();
  ({ t, actors, odpm, q } = setup);
  poolA = await openPg(t.url!, 2);
  poolB = await openPg(t.url!, 2);
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await poolA?.close();
  await poolB?.close();
  await t?.close();
});

async function rows<T>(db: Pick<Db, "execute">, query: ReturnType<typeof sql>): Promise<[T, ...T[]]> {
  return ((await db.execute(query)) as unknown as { rows: [T, ...T[]] }).rows;
}

/** Run `a` and `b` at once while a third connection holds the contested row (db/testing raceOnRow). */
function race<A, B>(lockSql: ReturnType<typeof sql>, a: () => Promise<A>, b: () => Promise<B>): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  return raceOnRow<[A, B]>(t.db, lockSql, [a, b]);
}

function value<T>(r: PromiseSettledResult<T>): T {
  if (r.status === "rejected") throw r.reason;
  return r.value;
}

describe.skipIf(!onPostgres)("real races between two people saving the same answer (Postgres)", () => {
  it(`two colleagues save one question from the same version: one is saved, the other is told with both texts, ${TRIALS} times`, async () => {
    const police = (await t.db.select().from(organisations).where(eq(organisations.name, "Lancashire Constabulary")))[0]!.id;
    const sarah = actors.partner;
    const david = (await loadActor(t.db, (await findUserByEmail(t.db, "david.brown@police.example"))!.id))!;
    const snapshot = (await loadPublishedSnapshot(t.db, odpm.id))!;
    const chapterId = snapshot.chapters[0]!.id;
    const questionId = snapshot.chapters[0]!.questions[0]!.id;
    const save = (db: Db, actor: Actor, text: string, base: string) =>
      saveAnswers(db, { consultationId: odpm.id, organisationId: police, chapterId, answers: [{ questionId, value: text, base }] }, actor);
    // The response exists before the races begin (its first save creates it).
    const first = await save(t.db, sarah, "Opening answer", EMPTY_BASE);
    let base = (first.outcomes[questionId] as { base: string }).base;
    const responseId = first.responseId!;

    const lost: string[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const fromSarah = `Trial ${i}: Sarah's answer`;
      const fromDavid = `Trial ${i}: David's answer`;
      const [rs, rd] = await race(
        sql`select 1 from ${responses} where ${responses.id} = ${responseId} for update`,
        () => save(poolA.db, sarah, fromSarah, base),
        () => save(poolB.db, david, fromDavid, base),
      );
      const os = value(rs).outcomes[questionId]!;
      const od = value(rd).outcomes[questionId]!;
      const [stored] = await t.db.select().from(answers).where(and(eq(answers.responseId, responseId), eq(answers.questionId, questionId)));
      const statuses = [os.status, od.status].sort();
      if (statuses.join() !== "conflict,saved") {
        // Both told "saved": one text replaced the other silently.
        lost.push(`trial ${i}: ${os.status}/${od.status}, stored "${stored!.value}"`);
        base = encodeBase({ version: stored!.version, hash: answerHash(stored!.value) });
        continue;
      }
      const [winner, loser, winnerText, loserText] = os.status === "saved" ? [os, od, fromSarah, fromDavid] : [od, os, fromDavid, fromSarah];
      if (winner.status !== "saved" || loser.status !== "conflict") throw new Error("unreachable");
      // The winner's text is stored; the loser gets it back beside their own, to choose.
      expect(stored!.value).toBe(winnerText);
      expect(loser.current.text).toBe(winnerText);
      expect(loser.attemptedText).toBe(loserText);
      expect(loser.current.base).toBe(winner.base);
      base = winner.base;
    }
    expect(lost, `saves that were both told "saved" (one text silently replaced the other)`).toEqual([]);
    // The audit log holds every loser's text too, so it survives a closed page.
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "response.save"), eq(auditLog.entityId, responseId)))
      .orderBy(asc(auditLog.id));
    const conflicts = entries.filter((e) => (e.after as { conflicts?: unknown }).conflicts);
    expect(conflicts).toHaveLength(TRIALS);
  });

  it(`a colleague's save and a submission at the same moment: the submission includes the save if it came first, ${TRIALS} times`, async () => {
    const police = (await t.db.select().from(organisations).where(eq(organisations.name, "Lancashire Constabulary")))[0]!.id;
    const sarah = actors.partner;
    const david = (await loadActor(t.db, (await findUserByEmail(t.db, "david.brown@police.example"))!.id))!;
    const snapshot = (await loadPublishedSnapshot(t.db, odpm.id))!;
    const [q1, q2] = snapshot.chapters[0]!.questions;
    const save = (db: Db, actor: Actor, questionId: string, text: string) =>
      saveAnswers(db, { consultationId: odpm.id, organisationId: police, answers: [{ questionId, value: text }], statesAnswers: true }, actor);
    for (let i = 0; i < TRIALS; i++) {
      // A change since the last submission, so that submitting again is an amendment.
      const { responseId } = await save(t.db, sarah, q2!.id, `Trial ${i}: Sarah's note`);
      const [before] = await t.db.select().from(responses).where(eq(responses.id, responseId!));
      const [previous] = await t.db.select().from(answers).where(and(eq(answers.responseId, responseId!), eq(answers.questionId, q1!.id)));
      const fromDavid = `Trial ${i}: David's late change`;
      const [rs, rd] = await race(
        sql`select 1 from ${responses} where ${responses.id} = ${responseId} for update`,
        () => submitResponse(poolA.db, { consultationId: odpm.id, organisationId: police, revision: before!.revision, declaration: true }, sarah),
        () => save(poolB.db, david, q1!.id, fromDavid),
      );
      const submitted = value(rs);
      expect(value(rd).outcomes[q1!.id]!.status).toBe("saved");
      // Which went first: the audit log is written under the response's lock.
      const trail = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, responseId!)).orderBy(asc(auditLog.id));
      const saveFirst = trail.at(-1)!.action !== "response.save";
      const [copy] = await t.db
        .select()
        .from(responseSubmissions)
        .where(and(eq(responseSubmissions.responseId, responseId!), eq(responseSubmissions.revision, submitted.revision)));
      expect((copy!.answers as Record<string, unknown>)[q1!.id], `trial ${i}: ${saveFirst ? "save, then submit" : "submit, then save"}`).toBe(
        saveFirst ? fromDavid : previous?.value,
      );
      const [stored] = await t.db.select().from(answers).where(and(eq(answers.responseId, responseId!), eq(answers.questionId, q1!.id)));
      expect(stored!.value).toBe(fromDavid);
    }
  });

  it(`two officers save one draft answer from the same version: one is saved, the other is refused with both texts, ${TRIALS} times`, async () => {
    const question = q("5");
    const officers = [actors.officer, actors.officer2] as const;
    const save = (db: Db, actor: Actor, text: string, baseVersion: number) =>
      saveDraftAnswer(db, { consultationId: odpm.id, questionId: question.id, text, status: "drafting", assigneeId: null, baseVersion }, actor);
    const [row] = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, question.id));
    let version = row?.version ?? 0;
    if (!row) version = (await save(t.db, officers[0], "Opening draft", 0)).draft.version;
    for (let i = 0; i < TRIALS; i++) {
      const texts = [`Trial ${i}: Jane's draft`, `Trial ${i}: Amir's draft`];
      const results = await race(
        sql`select 1 from ${draftAnswers} where ${draftAnswers.questionId} = ${question.id} for update`,
        () => save(poolA.db, officers[0], texts[0]!, version),
        () => save(poolB.db, officers[1], texts[1]!, version),
      );
      const won = results.flatMap((r, k) => (r.status === "fulfilled" ? [k] : []));
      expect(won, `trial ${i}: exactly one save wins`).toHaveLength(1);
      const w = won[0]!;
      const refused = results[1 - w]!;
      if (refused.status !== "rejected") throw new Error("unreachable");
      const e = refused.reason;
      expect(e).toBeInstanceOf(ConflictError);
      const { current, attempted } = e as ConflictError<{ text: string; version: number }>;
      expect(current.text).toBe(texts[w]);
      expect(attempted?.text).toBe(texts[1 - w]);
      const [stored] = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, question.id));
      expect(stored!.text).toBe(texts[w]);
      expect(stored!.version).toBe(version + 1);
      version = stored!.version;
    }
  });

  it(`an officer restores an earlier revision while a colleague saves, both from the same version: one wins, the other is a conflict, ${TRIALS} times`, async () => {
    const question = q("7");
    const save = (db: Db, text: string, baseVersion: number) =>
      saveDraftAnswer(db, { consultationId: odpm.id, questionId: question.id, text, status: "drafting", assigneeId: null, baseVersion }, actors.officer2);
    const restore = (db: Db, revision: number, baseVersion: number) =>
      restoreDraftRevision(db, { consultationId: odpm.id, questionId: question.id, revision, baseVersion }, actors.officer);
    const [row] = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, question.id));
    // A first revision to go back to.
    const first = await save(t.db, "The wording to go back to.", row?.version ?? 0);
    let version = (await save(t.db, "A later wording.", first.draft.version)).draft.version;
    const outcomes = { restore: 0, save: 0 };
    for (let i = 0; i < TRIALS; i++) {
      const text = `Trial ${i}: Amir's new wording`;
      const [restored, saved] = await race(
        sql`select 1 from ${draftAnswers} where ${draftAnswers.questionId} = ${question.id} for update`,
        () => restore(poolA.db, first.draft.version, version),
        () => save(poolB.db, text, version),
      );
      const won = [restored, saved].filter((r) => r.status === "fulfilled");
      expect(won, `trial ${i}: exactly one of the two goes through`).toHaveLength(1);
      const loser = [restored, saved].find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason, `trial ${i}: the other is a conflict`).toBeInstanceOf(ConflictError);
      const [stored] = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, question.id));
      expect(stored!.version).toBe(version + 1);
      expect(stored!.text).toBe(restored.status === "fulfilled" ? "The wording to go back to." : text);
      outcomes[restored.status === "fulfilled" ? "restore" : "save"] += 1;
      // Put a different text on top so the next trial's restore changes something.
      version = (await save(t.db, `Trial ${i}: reset`, stored!.version)).draft.version;
    }
    expect(outcomes.restore + outcomes.save).toBe(TRIALS);
  });

  it(`two API keys save one draft answer with the same If-Match: one 200, the other 412 with the stored text, ${TRIALS} times`, async () => {
    routeHandlersUse(t);
    const call = makeCaller(new OpenApiValidator());
    const council = (await t.db.select().from(organisations).where(eq(organisations.name, "Chorley Council")))[0]!.id;
    const keys = [
      (await createApiKey(t.db, { name: "Race key A", organisationId: council, scope: "read_write" }, actors.admin)).key,
      (await createApiKey(t.db, { name: "Race key B", organisationId: council, scope: "read_write" }, actors.admin)).key,
    ];
    const question = q("6");
    const params = { id: odpm.id, questionId: question.id };
    const path = `/consultations/${odpm.id}/draft-answers/${question.id}`;
    const read = await call(getDraft, "GET", path, { key: keys[0], params });
    expect(read.status).toBe(200);
    let etag = read.res.headers.get("etag")!;
    for (let i = 0; i < TRIALS; i++) {
      const texts = [`Trial ${i}: from system A`, `Trial ${i}: from system B`];
      const put = (k: number) => call(putDraft, "PUT", path, { key: keys[k], body: { text: texts[k] }, headers: { "if-match": etag }, params });
      const [ra, rb] = await race(sql`select 1 from ${draftAnswers} where ${draftAnswers.questionId} = ${question.id} for update`, () => put(0), () => put(1));
      const results = [value(ra), value(rb)];
      const statuses = results.map((r) => r.status);
      expect(statuses.slice().sort(), `trial ${i}`).toEqual([200, 412]);
      const w = statuses.indexOf(200);
      const refused = results[1 - w]!;
      // The refused caller is told what is stored now, and still holds its own text to merge.
      expect(refused.body.error.details.current.text).toBe(texts[w]);
      const [stored] = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, question.id));
      expect(stored!.text).toBe(texts[w]);
      expect(refused.body.error.details.current.version).toBe(stored!.version);
      etag = results[w]!.res.headers.get("etag")!;
      expect(etag).toBe(`"${stored!.version}"`);
    }
  });

  it(`an organisation merged while its partner saves its first answer: the save is refused, or comes first and the merge is refused, never a response under a merged organisation, 10 times`, async () => {
    // Chorley CVS has responded to the ODPM paper: a duplicate's response to it would be lost by a merge.
    const cvs = actors.cvs.memberships.find((m) => m.role === "partner")!.organisationId;
    const snapshot = (await loadPublishedSnapshot(t.db, odpm.id))!;
    const chapterId = snapshot.chapters[0]!.id;
    const questionId = snapshot.chapters[0]!.questions[0]!.id;
    for (let i = 0; i < 10; i++) {
      const [dup] = await t.db.insert(organisations).values({ name: `Chorley CVS duplicate ${i}`, type: "voluntary_sector" }).returning();
      const [u] = await t.db.insert(users).values({ name: `Dup partner ${i}`, email: `dup${i}@cvs-dup.example` }).returning();
      await t.db.insert(memberships).values({ userId: u!.id, organisationId: dup!.id, role: "partner" });
      const partner = (await loadActor(t.db, u!.id))!;
      const [merge, save] = await race(
        sql`select 1 from ${organisations} where ${organisations.id} = ${dup!.id} for update`,
        () => mergeOrganisations(poolA.db, { organisationId: dup!.id, intoId: cvs }, actors.admin),
        () => saveAnswers(poolB.db, { consultationId: odpm.id, organisationId: dup!.id, chapterId, answers: [{ questionId, value: `Trial ${i}`, base: EMPTY_BASE }] }, partner),
      );
      if (merge.status === "fulfilled") {
        expect(save.status, `trial ${i}: the save after the merge`).toBe("rejected");
        expect((save as PromiseRejectedResult).reason).toBeInstanceOf(LockedError);
        expect(await t.db.select().from(responses).where(eq(responses.organisationId, dup!.id)), `trial ${i}`).toEqual([]);
      } else {
        expect(merge.reason, `trial ${i}: the merge after the save`).toBeInstanceOf(MergeConflictError);
        expect(save.status).toBe("fulfilled");
        await t.db.delete(responses).where(eq(responses.organisationId, dup!.id));
      }
    }
  });

  it(`two organisations submit at the same moment and draw the same reference: both are submitted, each with its own, ${TRIALS} times`, async () => {
    const police = (await t.db.select().from(organisations).where(eq(organisations.name, "Lancashire Constabulary")))[0]!.id;
    const cvsActor = actors.cvs;
    const cvs = cvsActor.memberships.find((m) => m.role === "partner")!.organisationId;
    const snapshot = (await loadPublishedSnapshot(t.db, odpm.id))!;
    const chapterId = snapshot.chapters[0]!.id;
    const questionId = snapshot.chapters[0]!.questions[0]!.id;
    const seen = new Set<string>();
    for (let i = 0; i < TRIALS; i++) {
      // Each trial starts from two fresh drafts, never submitted, so each submit draws a reference.
      await t.db.delete(responses).where(and(eq(responses.consultationId, odpm.id), inArray(responses.organisationId, [police, cvs])));
      const ids: string[] = [];
      for (const [organisationId, actor] of [[police, actors.partner], [cvs, cvsActor]] as const) {
        const saved = await saveAnswers(t.db, { consultationId: odpm.id, organisationId, chapterId, answers: [{ questionId, value: `Trial ${i}`, base: EMPTY_BASE }] }, actor);
        ids.push(saved.responseId!);
      }
      const clash = `LSPSTF-RACE-${String(i).padStart(4, "0")}`;
      draws.queued = [clash, clash];
      const [ra, rb] = await race(
        sql`select 1 from ${responses} where ${inArray(responses.id, ids)} for update`,
        () => submitResponse(poolA.db, { consultationId: odpm.id, organisationId: police, revision: 0, declaration: true }, actors.partner),
        () => submitResponse(poolB.db, { consultationId: odpm.id, organisationId: cvs, revision: 0, declaration: true }, cvsActor),
      );
      const refs = [value(ra).reference, value(rb).reference];
      expect(refs, `trial ${i}`).toContain(clash);
      const other = refs.find((r) => r !== clash);
      expect(other, `trial ${i}: the second drew again`).toMatch(/^LSPSTF-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      const stored = await t.db.select({ id: responses.id, reference: responses.reference, status: responses.status }).from(responses).where(inArray(responses.id, ids));
      expect(stored.map((r) => r.status)).toEqual(["submitted", "submitted"]);
      expect(new Set(stored.map((r) => r.reference))).toEqual(new Set(refs));
      for (const r of refs) {
        expect(seen.has(r), `reference ${r} given twice`).toBe(false);
        seen.add(r);
      }
    }
    draws.queued = [];
    const [{ n, distinct }] = await rows<{ n: number; distinct: number }>(t.db, sql`select count(reference)::int as n, count(distinct reference)::int as distinct from responses`);
    expect(distinct).toBe(n);
  });
});
