// The draft-documents benchmark's data (issue 16), shared by bench/documents.ts (the data
// functions in process) and bench/documents-pages.ts (the pages through `next start`): a council
// with an officer, 500 partner organisations each with one contact (a partner member, invited),
// an open consultation with one stage and one document, and its published version of 600
// numbered paragraphs in 30 sections carrying 20,000 submitted comments (one representation per
// organisation; every paragraph 33 or 34 comments, every organisation 40).
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { consultations, documentComments, documentParagraphs, documentRepresentations, documents, documentSections, documentVersions, invitations, memberships, organisations, stages, users } from "../db/schema";

export const DOCUMENT_BENCH_SLUG = "bench-documents";
export const DOCUMENT_BENCH_SIZE = { paragraphs: 600, comments: 20_000, organisations: 500 } as const;

export type DocumentBench = {
  consultationId: string;
  consultationSlug: string;
  documentId: string;
  versionId: string;
  version: number;
  /** The paragraph with the most comments (the first of them). */
  paragraph: { id: string; anchor: string; number: string; position: number; comments: number };
  officerUserId: string;
  /** The contact of the first partner organisation (invited, a partner member). */
  partnerUserId: string;
  partnerOrganisationName: string;
  /** Milliseconds the seeding took (0 when found already seeded). */
  seedMs: number;
};

type Options = {
  slug?: string;
  /**
   * The stage's dates: "closed" (1 January to 1 February 2000, what bench/documents.ts has always
   * measured) or "open" (from 10 days ago to 30 days ahead: partners may comment, so the
   * commenter's page shows its comment links and loads its script).
   */
  window?: "closed" | "open";
  now?: Date;
};

const day = (d: Date, plus: number) => new Date(d.getTime() + plus * 86_400_000).toISOString().slice(0, 10);
const stageDates = (window: "closed" | "open", now: Date) => (window === "open" ? { startsOn: day(now, -10), dueOn: day(now, 30) } : { startsOn: "2000-01-01", dueOn: "2000-02-01" });

