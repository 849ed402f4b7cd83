// The closed-question counts summary (answer_choice_counts, kept by statement triggers on answers,
// migration 0010): it equals the closed questions' answers themselves after inserts, changes of
// choice, deletes and cascades, holds nothing for open questions (migration 0025), follows a
// question's change of type, and stays exact when many connections write at once (Postgres only:
// PGlite has one connection, so nothing races there). summariseQuestion reads it and gives the
// same counts as counting the answers by hand.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, rowsOf, type Db } from "../../db/client";
import type { TestDb } from "../../db/testing";
import type { DemoActors } from "./testing";
import { odpmSetup, submittedResponses } from "./testing";
import { CLOSED_QUESTION_TYPES, summariseQuestion } from "./queries";

const onPostgres = Boolean(process.env.DATABASE_URL);

let t: TestDb;
let actors: DemoActors;
let consultationId: string;
let yesNo: string;
let other: string;


const CLOSED = sql`(${sql.join(CLOSED_QUESTION_TYPES.map((type) => sql`${type}`), sql`, `)})`;

/**
 * Per question and choice: the summary's sum against a count of the closed questions' answers
 * themselves (an open question's answers are not counted: the summary has no rows for them).
 */
async function mismatches(db: Db) {
  return rowsOf<{ question_id: string; choice: string | null; summary: number; actual: number }>(
    db,
    sql`with s as (select question_id, choice, sum(n)::int as n from answer_choice_counts group by 1, 2),
             a as (select a.question_id, a.choice, count(*)::int as n from answers a
                   join questions q on q.id = a.question_id and q.type in ${CLOSED} group by 1, 2)
        select coalesce(s.question_id, a.question_id) as question_id, coalesce(s.choice, a.choice) as choice,
               coalesce(s.n, 0) as summary, coalesce(a.n, 0) as actual
        from s full join a on s.question_id = a.question_id and s.choice is not distinct from a.choice
        where coalesce(s.n, 0) <> coalesce(a.n, 0)`,
  );
}

beforeAll(async () => {
  const setup = await odpmSetup();
  t = setup.t;
  actors = setup.actors;
  consultationId = setup.odpm.id;
  const qs = await rowsOf<{ id: string; type: string }>(t.db, sql`select id, type from questions where consultation_id = ${consultationId} order by position`);
  // The demo consultation asks open questions: its first becomes a yes/no question here.
  yesNo = qs[0]!.id;
  other = qs[1]!.id;
  await t.db.execute(sql`update questions set type = 'yes_no' where id = ${yesNo}`);
});
afterAll(async () => {
  await t?.close();
});

