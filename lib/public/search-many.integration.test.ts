// The published responses' search past its first thousand matches: a common word walks the list
// and is counted only up to the page's limit ("more than 1,000"), a rare one is counted exactly,
// and neither ever counts or lists a response the public may not read, however its moderation
// rows were left. Seeded by SQL (1,050 responses); runs on Postgres (DATABASE_URL) and on PGlite.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { consultations, organisations, questions, sections } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { ensurePublicOrganisation } from "./organisation";
import { listPublishedResponses } from "./publication";

let t: TestDb;
let db: Db;
let consultationId: string;
const MANY = 1050;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  const [org] = await db.insert(organisations).values({ name: "Search Council", type: "council" }).returning();
  const [c] = await db
    .insert(consultations)
    .values({ slug: `search-many-${Date.now()}`, title: "Libraries", kind: "questionnaire", ownerOrganisationId: org!.id, status: "open", audience: "public", publishResponses: "while_open" })
    .returning();
  consultationId = c!.id;
  const publicOrg = await ensurePublicOrganisation(db, org!.id);
  const [s] = await db.insert(sections).values({ consultationId, title: "Libraries", position: 1 }).returning();
  const [q1] = await db.insert(questions).values({ consultationId, sectionId: s!.id, number: "1", type: "long_text", text: "What works?", position: 1 }).returning();
  const [q2] = await db.insert(questions).values({ consultationId, sectionId: s!.id, number: "2", type: "long_text", text: "What would you change?", position: 2 }).returning();
  // Responses 1..1050 consent; 1051..1080 do not (yet their answers were once approved: consent
  // withdrawn after moderation). "library" is in every answer to question 1; "bookshelf" in both
  // answers of every response; "zeppelin" in 5 consenting responses and all 30 refusing ones.
  const email = `search-many-${Date.now()}`;
  await db.execute(sql`insert into users (email) select ${email} || '-' || g || '@public.example' from generate_series(1, ${MANY + 30}) g`);
  await db.execute(sql`
    insert into responses (consultation_id, organisation_id, respondent_user_id, status, reference, public_reference, revision, submitted_at, publish_consent)
    select ${consultationId}::uuid, ${publicOrg!.id}::uuid, u.id, 'submitted', 'PRIV-' || lpad(g::text, 5, '0'), 'PUB-' || lpad(g::text, 5, '0'), 1, now(),
      case when g <= ${MANY} then 'anonymous' else 'none' end
    from generate_series(1, ${MANY + 30}) g join users u on u.email = ${email} || '-' || g || '@public.example'`);
  await db.execute(sql`
    insert into answers (response_id, question_id, value, value_text)
    select r.id, q.id, to_jsonb(x.text), x.text
    from responses r
    cross join (values (${q1!.id}::uuid, 1), (${q2!.id}::uuid, 2)) as q(id, n)
    cross join lateral (select case when q.n = 1 then 'the library bookshelf' else 'a bookshelf' end
      || case when substr(r.reference, 6)::int % 210 = 0 or substr(r.reference, 6)::int > ${MANY} then ' zeppelin' else '' end as text) x
    where r.consultation_id = ${consultationId}`);
  await db.execute(sql`
    insert into answer_moderations (response_id, question_id, consultation_id, state, moderated_text, published_text, moderated_at)
    select a.response_id, a.question_id, ${consultationId}::uuid, 'approved', a.value_text, a.value_text, now()
    from answers a join responses r on r.id = a.response_id where r.consultation_id = ${consultationId}`);
});

afterAll(async () => {
  await t?.close();
});

