// Endorsement of a document's final version, on PGlite or Postgres (DATABASE_URL): the final text
// locked by its hash and re-checked when shown, named signatories' decisions, who may endorse
// (and who may not), a double submission making one row, and — on Postgres only — real races
// between two signatories of one organisation from separate connection pools, many times over.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { auditLog, consultations, documentEndorsements, documentParagraphs, documentVersions, documents, invitations, memberships, notifications, organisations, stages, users } from "../../db/schema";
import { mergeOrganisations } from "../admin/organisations";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { odpmSetup } from "../collation/testing";
import { raceOnRow } from "../../db/testing/race";
import { ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { createDocument, publishVersion, saveComment } from "./commands";
import { endorseDocument, getEndorsements, putForEndorsement, versionHash } from "./endorsements";
import { getDocumentView } from "./queries";
import { endorseSchema, saveCommentSchema } from "./schemas";

const TRIALS = 30;
const onPostgres = Boolean(process.env.DATABASE_URL);

let s: Awaited<ReturnType<typeof odpmSetup>>;
let chief: Actor;
let deputy: Actor;
let healthChief: Actor;
let leics: typeof consultations.$inferSelect;
let openStageId: string;
const db = () => s.t.db;
const police = () => chief.memberships[0]!.organisationId;

async function actor(email: string) {
  return (await loadActor(db(), (await findUserByEmail(db(), email))!.id))!;
}

beforeAll(async () => {
  s = await odpmSetup();
  chief = await actor("steve.finnigan@police.example");
  deputy = await actor("adrian.mcallister@police.example");
  healthChief = await actor("rachel.adams@health.example");
  [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
  // Stage 5, open now (its closing day is a month away).
  const [stage] = await db().select().from(stages).where(and(eq(stages.consultationId, leics!.id), eq(stages.position, 4)));
  openStageId = stage!.id;
}, 120_000);
afterAll(async () => s?.t.close());

/** A new published document on the open stage, its one version put for endorsement. */
async function finalDocument(title = `Final strategy ${Math.random().toString(36).slice(2)}`, handle: Db = db()) {
  const created = await createDocument(
    handle,
    { consultationId: leics.id, title, summary: "", stageId: openStageId, label: "Final version", openToAll: false, text: "Vision\n\n1. Leicestershire will be a place of opportunity.\n2. Partners work together on five themes." },
    s.actors.officer,
  );
  await publishVersion(handle, { versionId: created.version.id }, s.actors.officer);
  const put = await putForEndorsement(handle, { documentId: created.document.id, version: 1 }, s.actors.officer);
  return { documentId: created.document.id, versionId: created.version.id, hash: put.hash };
}

function endorse(a: Actor, input: Partial<Record<string, string>> & { documentId: string; expectedHash: string }, organisationId = police(), handle: Db = db()) {
  const parsed = endorseSchema.parse({ organisationId, decision: "endorse", position: "Chief Constable", ...input });
  return endorseDocument(handle, parsed, a);
}

describe("putting the final version for endorsement", () => {
  it("records the SHA-256 of exactly the final text, which then takes no comments", async () => {
    const f = await finalDocument();
    const [v] = await db().select().from(documentVersions).where(eq(documentVersions.id, f.versionId));
    expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v!.finalHash).toBe(f.hash);
    expect(await versionHash(db(), v!)).toBe(f.hash);
    const view = await getDocumentView(db(), { documentId: f.documentId }, s.actors.partner);
    expect(view.window).toBe("closed");
    expect(view.windowMessage).toContain("final version, put to partner organisations for endorsement");
    const para = view.paragraphs[0]!;
    await expect(
      saveComment(db(), saveCommentSchema.parse({ documentId: f.documentId, organisationId: s.actors.partner.memberships[0]!.organisationId, paragraphId: para.id, stance: "comment", text: "Late." }), s.actors.partner),
    ).rejects.toBeInstanceOf(LockedError);
    // Once only; and only by the council's officers.
    await expect(putForEndorsement(db(), { documentId: f.documentId, version: 1 }, s.actors.officer)).rejects.toBeInstanceOf(LockedError);
    await expect(putForEndorsement(db(), { documentId: leics.id, version: 1 }, s.actors.officer)).rejects.toBeInstanceOf(NotFoundError);
    const [demo] = await db().select().from(documents).where(eq(documents.consultationId, leics.id)).limit(1);
    for (const who of [s.actors.partner, s.actors.scrutiny, chief]) {
      await expect(putForEndorsement(db(), { documentId: demo!.id, version: 2 }, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
    // Not the newest published version (the page was stale): refused, nothing put.
    await expect(putForEndorsement(db(), { documentId: demo!.id, version: 1 }, s.actors.officer)).rejects.toBeInstanceOf(InvalidError);
    expect((await getDocumentView(db(), { documentId: demo!.id }, null)).version.finalHash).toBeNull();
  });

  it("refuses endorsement of a version not put for endorsement", async () => {
    const [demo] = await db().select().from(documents).where(eq(documents.consultationId, leics.id)).limit(1);
    await expect(endorse(chief, { documentId: demo!.id, expectedHash: "a".repeat(64) })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("endorsing", () => {
  it("records a named signatory's decision with the hash endorsed, shown to anyone with the hash re-checked", async () => {
    const f = await finalDocument("Endorsed strategy");
    const done = await endorse(chief, { documentId: f.documentId, expectedHash: f.hash, decision: "endorse_with_reservations", reservations: "Target 4 needs police resourcing <script>alert(1)</script>." });
    expect(done.created).toBe(true);
    expect(done.endorsement.hash).toBe(f.hash);
    const shown = await getEndorsements(db(), { documentId: f.documentId }, null);
    expect(shown.final?.matches).toBe(true);
    expect(shown.window).toBe("open");
    expect(shown.endorsements).toEqual([
      expect.objectContaining({ organisationName: "Lancashire Constabulary", signatoryName: "Steve Finnigan", signatoryPosition: "Chief Constable", decisionLabel: "Endorses with reservations", matches: true }),
    ]);
    expect(shown.awaiting).toEqual([]); // only the council sees who has not decided
    const officerView = await getEndorsements(db(), { documentId: f.documentId }, s.actors.officer);
    expect(officerView.awaiting.map((o) => o.name)).toContain("Chorley and South Ribble Primary Care Trust");
    // The officers are told; the audit log has the decision and the hash.
    const told = await db().select().from(notifications).where(and(eq(notifications.kind, "document_endorsed"), eq(notifications.userId, s.actors.officer.id)));
    expect(told.map((n) => n.title)).toContain("Lancashire Constabulary: endorses with reservations Endorsed strategy (Final version)");
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "document.endorse"), eq(auditLog.entityId, done.endorsement.id)));
    expect((entry!.after as { hash: string }).hash).toBe(f.hash);
  });

  it("makes a double submission one endorsement, and tells a colleague who recorded it", async () => {
    const f = await finalDocument();
    const first = await endorse(chief, { documentId: f.documentId, expectedHash: f.hash });
    const again = await endorse(chief, { documentId: f.documentId, expectedHash: f.hash });
    expect(again.created).toBe(false);
    expect(again.endorsement.id).toBe(first.endorsement.id);
    const other = await endorse(deputy, { documentId: f.documentId, expectedHash: f.hash, decision: "not_endorse", reservations: "No." }).catch((e) => e);
    expect(other).toBeInstanceOf(LockedError);
    expect((other as Error).message).toContain("already recorded by Steve Finnigan");
    const rows = await db().select().from(documentEndorsements).where(eq(documentEndorsements.versionId, f.versionId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.decision).toBe("endorse");
  });

  it("refuses partners who are not signatories, the council, another organisation's signatory, and a stale page", async () => {
    const f = await finalDocument();
    await expect(endorse(s.actors.partner, { documentId: f.documentId, expectedHash: f.hash })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(endorse(s.actors.officer, { documentId: f.documentId, expectedHash: f.hash })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(endorse(s.actors.signatory, { documentId: f.documentId, expectedHash: f.hash })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(endorse(healthChief, { documentId: f.documentId, expectedHash: f.hash })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(endorse(chief, { documentId: f.documentId, expectedHash: "b".repeat(64) })).rejects.toBeInstanceOf(InvalidError);
    // Health's own signatory may; nothing was recorded for the police by the refusals.
    expect((await endorse(healthChief, { documentId: f.documentId, expectedHash: f.hash }, healthChief.memberships[0]!.organisationId)).created).toBe(true);
    const rows = await db().select().from(documentEndorsements).where(eq(documentEndorsements.versionId, f.versionId));
    expect(rows.map((r) => r.signatoryName)).toEqual(["Rachel Adams"]);
  });

  it("asks for the reservations, or the reasons for not endorsing", () => {
    const base = { documentId: leics.id, organisationId: leics.id, position: "Chief Executive", expectedHash: "c".repeat(64) };
    const r1 = endorseSchema.safeParse({ ...base, decision: "endorse_with_reservations", reservations: "  " });
    expect(r1.success).toBe(false);
    expect(r1.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["reservations", "Enter your organisation's reservations"]]);
    expect(endorseSchema.safeParse({ ...base, decision: "not_endorse" }).error?.issues[0]?.message).toBe("Enter why your organisation does not endorse it");
    expect(endorseSchema.safeParse({ ...base, decision: "maybe" }).error?.issues[0]?.message).toBe("Select whether your organisation endorses the final version");
    expect(endorseSchema.safeParse({ ...base, decision: "endorse", position: "" }).error?.issues[0]?.path).toEqual(["position"]);
    expect(endorseSchema.parse({ ...base, decision: "endorse", reservations: "ignored" }).reservations).toBe("");
  });

  it("shows a final text changed after it was locked as not verified, and refuses to endorse it", async () => {
    const f = await finalDocument();
    await endorse(chief, { documentId: f.documentId, expectedHash: f.hash });
    const [p] = await db().select().from(documentParagraphs).where(eq(documentParagraphs.versionId, f.versionId)).limit(1);
    await db().update(documentParagraphs).set({ text: `${p!.text} (quietly edited)` }).where(eq(documentParagraphs.id, p!.id));
    const shown = await getEndorsements(db(), { documentId: f.documentId }, null);
    expect(shown.final?.matches).toBe(false);
    expect(shown.final?.storedHash).toBe(f.hash);
    expect(shown.endorsements[0]!.matches).toBe(false);
    await expect(endorse(healthChief, { documentId: f.documentId, expectedHash: f.hash }, healthChief.memberships[0]!.organisationId)).rejects.toBeInstanceOf(LockedError);
    await db().update(documentParagraphs).set({ text: p!.text }).where(eq(documentParagraphs.id, p!.id));
    expect((await getEndorsements(db(), { documentId: f.documentId }, null)).final?.matches).toBe(true);
  });
});

describe.skipIf(!onPostgres)("real races between two signatories of one organisation (Postgres)", () => {
  let poolA: { db: Db; close: () => Promise<void> };
  let poolB: { db: Db; close: () => Promise<void> };
  beforeAll(async () => {
    poolA = await openPg(s.t.url!, 2);
    poolB = await openPg(s.t.url!, 2);
  });
  afterAll(async () => {
    await poolA?.close();
    await poolB?.close();
  });

  /** Run both while a third connection holds the version row; let go once both wait for it. */
  function race<A, B>(versionId: string, a: () => Promise<A>, b: () => Promise<B>) {
    return raceOnRow<[A, B]>(db(), sql`select 1 from ${documentVersions} where ${documentVersions.id} = ${versionId} for update`, [a, b]);
  }

  it(`two signatories submit at the same moment: one endorsement, the other told who recorded it, ${TRIALS} times`, async () => {
    const problems: string[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const f = await finalDocument(`Race ${i}`);
      const [ra, rb] = await race(
        f.versionId,
        () => endorse(chief, { documentId: f.documentId, expectedHash: f.hash }, police(), poolA.db),
        () => endorse(deputy, { documentId: f.documentId, expectedHash: f.hash, decision: "not_endorse", reservations: `Trial ${i}` }, police(), poolB.db),
      );
      const rows = await db().select().from(documentEndorsements).where(eq(documentEndorsements.versionId, f.versionId));
      const ok = [ra, rb].filter((r) => r.status === "fulfilled");
      const refused = [ra, rb].filter((r): r is PromiseRejectedResult => r.status === "rejected");
      if (rows.length !== 1 || ok.length !== 1 || refused.length !== 1 || !(refused[0]!.reason instanceof LockedError)) {
        problems.push(`trial ${i}: ${rows.length} rows, ${ok.length} recorded, ${refused.map((r) => String(r.reason)).join("; ")}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`one signatory's double submission at the same moment: one endorsement, both told it is recorded, ${TRIALS} times`, async () => {
    const problems: string[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const f = await finalDocument(`Double ${i}`);
      const [ra, rb] = await race(
        f.versionId,
        () => endorse(chief, { documentId: f.documentId, expectedHash: f.hash }, police(), poolA.db),
        () => endorse(chief, { documentId: f.documentId, expectedHash: f.hash }, police(), poolB.db),
      );
      const rows = await db().select().from(documentEndorsements).where(eq(documentEndorsements.versionId, f.versionId));
      const created = [ra, rb].map((r) => (r.status === "fulfilled" ? r.value.created : null)).sort();
      if (rows.length !== 1 || created.join() !== "false,true") problems.push(`trial ${i}: ${rows.length} rows, created ${created.join()}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("an organisation merged after it endorsed", () => {
  it("keeps the signed record under the organisation that signed, shows and counts it as the kept organisation's, and refuses a second decision", async () => {
    const f = await finalDocument("Strategy endorsed before a merge");
    const health = healthChief.memberships.find((m) => m.role === "signatory")!.organisationId;
    // A duplicate of the health organisation, invited, whose signatory endorses.
    const [dup] = await db().insert(organisations).values({ name: "Chorley PCT (duplicate)", type: "health" }).returning();
    const [u] = await db().insert(users).values({ name: "Dana Duplicate", email: `dana.${Date.now()}@dup.example` }).returning();
    await db().insert(memberships).values({ userId: u!.id, organisationId: dup!.id, role: "signatory" });
    await db().insert(invitations).values({ consultationId: leics.id, organisationId: dup!.id, userId: u!.id });
    const dana = (await loadActor(db(), u!.id))!;
    const signed = await endorse(dana, { documentId: f.documentId, expectedHash: f.hash, decision: "endorse_with_reservations", reservations: "Name a lead." }, dup!.id);

    const merged = await mergeOrganisations(db(), { organisationId: dup!.id, intoId: health }, s.actors.admin);
    expect(merged.endorsementsKept).toBe(1);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "organisation.merge"), eq(auditLog.entityId, health)));
    expect(audit!.after).toMatchObject({ endorsementsKept: 1 });

    // The record is as it was signed.
    const [row] = await db().select().from(documentEndorsements).where(eq(documentEndorsements.id, signed.endorsement.id));
    expect(row).toMatchObject({ organisationId: dup!.id, signatoryName: "Dana Duplicate", hash: f.hash });
    // Shown, publicly and to the council, as the kept organisation's decision, signed for the duplicate.
    const [healthName] = await db().select({ name: organisations.name }).from(organisations).where(eq(organisations.id, health));
    const shown = await getEndorsements(db(), { documentId: f.documentId }, null);
    expect(shown.endorsements).toEqual([expect.objectContaining({ organisationId: health, organisationName: healthName!.name, signedAs: "Chorley PCT (duplicate)", signatoryName: "Dana Duplicate", matches: true })]);
    const officerView = await getEndorsements(db(), { documentId: f.documentId }, s.actors.officer);
    expect(officerView.awaiting.map((o) => o.id)).not.toContain(health);
    // The kept organisation has decided: its own signatory cannot record a second decision.
    const again = await endorse(healthChief, { documentId: f.documentId, expectedHash: f.hash }, health).catch((e) => e);
    expect(again).toBeInstanceOf(LockedError);
    expect((again as Error).message).toContain("already recorded by Dana Duplicate");
    expect((again as Error).message).toContain("Chorley PCT (duplicate)");
    expect(await db().select().from(documentEndorsements).where(eq(documentEndorsements.versionId, f.versionId))).toHaveLength(1);
  });
});
