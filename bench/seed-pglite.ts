// The export benchmark's data on any driver (PGlite has no COPY from Node streams): the demo
// content, the benchmark copy of the ODPM consultation and N submitted responses of 35
// answers each, inserted in multi-row batches. Returns the consultation id.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { answers, consultationVersions, consultations, organisations, questions, responses } from "../db/schema";
import { isEmpty, loadDemoContent, readQuestionSetFile } from "../db/seed/load";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { BENCH_SLUG } from "./seed";
import { answerText, rng } from "./text";

const ORG_TYPES = ["police", "health", "voluntary_sector", "parish", "business", "other"] as const;

export async function ensureBenchConsultationOn(db: Db): Promise<string> {
  if (await isEmpty(db)) await loadDemoContent(db);
  const [existing] = await db.select().from(consultations).where(eq(consultations.slug, BENCH_SLUG));
  if (existing) return existing.id;
  const set = readQuestionSetFile("odpm-lsp-shaping-their-future.json");
  const [owner] = await db.select().from(organisations).where(eq(organisations.type, "council")).limit(1);
  const c = await createConsultationFromQuestionSet(db, { ...set, title: `${set.title} (benchmark)` }, { ownerOrganisationId: owner!.id, actorId: null, slug: BENCH_SLUG });
  await publishConsultation(db, c.id, null);
  return c.id;
}

/** Add `count` organisations, each with one submitted response of 35 answers. */
export async function seedResponsesPglite(db: Db, count: number, log: (m: string) => void = () => {}): Promise<string> {
  const consultationId = await ensureBenchConsultationOn(db);
  if (!count) return consultationId;
  const qs = await db.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, consultationId)).orderBy(questions.position);
  const [version] = await db.select({ id: consultationVersions.id }).from(consultationVersions).where(eq(consultationVersions.consultationId, consultationId));
  const [{ n: existing }] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(sql`${organisations.name} like 'Bench partner %'`);
  const r = rng(42 + existing);
  const t0 = Date.now();
  const BATCH = 200;
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const orgRows = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      name: `Bench partner ${String(existing + start + i + 1).padStart(7, "0")}`,
      type: ORG_TYPES[(start + i) % ORG_TYPES.length]!,
    }));
    await db.insert(organisations).values(orgRows);
    const now = new Date();
    const respRows = orgRows.map((o, i) => ({
      id: randomUUID(),
      consultationId,
      organisationId: o.id,
      consultationVersionId: version?.id ?? null,
      status: "submitted" as const,
      reference: `BENCH-${String(existing + start + i + 1).padStart(8, "0")}`,
      revision: 1,
      submittedAt: now,
    }));
    await db.insert(responses).values(respRows);
    const answerRows = respRows.flatMap((resp) =>
      qs.map((q) => {
        const text = answerText(r);
        return { responseId: resp.id, questionId: q.id, value: text, valueText: text };
      }),
    );
    for (let i = 0; i < answerRows.length; i += 1000) await db.insert(answers).values(answerRows.slice(i, i + 1000));
  }
  log(`  ${count} responses with ${qs.length} answers each in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return consultationId;
}
