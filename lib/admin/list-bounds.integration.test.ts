// The administrator's lists of people, jobs and emails at scale (PGlite, or Postgres with
// DATABASE_URL): each pages by keyset, every row once going forward and the same pages coming
// back, rows sharing a sort key included; each count stops at the cap ("10,000+") instead of
// counting every row on every view; a search Postgres cannot take is refused at its field, never
// a database error; LIKE's wildcards are matched as typed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/client";
import type { TestDb } from "../../db/testing";
import { demoSetup, type DemoActors } from "../collation/testing";
import { InvalidError } from "../errors";
import { JOBS_PAGE_SIZE, listJobs } from "./jobs";
import { listOutboxPage, OUTBOX_PAGE_SIZE } from "./outbox";
import { listPeople, PEOPLE_PAGE_SIZE } from "./people";

/** Where the administrator's counts stop (lib/admin/counts ADMIN_COUNT_CAP): shown as "10,000+". */
const CAP = 10_000;
const MANY = CAP + 150;

let t: TestDb;
let actors: DemoActors;
beforeAll(async () => {
  ({ t, actors } = await demoSetup());
}, 180_000);
afterAll(async () => t?.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/**
 * Every page of a keyset-paged list, from the first by `after` to the last, then back by
 * `before`: the pages coming back must be the same pages. `read` gets the cursor (or nothing).
 */
async function walk<P extends { previous: string | null; next: string | null }>(read: (c: { after?: string; before?: string }) => Promise<P>, rowsOf: (p: P) => string[], most = 60) {
  const pages: string[][] = [];
  let page = await read({});
  expect(page.previous).toBeNull();
  for (;;) {
    pages.push(rowsOf(page));
    if (!page.next || pages.length >= most) break;
    page = await read({ after: page.next });
  }
  const back: string[][] = [];
  while (page.previous && back.length < most) {
    page = await read({ before: page.previous });
    back.push(rowsOf(page));
  }
  return { pages, back, forward: pages.flat() };
}

describe("the list of people", () => {
  beforeAll(async () => {
    // Members of the public with no role, more than any count shows: a third without a name.
    await t.db.execute(sql`insert into users (name, email) select case when i % 3 = 0 then null else 'Resident ' || lpad(i::text, 5, '0') end, 'resident' || i || '@residents.example' from generate_series(1, ${MANY}) i`);
    // A search's worth to walk: names equal but for case, names with none, and a wildcard.
    await t.db.execute(sql`insert into users (name, email) select case when i % 4 = 0 then null when i % 4 = 1 then 'Walker Same' when i % 4 = 2 then 'walker same' else 'Walker ' || i end, 'walker' || lpad(i::text, 3, '0') || '@walk.example' from generate_series(1, 230) i`);
    await t.db.execute(sql`insert into users (name, email) values ('Walker 100%_Sure', 'percy@walk.example'), ('Walker 1000 Sure', 'other@walk.example')`);
  });

  it("pages by keyset, each person once going forward and the same pages coming back, those with no name included", async () => {
    const expected = ids(await rowsOf<{ id: string }>(t.db, sql`select id from users where email like '%@walk.example'`));
    expect(expected).toHaveLength(232);
    const { pages, back, forward } = await walk((c) => listPeople(t.db, { group: "without-roles", q: "@walk.example", ...c }, actors.admin), (p) => p.people.map((r) => r.id));
    expect(pages.length).toBe(Math.ceil(232 / PEOPLE_PAGE_SIZE));
    expect(new Set(forward).size).toBe(forward.length);
    expect([...forward].sort()).toEqual([...expected].sort());
    expect(back).toEqual(pages.slice(0, -1).reverse());
    // By name, then those with none, by email.
    const names = new Map((await rowsOf<{ id: string; name: string | null; email: string }>(t.db, sql`select id, name, email from users where email like '%@walk.example'`)).map((r) => [r.id, r]));
    const order = forward.map((id) => names.get(id)!);
    const firstUnnamed = order.findIndex((p) => p.name === null);
    expect(order.slice(0, firstUnnamed).every((p) => p.name !== null)).toBe(true);
    expect(order.slice(firstUnnamed).every((p) => p.name === null)).toBe(true);
    const unnamedEmails = order.slice(firstUnnamed).map((p) => p.email);
    expect(unnamedEmails).toEqual([...unnamedEmails].sort());
  });

  it("counts both groups up to the cap, not every person on every view", async () => {
    const list = await listPeople(t.db, { group: "without-roles" }, actors.admin);
    expect(list.people).toHaveLength(PEOPLE_PAGE_SIZE);
    expect(list.counts.withoutRoles).toBe(CAP + 1);
    expect(list.total).toBe(CAP + 1);
    expect(list.counts.withRoles).toBeGreaterThan(0);
    expect(list.counts.withRoles).toBeLessThan(100);
  });

  it("searches taking % and _ as typed, and refuses at its field a search Postgres cannot take or too long", async () => {
    expect((await listPeople(t.db, { group: "without-roles", q: "100%_" }, actors.admin)).people.map((p) => p.email)).toEqual(["percy@walk.example"]);
    for (const q of ["a\u0000b", "x".repeat(321)]) {
      const refused = listPeople(t.db, { q }, actors.admin);
      await expect(refused).rejects.toBeInstanceOf(InvalidError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: { q: expect.any(String) } });
    }
  });
});

