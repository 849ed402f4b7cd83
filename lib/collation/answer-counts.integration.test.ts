// The answers-per-question summary (answer_counts, kept by statement triggers on answers,
// migration 0037): it equals the answers themselves (all of them, and those with text) after
// inserts, updates that empty or fill an answer's text, deletes, the cascade from a response,
// a question's removal, and stays exact when many connections write at once (Postgres only: PGlite
// has one connection, so nothing races there).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, rowsOf, type Db } from "../../db/client";
import type { TestDb } from "../../db/testing";
import { odpmSetup, submittedResponses } from "./testing";

const onPostgres = Boolean(process.env.DATABASE_URL);

let t: TestDb;
let consultationId: string;
let first: string;
let second: string;

/** Per question: the summary's sums against a count of the answers themselves. */
async function mismatches(db: Db) {
  return rowsOf<{ question_id: string; summary: number; actual: number; summary_text: number; actual_text: number }>(
    db,
    sql`with s as (select question_id, sum(n)::int as n, sum(with_text)::int as w from answer_counts group by 1),
             a as (select question_id, count(*)::int as n, (count(*) filter (where value_text <> ''))::int as w from answers group by 1)
        select coalesce(s.question_id, a.question_id) as question_id, coalesce(s.n, 0) as summary, coalesce(a.n, 0) as actual,
               coalesce(s.w, 0) as summary_text, coalesce(a.w, 0) as actual_text
        from s full join a on s.question_id = a.question_id
        where coalesce(s.n, 0) <> coalesce(a.n, 0) or coalesce(s.w, 0) <> coalesce(a.w, 0)`,
  );
}

async function counted(db: Db, questionId: string) {
  const [row] = await rowsOf<{ n: number; w: number }>(db, sql`select coalesce(sum(n), 0)::int as n, coalesce(sum(with_text), 0)::int as w from answer_counts where question_id = ${questionId}`);
  return row!;
}

const list = (ids: string[]) => `{${ids.join(",")}}`;

beforeAll(async () => {
  const setup = await odpmSetup();
  t = setup.t;
  consultationId = setup.odpm.id;
  const qs = await rowsOf<{ id: string }>(t.db, sql`select id from questions where consultation_id = ${consultationId} order by position`);
  first = qs[0]!.id;
  second = qs[1]!.id;
});
afterAll(async () => {
  await t?.close();
});

describe("the answers-per-question summary", () => {
  it("matches the answers after the demo content, inserts, texts emptied and filled, deletes and cascades", async () => {
    expect(await mismatches(t.db)).toEqual([]);
    const before = await counted(t.db, first);
    const ids = await submittedResponses(t.db, consultationId, "a", 12);
    // Eight with text, four without (an answer whose text is empty is an answer, not one with text).
    await t.db.execute(sql`insert into answers (response_id, question_id, value, value_text)
      select id, ${first}, to_jsonb(case when n <= 8 then 'Some words' else '' end), case when n <= 8 then 'Some words' else '' end
      from unnest(${list(ids)}::uuid[]) with ordinality as r(id, n)`);
    expect(await counted(t.db, first)).toEqual({ n: before.n + 12, w: before.w + 8 });
    // Texts changed (no count moves), emptied (two) and filled (one) in one statement each.
    await t.db.execute(sql`update answers set value_text = 'Other words' where question_id = ${first} and response_id = any(${list(ids.slice(0, 8))}::uuid[])`);
    expect(await counted(t.db, first)).toEqual({ n: before.n + 12, w: before.w + 8 });
    await t.db.execute(sql`update answers set value_text = '' where question_id = ${first} and response_id = any(${list(ids.slice(0, 2))}::uuid[])`);
    await t.db.execute(sql`update answers set value_text = 'Now written' where question_id = ${first} and response_id = ${ids[11]!}`);
    expect(await counted(t.db, first)).toEqual({ n: before.n + 12, w: before.w + 7 });
    expect(await mismatches(t.db)).toEqual([]);
    await t.db.execute(sql`delete from answers where question_id = ${first} and response_id = ${ids[3]!}`);
    // Deleting a response deletes its answers by cascade: the triggers count that too.
    await t.db.execute(sql`delete from responses where id = any(${list(ids.slice(4, 6))}::uuid[])`);
    expect(await counted(t.db, first)).toEqual({ n: before.n + 9, w: before.w + 4 });
    expect(await mismatches(t.db)).toEqual([]);
  });

  it("goes with a question deleted once its answers are (answers keep their question: no cascade)", async () => {
    const ids = await submittedResponses(t.db, consultationId, "b", 3);
    const [{ id: doomed }] = await rowsOf<{ id: string }>(
      t.db,
      sql`insert into questions (consultation_id, section_id, number, position, text, type)
          select consultation_id, section_id, '99', 999, 'A question to delete', 'long_text' from questions where id = ${first} returning id`,
    );
    await t.db.execute(sql`insert into answers (response_id, question_id, value, value_text) select id, ${doomed}, '"x"'::jsonb, 'x' from unnest(${list(ids)}::uuid[]) as r(id)`);
    expect(await counted(t.db, doomed)).toEqual({ n: 3, w: 3 });
    await t.db.execute(sql`delete from answers where question_id = ${doomed}`);
    expect(await counted(t.db, doomed)).toEqual({ n: 0, w: 0 });
    await t.db.execute(sql`delete from questions where id = ${doomed}`);
    const [{ rows }] = await rowsOf<{ rows: number }>(t.db, sql`select count(*)::int as rows from answer_counts where question_id = ${doomed}`);
    expect(rows).toBe(0);
    expect(await mismatches(t.db)).toEqual([]);
  });

  it.skipIf(!onPostgres)("stays exact when 8 connections submit, change and withdraw answers at once", async () => {
    const handles = await Promise.all(Array.from({ length: 8 }, () => openPg(t.url!, 1)));
    try {
      const before = await counted(t.db, second);
      const work = handles.map(async (h, w) => {
        const ids = await submittedResponses(h.db, consultationId, `w${w}`, 40);
        for (let i = 0; i < ids.length; i += 4) {
          const batch = list(ids.slice(i, i + 4));
          // One submission-like transaction per batch: answers to both questions, then a change.
          await h.db.transaction(async (tx) => {
            await tx.execute(sql`insert into answers (response_id, question_id, value, value_text)
              select id, q, '"x"'::jsonb, case when random() < 0.5 then 'x' else '' end
              from unnest(${batch}::uuid[]) as r(id) cross join (values (${first}::uuid), (${second}::uuid)) as qs(q)`);
            await tx.execute(sql`update answers set value_text = case when value_text = '' then 'y' else '' end where question_id = ${second} and response_id = any(${batch}::uuid[]) and random() < 0.3`);
          });
          if (i % 12 === 0) await h.db.execute(sql`delete from answers where question_id = ${second} and response_id = ${ids[i]!}`);
        }
        return ids.length;
      });
      const made = (await Promise.all(work)).reduce((a, b) => a + b, 0);
      expect(made).toBe(320);
      expect(await mismatches(t.db)).toEqual([]);
      const after = await counted(t.db, second);
      expect(after.n - before.n).toBe(320 - 8 * Math.ceil(40 / 12));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