describe("the closed-question counts summary", () => {
  it("matches the answers after the demo content, inserts, changes of choice, deletes and cascades", async () => {
    expect(await mismatches(t.db)).toEqual([]);
    const ids = await submittedResponses(t.db, consultationId, "a", 12);
    await t.db.execute(sql`insert into answers (response_id, question_id, value, value_text)
      select id, ${yesNo}, jsonb_build_object('answer', case when n % 3 = 0 then 'No' else 'Yes' end), ''
      from unnest(${`{${ids.join(",")}}`}::uuid[]) with ordinality as r(id, n)`);
    await t.db.execute(sql`insert into answers (response_id, question_id, value, value_text)
      select id, ${other}, '"Open text, no option"'::jsonb, 'Open text' from unnest(${`{${ids.join(",")}}`}::uuid[]) as r(id)`);
    expect(await mismatches(t.db)).toEqual([]);
    // A change of mind (Yes -> No) in one statement for several rows, and a no-op update.
    await t.db.execute(sql`update answers set value = '{"answer":"No"}'::jsonb where question_id = ${yesNo} and response_id = any(${`{${ids.slice(0, 5).join(",")}}`}::uuid[])`);
    await t.db.execute(sql`update answers set value_text = 'same choice' where question_id = ${yesNo} and response_id = any(${`{${ids.join(",")}}`}::uuid[])`);
    expect(await mismatches(t.db)).toEqual([]);
    await t.db.execute(sql`delete from answers where question_id = ${yesNo} and response_id = ${ids[0]!}`);
    // Deleting a response deletes its answers by cascade: the triggers count that too.
    await t.db.execute(sql`delete from responses where id = any(${`{${ids.slice(1, 4).join(",")}}`}::uuid[])`);
    expect(await mismatches(t.db)).toEqual([]);
  });

  it("keeps no rows for open questions, and rebuilds a question's counts when its type changes", async () => {
    const [{ n: open }] = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from answer_choice_counts c join questions q on q.id = c.question_id where q.type not in ${CLOSED}`,
    );
    expect(open).toBe(0);
    const [{ n: answered }] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from answers where question_id = ${other}`);
    expect(answered).toBeGreaterThan(0);
    const [{ type: openType }] = await rowsOf<{ type: string }>(t.db, sql`select type from questions where id = ${other}`);
    expect(["long_text", "short_text"]).toContain(openType);
    // Open to closed: its answers are counted from then on, those already stored included.
    await t.db.execute(sql`update questions set type = 'single_choice' where id = ${other}`);
    expect(await mismatches(t.db)).toEqual([]);
    const [{ n: counted }] = await rowsOf<{ n: number }>(t.db, sql`select coalesce(sum(n), 0)::int as n from answer_choice_counts where question_id = ${other}`);
    expect(counted).toBe(answered);
    // A statement that changes nothing of the type leaves the counts alone; back to open empties them.
    await t.db.execute(sql`update questions set type = type where id = ${other}`);
    expect(await mismatches(t.db)).toEqual([]);
    await t.db.execute(sql`update questions set type = ${openType} where id = ${other}`);
    const [{ n: left }] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from answer_choice_counts where question_id = ${other}`);
    expect(left).toBe(0);
    expect(await mismatches(t.db)).toEqual([]);
  });

  it("names in its triggers exactly the closed types the application reads counts for", async () => {
    // The triggers (migration 0025) spell the closed types out in SQL; lib/collation has them as
    // CLOSED_QUESTION_TYPES. A closed type added to one and not the other would go uncounted (or
    // counted for nothing) without any other test noticing.
    const functions = await rowsOf<{ name: string; source: string }>(
      t.db,
      sql`select p.proname as name, pg_get_functiondef(p.oid) as source from pg_proc p
          where p.proname in ('answer_choice_counts_apply', 'answer_choice_counts_retype') order by 1`,
    );
    expect(functions.map((f) => f.name)).toEqual(["answer_choice_counts_apply", "answer_choice_counts_retype"]);
    const expected = [...CLOSED_QUESTION_TYPES].sort();
    for (const f of functions) {
      const lists = [...f.source.matchAll(/\btype\s+(?:not\s+)?in\s*\(([^)]*)\)/gi)].map((m) =>
        [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((t) => t[1]!).sort(),
      );
      expect(lists.length, `${f.name} names the closed types`).toBeGreaterThan(0);
      for (const list of lists) expect(list, f.name).toEqual(expected);
    }
  });

  it("gives summariseQuestion the same counts as counting the answers by hand", async () => {
    const summary = await summariseQuestion(t.db, { consultationId, questionId: yesNo }, actors.officer);
    const hand = await rowsOf<{ option: string | null; n: number }>(
      t.db,
      sql`select a.choice as option, count(*)::int as n from answers a join responses r on r.id = a.response_id
          where a.question_id = ${yesNo} and r.status = 'submitted' group by 1`,
    );
    expect(summary.answered).toBe(hand.reduce((s, r) => s + r.n, 0));
    for (const r of hand.filter((h) => h.option !== null)) {
      expect(summary.options!.find((o) => o.option === r.option)?.count).toBe(r.n);
    }
  });

  it.skipIf(!onPostgres)("stays exact when 8 connections submit, change and withdraw answers at once", async () => {
    const handles = await Promise.all(Array.from({ length: 8 }, () => openPg(t.url!, 1)));
    try {
      const before = await rowsOf<{ n: number }>(t.db, sql`select coalesce(sum(n), 0)::int as n from answer_choice_counts where question_id = ${yesNo}`);
      const work = handles.map(async (h, w) => {
        const ids = await submittedResponses(h.db, consultationId, `w${w}`, 40);
        for (let i = 0; i < ids.length; i += 4) {
          const batch = `{${ids.slice(i, i + 4).join(",")}}`;
          // One submission-like transaction per batch: answers to both questions, then a change.
          await h.db.transaction(async (tx) => {
            await tx.execute(sql`insert into answers (response_id, question_id, value, value_text)
              select id, q, case when q = ${yesNo}::uuid then jsonb_build_object('answer', case when random() < 0.5 then 'Yes' else 'No' end) else '"x"'::jsonb end, ''
              from unnest(${batch}::uuid[]) as r(id) cross join (values (${yesNo}::uuid), (${other}::uuid)) as qs(q)`);
            await tx.execute(sql`update answers set value = '{"answer":"Yes"}'::jsonb where question_id = ${yesNo} and response_id = any(${batch}::uuid[]) and random() < 0.3`);
          });
          if (i % 12 === 0) await h.db.execute(sql`delete from answers where question_id = ${yesNo} and response_id = ${ids[i]!}`);
        }
        return ids.length;
      });
      const made = (await Promise.all(work)).reduce((a, b) => a + b, 0);
      expect(made).toBe(320);
      expect(await mismatches(t.db)).toEqual([]);
      const [{ n: after }] = await rowsOf<{ n: number }>(t.db, sql`select sum(n)::int as n from answer_choice_counts where question_id = ${yesNo}`);
      const [{ n: answersNow }] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from answers where question_id = ${yesNo}`);
      expect(after).toBe(answersNow);
      expect(after - before[0]!.n).toBe(320 - 8 * Math.ceil(40 / 12));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