describe("searching the published responses past a thousand matches", () => {
  it("counts a common word only up to the limit, yet lists its first page in order", async () => {
    const page = await listPublishedResponses(db, { consultationId, q: "library", countUpTo: 1000 });
    expect([page.total, page.totalIsAtLeast]).toEqual([1000, true]);
    expect(page.items.map((r) => r.publicReference)).toEqual(Array.from({ length: 20 }, (_, i) => `PUB-${String(i + 1).padStart(5, "0")}`));
    expect(page.next).toBe("PUB-00020");
    const later = await listPublishedResponses(db, { consultationId, q: "library", countUpTo: 1000, after: "PUB-01040" });
    expect(later.items.map((r) => r.publicReference)).toEqual(Array.from({ length: 10 }, (_, i) => `PUB-0${1041 + i}`));
    expect(later.next).toBeNull();
  });

  it("counts a common word found twice in each response once per response", async () => {
    // Its first thousand matches are answers of only ~500 responses: counted by walking the list.
    const upTo = await listPublishedResponses(db, { consultationId, q: "bookshelf", countUpTo: 1000 });
    expect([upTo.total, upTo.totalIsAtLeast]).toEqual([1000, true]);
    const exact = await listPublishedResponses(db, { consultationId, q: "bookshelf" });
    expect([exact.total, exact.totalIsAtLeast]).toEqual([MANY, false]);
    const fewer = await listPublishedResponses(db, { consultationId, q: "bookshelf", countUpTo: 2000 });
    expect([fewer.total, fewer.totalIsAtLeast]).toEqual([MANY, false]);
  });

  it("counts a rare word exactly, among the responses the public may read only", async () => {
    const page = await listPublishedResponses(db, { consultationId, q: "zeppelin", countUpTo: 1000 });
    expect([page.total, page.totalIsAtLeast]).toEqual([5, false]);
    expect(page.items.map((r) => r.publicReference)).toEqual(["PUB-00210", "PUB-00420", "PUB-00630", "PUB-00840", "PUB-01050"]);
    expect(page.items[0]!.answers.map((a) => a.text)).toEqual(["the library bookshelf zeppelin", "a bookshelf zeppelin"]);
  });

  it("never counts a response that stopped consenting, whatever moderation rows it left behind", async () => {
    // 60 responses withdraw consent, their approved answers left in place (as a repair or an import might leave them):
    // 990 listed responses hold "library", so the page must not say "more than 1,000".
    const withdrawn = sql`consultation_id = ${consultationId} and substr(reference, 6)::int between ${MANY - 59} and ${MANY}`;
    await db.execute(sql`update responses set publish_consent = 'none' where ${withdrawn}`);
    try {
      const page = await listPublishedResponses(db, { consultationId, q: "library", countUpTo: 1000 });
      expect([page.total, page.totalIsAtLeast]).toEqual([MANY - 60, false]);
      expect(page.items[0]!.publicReference).toBe("PUB-00001");
      const rare = await listPublishedResponses(db, { consultationId, q: "zeppelin", countUpTo: 1000 });
      expect(rare.items.map((r) => r.publicReference)).toEqual(["PUB-00210", "PUB-00420", "PUB-00630", "PUB-00840"]);
      expect(rare.total).toBe(4);
    } finally {
      await db.execute(sql`update responses set publish_consent = 'anonymous' where ${withdrawn}`);
    }
  });

  it("dates a response by the day in the UK", async () => {
    await db.execute(sql`update responses set submitted_at = '2026-07-15T23:30:00Z' where consultation_id = ${consultationId} and reference = 'PRIV-00001'`);
    await db.execute(sql`update responses set submitted_at = '2026-01-15T23:30:00Z' where consultation_id = ${consultationId} and reference = 'PRIV-00002'`);
    const page = await listPublishedResponses(db, { consultationId, limit: 2 });
    expect(page.items.map((r) => r.submittedOn)).toEqual(["2026-07-16", "2026-01-15"]);
  });

  it("finds nothing for a word in no published answer", async () => {
    expect(await listPublishedResponses(db, { consultationId, q: "aardvark", countUpTo: 1000 })).toEqual({ items: [], next: null, total: 0, totalIsAtLeast: false });
  });
});