describe("background jobs", () => {
  beforeAll(async () => {
    await t.db.execute(sql`delete from jobs`);
    // Done jobs beyond the cap, and failed ones, many due at the same instant (a keyset must not skip or repeat them).
    await t.db.execute(sql`insert into jobs (name, status, run_at, finished_at, attempts) select 'reminders.scan', 'done', now() - (i % 50) * interval '1 minute', now(), 1 from generate_series(1, ${MANY}) i`);
    await t.db.execute(sql`insert into jobs (name, status, run_at, finished_at, attempts, last_error) select 'email.invitation', 'failed', timestamptz '2026-01-01T00:00:00Z' + (i % 7) * interval '1 second', now(), 5, 'SMTP 554' from generate_series(1, 130) i`);
  });

  it("counts each list up to the cap, not every job on every view", async () => {
    const failed = await listJobs(t.db, {}, actors.admin);
    expect(failed.counts).toMatchObject({ failed: 130, done: CAP + 1, waiting: 0 });
    expect(failed.total).toBe(130);
  });

  it("pages a list by keyset, newest first, each job once going forward and the same pages coming back, those due at the same instant included", async () => {
    const { pages, back, forward } = await walk((c) => listJobs(t.db, { list: "failed", ...c }, actors.admin), (p) => p.rows.map((r) => r.id));
    expect(pages.length).toBe(Math.ceil(130 / JOBS_PAGE_SIZE));
    expect(new Set(forward).size).toBe(130);
    expect(back).toEqual(pages.slice(0, -1).reverse());
    const first = await listJobs(t.db, { list: "failed" }, actors.admin);
    const times = first.rows.map((r) => r.runAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // A tampered cursor is the first page.
    expect((await listJobs(t.db, { list: "failed", after: "bm9wZQ" }, actors.admin)).rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});

describe("the outbox", () => {
  beforeAll(async () => {
    await t.db.execute(
      sql`insert into outbox ("to", subject, text, kind, status, created_at) select 'person' || i || '@example.org', case when i % 40 = 0 then 'Reminder 100%_done ' || i else 'Sign in ' || i end, 'Body', 'sign_in', 'stored', timestamptz '2026-01-01T00:00:00Z' + (i % 90) * interval '1 second' from generate_series(1, ${MANY}) i`,
    );
  });

  it("counts up to the cap, and pages a search by keyset, each email once going forward and the same pages coming back", async () => {
    const first = await listOutboxPage(t.db, {}, actors.admin);
    expect(first.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first.total).toBe(CAP + 1);
    // 254 emails, many made at the same instant.
    const q = "reminder 100%_done";
    const { pages, back, forward } = await walk((c) => listOutboxPage(t.db, { q, ...c }, actors.admin), (p) => p.rows.map((r) => r.id));
    expect(forward).toHaveLength(Math.floor(MANY / 40));
    expect(new Set(forward).size).toBe(forward.length);
    expect(back).toEqual(pages.slice(0, -1).reverse());
    expect((await listOutboxPage(t.db, { q: "100%_d%ne" }, actors.admin)).total).toBe(0);
  });

  it("refuses at its field, not with a database error, a search or address Postgres cannot take", async () => {
    for (const [input, field] of [[{ q: "a\u0000" }, "q"], [{ to: "a\u0000@example.org" }, "to"], [{ q: "x".repeat(321) }, "q"]] as const) {
      const refused = listOutboxPage(t.db, input, actors.admin);
      await expect(refused).rejects.toBeInstanceOf(InvalidError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: { [field]: expect.any(String) } });
    }
  });
});