/** Seeds the benchmark's consultation, document and comments into a migrated database. */
export async function seedDocumentBench(db: Db, opts: Options = {}): Promise<DocumentBench> {
  const { paragraphs: PARAGRAPHS, comments: COMMENTS, organisations: ORGS } = DOCUMENT_BENCH_SIZE;
  const slug = opts.slug ?? DOCUMENT_BENCH_SLUG;
  const seed0 = performance.now();
  const [council] = await db.insert(organisations).values({ name: "Bench Council", type: "council" }).returning();
  const orgs = await db.insert(organisations).values(Array.from({ length: ORGS }, (_, i) => ({ name: `Bench partner ${String(i + 1).padStart(3, "0")}`, type: (["police", "health", "voluntary_sector", "parish", "business"] as const)[i % 5] }))).returning();
  const [officer] = await db.insert(users).values({ name: "Bench officer", email: "bench.officer@council.example" }).returning();
  await db.insert(memberships).values({ userId: officer!.id, organisationId: council!.id, role: "officer" });
  const contacts = await db.insert(users).values(orgs.map((_o, i) => ({ name: `Contact ${i}`, email: `contact${i}@partner.example` }))).returning();
  await db.insert(memberships).values(contacts.map((u, i) => ({ userId: u.id, organisationId: orgs[i]!.id, role: "partner" as const })));
  const [c] = await db
    .insert(consultations)
    .values({ ownerOrganisationId: council!.id, slug, title: "Bench strategy consultation", kind: "consultation_to_answer", status: "open" })
    .returning();
  await db.insert(invitations).values(contacts.map((u, i) => ({ consultationId: c!.id, organisationId: orgs[i]!.id, userId: u.id })));
  const [stage] = await db
    .insert(stages)
    .values({ consultationId: c!.id, name: "Partners comment on the draft", position: 0, ...stageDates(opts.window ?? "closed", opts.now ?? new Date()) })
    .returning();
  const [doc] = await db.insert(documents).values({ consultationId: c!.id, title: "Bench strategy", createdBy: officer!.id }).returning();
  const [v] = await db
    .insert(documentVersions)
    .values({ documentId: doc!.id, stageId: stage!.id, version: 1, label: "First draft", status: "published", publishedAt: new Date(), sourceText: "" })
    .returning();
  const sections = await db.insert(documentSections).values(Array.from({ length: 30 }, (_, i) => ({ versionId: v!.id, anchor: `s-${i}`, heading: `Section ${i + 1}`, position: i }))).returning();
  const words = "partners will work together to improve outcomes for residents across the county and its market towns".split(" ");
  const text = (i: number, n: number) => Array.from({ length: n }, (_, k) => words[(i * 7 + k) % words.length]).join(" ");
  const paras = await db
    .insert(documentParagraphs)
    .values(Array.from({ length: PARAGRAPHS }, (_, i) => ({ versionId: v!.id, sectionId: sections[Math.floor(i / 20)]!.id, anchor: `p-${i}`, number: `${Math.floor(i / 20) + 1}.${(i % 20) + 1}`, text: `${text(i, 60)}.`, position: i })))
    .returning();
  const reps = await db.insert(documentRepresentations).values(orgs.map((o, i) => ({ versionId: v!.id, organisationId: o.id, reference: `BENCH-${i}`, submittedBy: contacts[i]!.id }))).returning();
  const stances = ["support", "object", "comment"] as const;
  const rows = Array.from({ length: COMMENTS }, (_, i) => ({
    versionId: v!.id,
    paragraphId: paras[(i * 31) % PARAGRAPHS]!.id,
    organisationId: orgs[i % ORGS]!.id,
    stance: stances[i % 3]!,
    text: `Comment ${i}: ${text(i, 40)}.`,
    status: "submitted" as const,
    representationId: reps[i % ORGS]!.id,
    submittedAt: new Date(Date.UTC(2000, 0, 2) + i * 1000),
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(documentComments).values(rows.slice(i, i + 1000));
  await db.execute(sql`analyze`);
  const seedMs = performance.now() - seed0;
  const found = await findDocumentBench(db, { slug });
  return { ...found!, seedMs };
}

/**
 * The benchmark's ids in a database seeded before, or null when it is not there or not whole (a
 * different count of comments). With `window`, the stage's dates are set to it (an "open" stage
 * seeded on an earlier day stays open).
 */
export async function findDocumentBench(db: Db, opts: Options = {}): Promise<DocumentBench | null> {
  const slug = opts.slug ?? DOCUMENT_BENCH_SLUG;
  const [row] = await db
    .select({ consultationId: consultations.id, documentId: documents.id, versionId: documentVersions.id, version: documentVersions.version, stageId: documentVersions.stageId })
    .from(consultations)
    .innerJoin(documents, eq(documents.consultationId, consultations.id))
    .innerJoin(documentVersions, eq(documentVersions.documentId, documents.id))
    .where(and(eq(consultations.slug, slug), eq(documentVersions.status, "published")))
    .orderBy(desc(documentVersions.version))
    .limit(1);
  if (!row) return null;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(documentComments).where(eq(documentComments.versionId, row.versionId));
  if (n !== DOCUMENT_BENCH_SIZE.comments) return null;
  if (opts.window) await db.update(stages).set(stageDates(opts.window, opts.now ?? new Date())).where(eq(stages.id, row.stageId));
  const [busiest] = await db
    .select({ id: documentParagraphs.id, anchor: documentParagraphs.anchor, number: documentParagraphs.number, position: documentParagraphs.position, comments: sql<number>`count(*)::int` })
    .from(documentComments)
    .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
    .where(eq(documentComments.versionId, row.versionId))
    .groupBy(documentParagraphs.id)
    .orderBy(desc(sql`count(*)`), documentParagraphs.position)
    .limit(1);
  const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, "bench.officer@council.example"));
  const [partner] = await db
    .select({ id: users.id, organisationName: organisations.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, "contact0@partner.example"));
  return {
    consultationId: row.consultationId,
    consultationSlug: slug,
    documentId: row.documentId,
    versionId: row.versionId,
    version: row.version,
    paragraph: busiest!,
    officerUserId: officer!.id,
    partnerUserId: partner!.id,
    partnerOrganisationName: partner!.organisationName,
    seedMs: 0,
  };
}
