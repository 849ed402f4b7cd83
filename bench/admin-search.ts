// The administrator's "contains" searches at scale (issue 21: what a hosting provider running
// this for many councils would expect): people by part of a name or address, organisations by
// part of a name (the list, "Find an organisation"), the outbox by recipient or subject, and a
// person's data found by part of their address. Each is timed as the page calls it (lib), first
// with the trigram indexes of migration 0041 and then, in the same process on the same rows,
// with them dropped (what every such search cost before: a read of every row), and the two are
// printed side by side. The indexes are put back before the database is dropped.
//
// Usage: DATABASE_URL=postgres://… npx tsx bench/admin-search.ts [--people 200000]
// [--organisations 100000] [--emails 300000] [--calls 30]. A fresh database is made beside the
// one named, and dropped afterwards. Not part of npm test.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/client";
import { createTestDb } from "../db/testing";
import { memberships, organisations, users } from "../db/schema";
import { loadActor } from "../lib/auth/actor";
import { listPeople } from "../lib/admin/people";
import { findOrganisations, listOrganisationsPage } from "../lib/admin/organisations";
import { listOutboxPage } from "../lib/admin/outbox";
import { findPeopleByEmail } from "../lib/public/person-data";
import { commandLine, ms, ratio, stats, table } from "./harness";

const { value } = commandLine();
const PEOPLE = Number(value("people", "200000"));
const ORGANISATIONS = Number(value("organisations", "100000"));
const EMAILS = Number(value("emails", "300000"));
const CALLS = Number(value("calls", "30"));
/** A word put in exactly this many names, addresses and subjects at every size: a rare search. */
const RARE = "quillon";
const RARE_ROWS = 20;
const TRIGRAM_INDEXES = ["users_name_trgm_idx", "users_email_trgm_idx", "organisations_name_trgm_idx", "outbox_to_trgm_idx", "outbox_subject_trgm_idx"];

const t = await createTestDb();
if (t.driver !== "pg") throw new Error("Set DATABASE_URL: this benchmark measures Postgres.");
const db = t.db;
const log = (s: string) => console.log(s);

