// The daily document scan on PGlite or Postgres: partners told once when a stage opens and once
// before it closes (not those whose organisation has submitted), officers given one digest of
// new comments per version instead of one notification per submission; on Postgres, two
// servers' scans at the same moment send each notice once.
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { consultations, documentParagraphs, documents, documentVersions, notifications, stages } from "../../db/schema";
import { findUserByEmail } from "../auth/actor";
import { odpmSetup } from "../collation/testing";
import { saveComment, submitComments } from "./commands";
import { runDocumentScan } from "./notices";
import { saveCommentSchema } from "./schemas";

let s: Awaited<ReturnType<typeof odpmSetup>>;
let docId: string;
let versionId: string;
let dueOn: string;
let leicsId: string;
const db = () => s.t.db;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  s = await odpmSetup();
  const [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
  const [d] = await db().select().from(documents).where(eq(documents.consultationId, leics!.id));
  docId = d!.id;
  leicsId = leics!.id;
  const [v] = await db().select({ v: documentVersions, s: stages }).from(documentVersions).innerJoin(stages, eq(stages.id, documentVersions.stageId)).where(and(eq(documentVersions.documentId, docId), eq(documentVersions.version, 2)));
  versionId = v!.v.id;
  dueOn = v!.s.dueOn!;
}, 120_000);
afterAll(async () => s?.t.close());

// The notices about Leicestershire's document: the demo's other documents (Breckland's board paper
// has its own stage dates) may be open on the day the test runs and are not what it checks.
const kindsFor = async (userId: string, kind: string) =>
  db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind as never), eq(notifications.consultationId, leicsId)));

describe("the daily document scan", () => {
  it("tells invited partners once that the stage is open, and officers nothing until comments come", async () => {
    const first = await runDocumentScan(db());
    expect(first.opened).toBeGreaterThanOrEqual(1);
    const sarah = await kindsFor(s.actors.partner.id, "document_stage_opened");
    expect(sarah.map((n) => n.title)).toEqual([expect.stringMatching(/^Sustainable Community Strategy for Leicestershire \(First draft\) is open for comments until /)]);
    expect(sarah[0]!.path).toBe(`/documents/${docId}`);
    expect(await kindsFor(s.actors.officer.id, "document_stage_opened")).toEqual([]);
    const again = await runDocumentScan(db());
    expect(again.opened).toBe(0);
    expect(await kindsFor(s.actors.partner.id, "document_stage_opened")).toHaveLength(1);
  });

  it("gives officers one digest of the comments submitted since the last, not one per submission", async () => {
    const [p] = await db().select().from(documentParagraphs).where(and(eq(documentParagraphs.versionId, versionId), eq(documentParagraphs.number, "4.1")));
    const save = (text: string) => saveComment(db(), saveCommentSchema.parse({ documentId: docId, organisationId: s.actors.partner.memberships[0]!.organisationId, paragraphId: p!.id, stance: "comment", text }), s.actors.partner);
    await save("One.");
    await save("Two.");
    await submitComments(db(), { documentId: docId, organisationId: s.actors.partner.memberships[0]!.organisationId }, s.actors.partner);
    expect(await kindsFor(s.actors.officer.id, "document_comments_submitted")).toEqual([]);
    const r = await runDocumentScan(db());
    expect(r.digests).toBe(1);
    const digest = await kindsFor(s.actors.officer.id, "document_comments_submitted");
    expect(digest.map((n) => n.title)).toEqual(["2 new comments from 1 organisation on Sustainable Community Strategy for Leicestershire (First draft)"]);
    expect((await runDocumentScan(db())).digests).toBe(0);
  });

  it("reminds, once, the invited partners whose organisation has not submitted before the stage closes", async () => {
    const [y, m, d] = dueOn.split("-").map(Number);
    const nearClose = new Date(Date.UTC(y!, m! - 1, d! - 2, 12));
    const r = await runDocumentScan(db(), nearClose);
    expect(r.closing).toBe(1);
    const graceId = (await findUserByEmail(db(), "grace.okafor@health.example"))!.id;
    const grace = await kindsFor(graceId, "document_stage_closing");
    expect(grace.map((n) => n.title)).toEqual([expect.stringContaining("close on")]);
    // The police submitted in the test before: neither of its contacts is reminded.
    expect(await kindsFor(s.actors.partner.id, "document_stage_closing")).toEqual([]);
    expect((await runDocumentScan(db(), nearClose)).closing).toBe(0);
  });
});

describe.skipIf(!onPostgres)("two servers scanning at the same moment (Postgres)", () => {
  it("send each notice once, 10 times over", async () => {
    const a: { db: Db; close: () => Promise<void> } = await openPg(s.t.url!, 2);
    const b: { db: Db; close: () => Promise<void> } = await openPg(s.t.url!, 2);
    try {
      for (let i = 0; i < 10; i++) {
        await db().update(documentVersions).set({ openNoticeAt: null }).where(eq(documentVersions.id, versionId));
        await db().delete(notifications).where(inArray(notifications.kind, ["document_stage_opened"]));
        const [ra, rb] = await Promise.all([runDocumentScan(a.db), runDocumentScan(b.db)]);
        expect(ra.opened + rb.opened).toBe(1);
        expect(await kindsFor(s.actors.partner.id, "document_stage_opened")).toHaveLength(1);
      }
    } finally {
      await a.close();
      await b.close();
    }
    expect(await db().select().from(notifications).where(like(notifications.title, "%is open for comments%"))).not.toHaveLength(0);
  });
});
