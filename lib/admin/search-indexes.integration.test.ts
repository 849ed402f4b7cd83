// The "contains" searches can be answered from their trigram indexes (migration 0041): each
// statement the administrator's searches run, captured from the pool as the page runs it, is
// planned with sequential and plain index scans discouraged (a bitmap scan needs an index
// condition), and its plan must read the index for each column it searches. (Which plan Postgres
// picks with its statistics depends on the rows; that the index serves the statement at all is
// what a change to the query could break, say a lower(name) LIKE that no trigram index on name
// answers. bench/admin-search.ts measures the difference at scale.) Postgres only: the statements
// are captured from node-postgres's connections (PGlite loads pg_trgm too, and plans the same).
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, pgPool, type Db } from "../../db/client";
import { consultations } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { demoSetup, type DemoActors } from "../collation/testing";
import { findPeopleByEmail } from "../public/person-data";
import { listPartnerContacts } from "../invitations/queries";
import { findOrganisations, listOrganisationsPage } from "./organisations";
import { listOutboxPage } from "./outbox";
import { listPeople } from "./people";

const onPostgres = Boolean(process.env.DATABASE_URL);

let t: TestDb;
let actors: DemoActors;
let handle: { db: Db; close: () => Promise<void> };
let captured: { text: string; values?: unknown[] }[] = [];
beforeAll(async () => {
  if (!onPostgres) return;
  ({ t, actors } = await demoSetup());
  // A pool of its own whose connections record what they run.
  handle = await openPg(t.url!, 2);
  pgPool(handle.db)!.on("connect", (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const [q, v] = a as [string | { text: string; values?: unknown[] }, unknown];
      captured.push(typeof q === "string" ? { text: q, values: Array.isArray(v) ? v : undefined } : { text: q.text, values: q.values ?? (Array.isArray(v) ? v : undefined) });
      return query(...a);
    };
  });
}, 120_000);
afterAll(async () => {
  await handle?.close();
  await t?.close();
});

/** The plans, with only bitmap scans left, of what `run` sent that searches with ILIKE. */
async function plansOf(run: (db: Db) => Promise<unknown>): Promise<string[]> {
  captured = [];
  await run(handle.db);
  const searches = captured.filter((s) => /\bilike\b/i.test(s.text));
  expect(searches.length).toBeGreaterThan(0);
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    // Only bitmap scans left, which need an index condition: the ILIKE's, from its trigram index.
    await client.query("set enable_seqscan = off; set enable_indexscan = off; set enable_indexonlyscan = off");
    const plans: string[] = [];
    for (const s of searches) {
      const r = await client.query({ text: `explain ${s.text}`, values: s.values });
      plans.push(r.rows.map((row: Record<string, string>) => Object.values(row)[0]).join("\n"));
    }
    return plans;
  } finally {
    await client.end();
  }
}

describe.runIf(onPostgres)("the contains searches' trigram indexes", () => {
  it("serve the people search, by name and by address", async () => {
    for (const plan of await plansOf((db) => listPeople(db, { q: "vans" }, actors.admin))) {
      expect(plan).toContain("users_name_trgm_idx");
      expect(plan).toContain("users_email_trgm_idx");
    }
  });

  it("serve the organisation searches: the list, Find an organisation, the audience page's partners", async () => {
    const [own] = await handle.db.select({ id: consultations.id }).from(consultations).where(eq(consultations.ownerOrganisationId, actors.officer.memberships[0]!.organisationId)).limit(1);
    const consultationId = own!.id;
    for (const run of [
      (db: Db) => listOrganisationsPage(db, { q: "chorley" }, actors.admin),
      (db: Db) => findOrganisations(db, { q: "chorley" }, actors.admin),
      (db: Db) => listPartnerContacts(db, consultationId, { q: "chorley" }, actors.officer),
    ]) {
      for (const plan of await plansOf(run)) expect(plan).toContain("organisations_name_trgm_idx");
    }
  });

  it("serve the outbox search, by recipient and by subject, and a person's data found by address", async () => {
    for (const plan of await plansOf((db) => listOutboxPage(db, { q: "sign in" }, actors.admin))) {
      expect(plan).toContain("outbox_to_trgm_idx");
      expect(plan).toContain("outbox_subject_trgm_idx");
    }
    for (const plan of await plansOf((db) => findPeopleByEmail(db, "@cvs", actors.admin))) expect(plan).toContain("users_email_trgm_idx");
  });
});