try {
  const started = performance.now();
  // People: names from common first names and surnames (a common search: "smith"), addresses at
  // a few dozen domains; RARE in RARE_ROWS surnames and RARE_ROWS addresses.
  await db.execute(sql`
    insert into users (name, email)
    select (array['Anne','Bilal','Carys','David','Eve','Farah','George','Hana','Ian','Jo','Kofi','Lena','Mark','Nina','Omar','Priya'])[1 + i % 16]
             || ' ' || case when i % ${Math.floor(PEOPLE / RARE_ROWS)} = 7 then 'Quillon' else (array['Smith','Jones','Patel','Evans','Khan','Taylor','Brown','Wilson','Hughes','Ahmed','Roberts','Walker'])[1 + (i / 16) % 12] end,
           'person.' || i || '@' || case when i % ${Math.floor(PEOPLE / RARE_ROWS)} = 11 then 'quillon.example' else (array['parish.example','cvs.example','police.example','nhs.example','council.example','school.example'])[1 + i % 6] end
    from generate_series(1, ${PEOPLE}) i`);
  await db.execute(sql`
    insert into organisations (name, type)
    select case when i % ${Math.floor(ORGANISATIONS / RARE_ROWS)} = 5 then 'Quillon ' else '' end
             || (array['Croston','Euxton','Wyre','Chorley','Rochford','Hinckley','Bosworth','Preston','Leyland','Garstang'])[1 + i % 10]
             || ' ' || (array['Parish Council','Residents Association','Youth Club','Food Bank','Housing Trust','Community Centre','Sports Club','Credit Union'])[1 + (i / 10) % 8] || ' ' || i,
           'other'
    from generate_series(1, ${ORGANISATIONS}) i`);
  await db.execute(sql`
    insert into outbox ("to", subject, text, kind, status, created_at)
    select 'person.' || (1 + i % ${PEOPLE}) || '@' || (array['parish.example','cvs.example','police.example','nhs.example','council.example','school.example'])[1 + i % 6],
           case when i % ${Math.floor(EMAILS / RARE_ROWS)} = 3 then 'Quillon consultation: your response' else (array['Sign in to Council Consult','You are invited to respond','Reminder: the consultation closes soon','Your response was received'])[1 + i % 4] end,
           'body', 'sign_in', 'sent', now() - (i || ' seconds')::interval
    from generate_series(1, ${EMAILS}) i`);
  const [council] = await db.insert(organisations).values({ name: "Bench Council", type: "council" }).returning();
  const [admin] = await db.insert(users).values({ name: "Bench Administrator", email: "bench.admin@council.example" }).returning();
  await db.insert(memberships).values({ userId: admin!.id, organisationId: council!.id, role: "admin" });
  // Half the people hold a role (the people list's first group): those of an odd number.
  await db.execute(sql`insert into memberships (user_id, organisation_id, role) select id, ${council!.id}, 'partner' from users where email ~ '^person[.][0-9]*[13579]@'`);
  await db.execute(sql`vacuum analyze`);
  log(`seeded ${PEOPLE} people, ${ORGANISATIONS} organisations and ${EMAILS} emails in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const actor = (await loadActor(db, admin!.id))!;

  const calls: { name: string; run: () => Promise<number> }[] = [
    { name: `people: "${RARE}" (${RARE_ROWS * 2} match in all)`, run: async () => (await listPeople(db, { q: RARE }, actor)).people.length },
    { name: `people: "smith" (1 in 12)`, run: async () => (await listPeople(db, { q: "smith" }, actor)).people.length },
    { name: `organisations list: "${RARE}"`, run: async () => (await listOrganisationsPage(db, { q: RARE }, actor)).rows.length },
    { name: `find an organisation: "${RARE}"`, run: async () => (await findOrganisations(db, { q: RARE }, actor)).organisations.length },
    { name: `find an organisation: "food bank" (1 in 8)`, run: async () => (await findOrganisations(db, { q: "food bank" }, actor)).organisations.length },
    { name: `outbox: "${RARE}" (${RARE_ROWS} match)`, run: async () => (await listOutboxPage(db, { q: RARE }, actor)).rows.length },
    { name: `outbox: "reminder" (1 in 4)`, run: async () => (await listOutboxPage(db, { q: "reminder" }, actor)).rows.length },
    { name: `person's data: "@${RARE}"`, run: async () => (await findPeopleByEmail(db, `@${RARE}`, actor)).people.length },
  ];

  const measure = async () => {
    const out = new Map<string, { p50: number; p95: number; rows: number }>();
    for (const c of calls) {
      let rows = 0;
      for (let i = 0; i < 3; i++) rows = await c.run();
      const samples: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        await c.run();
        samples.push(performance.now() - t0);
      }
      const s = stats(samples);
      out.set(c.name, { p50: s.p50, p95: s.p95, rows });
    }
    return out;
  };

  const withIndexes = await measure();
  const definitions = await (await rowsOf<{ indexname: string; indexdef: string }>(db, sql`select indexname, indexdef from pg_indexes where schemaname = 'public'`)).filter((d) => TRIGRAM_INDEXES.includes(d.indexname));
  if (definitions.length !== TRIGRAM_INDEXES.length) throw new Error(`expected the ${TRIGRAM_INDEXES.length} trigram indexes of migration 0041, found ${definitions.length}`);
  for (const n of TRIGRAM_INDEXES) await db.execute(sql.raw(`drop index ${n}`));
  await db.execute(sql`analyze`);
  const without = await measure();
  for (const d of definitions) await db.execute(sql.raw(d.indexdef));

  log(
    table(
      `The administrator's "contains" searches (${CALLS} calls each; ms): with the trigram indexes against without them, same rows, same process`,
      [
        ["call", "rows", "p50", "p95", "without: p50", "without: p95", "p50 without / with"],
        ...calls.map((c) => {
          const a = withIndexes.get(c.name)!;
          const b = without.get(c.name)!;
          return [c.name, a.rows, ms(a.p50), ms(a.p95), ms(b.p50), ms(b.p95), ratio(b.p50 / a.p50)];
        }),
      ],
    ),
  );
} finally {
  await t.close();
}
