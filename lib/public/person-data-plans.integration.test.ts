// A person's data on request, erasure and retention read a person's rows by index, whatever the
// number of responses on the service (migration 0040): checked on Postgres's plans with many rows.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/client";
import { createTestDb, type TestDb } from "../../db/testing";
import { createConsultation } from "../consultations/commands";
import { seedWorld } from "../consultations/test-helpers";

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TestDb;
let person: string;

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  const w = await seedWorld(t.db);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const consultationIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const c = await createConsultation(
      t.db,
      { title: `Plans ${i}`, summary: "For the plans.", kind: "questionnaire", askedBy: "", responseDeadline: undefined, opensOn: day(-1), closesOn: day(30), audienceDescription: "", privacyNotice: "" },
      w.officer,
    );
    consultationIds.push(c.id);
  }
  // 20,000 members of the public, each with a response to each consultation (80,000), and 2,000
  // partners' responses started and submitted by one of 2,000 people; one notification each.
  await t.db.execute(sql`insert into users (email) select 'person' || g || '@plans.example' from generate_series(1, 22000) g`);
  await t.db.execute(sql`
    insert into responses (consultation_id, organisation_id, respondent_user_id, started_by)
    select c, ${w.police.id}::uuid, u.id, u.id from users u, unnest(${sql.param(consultationIds)}::uuid[]) c
    where u.email like 'person%@plans.example' and substring(u.email from 'person(\\d+)')::int <= 20000`);
  await t.db.execute(sql`
    with o as (insert into organisations (name, type) select 'Plans partner ' || g, 'other' from generate_series(1, 2000) g returning id, name),
    p as (select id, row_number() over (order by email) n from users where email like 'person%@plans.example' and substring(email from 'person(\\d+)')::int > 20000)
    insert into responses (consultation_id, organisation_id, started_by, submitted_by)
    select ${consultationIds[0]!}::uuid, o.id, p.id, p.id from o join p on p.n = substring(o.name from '(\\d+)$')::int`);
  await t.db.execute(sql`insert into notifications (user_id, kind, title, path, actor_id)
    select ${w.officer.id}::uuid, 'comment_added', 'Someone commented', '/x', id from users where email like 'person%@plans.example'`);
  await t.db.execute(sql`analyze`);
  person = (await rowsOf<{ id: string }>(t.db, sql`select id from users where email = 'person123@plans.example'`))[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };

/** The indexes a statement's plan reads, and whether it scans a table whole. */
async function planOf(statement: ReturnType<typeof sql>) {
  const [row] = await rowsOf<{ "QUERY PLAN": unknown }>(t.db, sql`explain (format json) ${statement}`);
  const raw = row!["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n);
    n.Plans?.forEach(walk);
  };
  walk(plan[0]!.Plan);
  return { indexes: new Set(nodes.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : []))), seqScans: nodes.filter((n) => n["Node Type"] === "Seq Scan").length };
}

describe("a person's rows are read by index", () => {
  it.runIf(onPostgres)("counts and erases a member of the public's responses by index (erasure summary, erasure)", async () => {
    const counted = await planOf(sql`select count(*) from responses where respondent_user_id = ${person}`);
    expect([...counted.indexes]).toContain("responses_respondent_idx");
    expect(counted.seqScans).toBe(0);
    const erased = await planOf(sql`update responses set published_name = null where respondent_user_id = ${person}`);
    expect([...erased.indexes]).toContain("responses_respondent_idx");
    expect(erased.seqScans).toBe(0);
  });

  it.runIf(onPostgres)("finds every response a person answered, started or submitted by index (their data on request)", async () => {
    const found = await planOf(sql`select r.* from responses r join consultations c on c.id = r.consultation_id
      where r.respondent_user_id = ${person} or r.submitted_by = ${person} or r.started_by = ${person} order by r.created_at, r.reference`);
    expect([...found.indexes]).toEqual(expect.arrayContaining(["responses_respondent_idx", "responses_submitted_by_idx", "responses_started_by_idx"]));
    const submitted = await planOf(sql`select consultation_id::text from responses where submitted_by = ${person}`);
    expect([...submitted.indexes]).toContain("responses_submitted_by_idx");
    expect(submitted.seqScans).toBe(0);
  });

  it.runIf(onPostgres)("tests each unused account for a response by index (retention), and finds the notifications a person caused", async () => {
    const unused = await planOf(sql`select u.id from users u where u.email like 'person12%'
      and not exists (select 1 from responses r where r.respondent_user_id = u.id or r.started_by = u.id)`);
    expect([...unused.indexes]).toEqual(expect.arrayContaining(["responses_respondent_idx", "responses_started_by_idx"]));
    const kept = await planOf(sql`select 1 from consultations c join responses r2 on r2.consultation_id = c.id where r2.respondent_user_id = ${person}`);
    expect([...kept.indexes]).toContain("responses_respondent_idx");
    const caused = await planOf(sql`update notifications set title = title where actor_id = ${person}`);
    expect([...caused.indexes]).toContain("notifications_actor_idx");
    expect(caused.seqScans).toBe(0);
  });
});
