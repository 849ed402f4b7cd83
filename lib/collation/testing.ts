// Shared set-up for the collation, drafting, review and sign-off integration tests: a fresh
// database with the demo content, and the demo people as actors.
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { consultations, questions } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";

export const DEMO_EMAILS = {
  officer: "jane.fisher@council.example",
  officer2: "amir.khan@council.example",
  signatory: "helen.rigby@council.example",
  scrutiny: "peter.moss@council.example",
  admin: "ravi.shah@council.example",
  partner: "sarah.lee@police.example",
  cvs: "mark.evans@cvs.example",
} as const;

export type DemoActors = Record<keyof typeof DEMO_EMAILS, Actor>;

export async function demoActors(db: Db): Promise<DemoActors> {
  const out = {} as DemoActors;
  for (const [key, email] of Object.entries(DEMO_EMAILS) as [keyof typeof DEMO_EMAILS, string][]) {
    const user = await findUserByEmail(db, email);
    if (!user) throw new Error(`demo user ${email} missing`);
    out[key] = (await loadActor(db, user.id))!;
  }
  return out;
}

/** A fresh database with the demo content, and the demo people as actors. */
export async function demoSetup(): Promise<{ t: TestDb; actors: DemoActors }> {
  const t: TestDb = await createTestDb();
  await loadDemoContent(t.db);
  return { t, actors: await demoActors(t.db) };
}

export async function odpmSetup() {
  const { t, actors } = await demoSetup();
  const [odpm] = await t.db.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
  const qs = await t.db.select().from(questions).where(eq(questions.consultationId, odpm.id)).orderBy(questions.position);
  const q = (n: string) => qs.find((x) => x.number === n)!;
  return { t, odpm, q, actors };
}

/**
 * `count` new parish organisations with a submitted response each to the consultation (no answers
 * yet), for tests that write answers in bulk; `tag` keeps each call's names and references apart.
 * Returns the response ids.
 */
export async function submittedResponses(db: Db, consultationId: string, tag: string, count: number): Promise<string[]> {
  const made = await rowsOf<{ id: string }>(
    db,
    sql`with o as (
          insert into organisations (name, type)
          select ${`Test ${tag} `} || g, 'parish' from generate_series(1, ${count}) g returning id
        )
        insert into responses (consultation_id, organisation_id, status, reference, revision, submitted_at)
        select ${consultationId}, o.id, 'submitted', ${`TEST-${tag}-`} || o.id, 1, now() from o returning id`,
  );
  return made.map((r) => r.id);
}
