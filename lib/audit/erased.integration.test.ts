// A former role-holder erased on request: what others' records wrote of them (the append-only
// audit log, their notifications' titles, an endorsement they signed) no longer shows their name
// or address. Runs on Postgres (DATABASE_URL) and on PGlite.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, councilBranding, documentEndorsements, exportFileChunks, jobs, memberships, notifications, outbox, responses, stages, users } from "../../db/schema";
import { GoneError } from "../errors";
import { EXPORT_JOB, openExportFile } from "../exports/jobs";
import { findUserByEmail, loadActor } from "../auth/actor";
import { odpmSetup } from "../collation/testing";
import { createDocument, publishVersion } from "../documents/commands";
import { endorseDocument, putForEndorsement } from "../documents/endorsements";
import { endorseSchema } from "../documents/schemas";
import { erasePerson } from "../public/person-data";
import { writeAudit } from ".";
import { ERASED_PERSON, ERASED_TEXT, identityDigest, shownName } from "./erased";
import { listSystemAudit } from "./queries";

let s: Awaited<ReturnType<typeof odpmSetup>>;
let erasedId: string;
const db = () => s.t.db;
const NAME = "Adrian McAllister";
const EMAIL = "adrian.mcallister@police.example";

beforeAll(async () => {
  s = await odpmSetup();
}, 120_000);
afterAll(async () => s?.t.close());

describe("erasing a former role-holder", () => {
  it("withholds their name and address from the audit log, others' notifications and the endorsement they signed; everyone else's stay", async () => {
    const user = (await findUserByEmail(db(), EMAIL))!;
    erasedId = user.id;
    const deputy = (await loadActor(db(), user.id))!;
    const police = deputy.memberships[0]!.organisationId;
    // He signs an endorsement for the police.
    const [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
    const [stage] = await db().select().from(stages).where(and(eq(stages.consultationId, leics!.id), eq(stages.position, 4)));
    const created = await createDocument(db(), { consultationId: leics!.id, title: "Final strategy", summary: "", stageId: stage!.id, label: "Final version", openToAll: false, text: "Vision\n\n1. A place of opportunity." }, s.actors.officer);
    await publishVersion(db(), { versionId: created.version.id }, s.actors.officer);
    const put = await putForEndorsement(db(), { documentId: created.document.id, version: 1 }, s.actors.officer);
    await endorseDocument(db(), endorseSchema.parse({ organisationId: police, documentId: created.document.id, expectedHash: put.hash, decision: "endorse", position: "Deputy Chief Constable" }), deputy);
    // Entries written while he was known: his account made by an import under his former name,
    // then renamed; invitations sent to him and to someone else; a consultation and the council's
    // letterhead giving him as their contact; a notification he caused, and its email.
    await writeAudit(db(), [
      { actorId: s.actors.officer.id, action: "user.create", entityType: "user", entityId: user.id, after: { name: "Adrian Former", email: EMAIL, organisation: "Leicestershire Police", via: "contacts import" } },
      { actorId: s.actors.admin.id, action: "user.update", entityType: "user", entityId: user.id, before: { name: "Adrian Former" }, after: { name: NAME } },
      { actorId: s.actors.officer.id, action: "invitation.send", entityType: "consultation", entityId: leics!.id, consultationId: leics!.id, after: { count: 2, recipients: [EMAIL, "rachel.adams@health.example"] } },
      // His name under a key that names no person (a document's title) is not his to withhold.
      { actorId: s.actors.officer.id, action: "document.create", entityType: "document", entityId: created.document.id, consultationId: leics!.id, after: { title: NAME } },
    ]);
    await db().update(consultations).set({ contactOfficerName: NAME, contactOfficerEmail: EMAIL.toUpperCase() }).where(eq(consultations.id, leics!.id));
    await db().insert(councilBranding).values({ organisationId: s.actors.officer.memberships[0]!.organisationId, contactName: " adrian mcallister ", contactEmail: "desk@council.example", signatoryName: "Jane Chief", signatoryTitle: "Chief Executive" }).onConflictDoUpdate({ target: councilBranding.organisationId, set: { contactName: " adrian mcallister ", contactEmail: "desk@council.example", signatoryName: "Jane Chief", signatoryTitle: "Chief Executive" } });
    const officerId = s.actors.officer.id;
    const [mail] = await db().insert(outbox).values({ to: "jane.fisher@council.example", subject: `${NAME} signed off the council's answers to “Annual plan”`, text: `${NAME} signed off…`, kind: "notification", status: "sent" }).returning();
    await db().insert(notifications).values([
      { userId: officerId, kind: "answers_approved", title: `${NAME} signed off the council's answers to “Annual plan”`, path: "/", actorId: user.id, outboxId: mail!.id },
      { userId: officerId, kind: "answers_returned", title: `Adrian Former returned the answers`, path: "/", actorId: user.id },
    ]);
    // A response he submitted for the police, in a stored export (and another export, of a
    // consultation he submitted nothing to).
    const [answered] = await db()
      .insert(responses)
      .values({ consultationId: leics!.id, organisationId: police, status: "submitted", reference: "ERASE-1", revision: 1, submittedAt: new Date(), submittedBy: user.id })
      .returning({ id: responses.id, consultationId: responses.consultationId });
    const stored = (consultationId: string) => ({ name: EXPORT_JOB, status: "done" as const, payload: { consultationId, format: "csv-wide", requestedBy: officerId }, result: { storage: "database", claim: "", chunks: 1, filename: "x.csv", contentType: "text/csv", bytes: 3, responses: 1 }, finishedAt: new Date() });
    const [naming, other] = await db().insert(jobs).values([stored(answered!.consultationId), stored(created.document.id)]).returning();
    await db().insert(exportFileChunks).values([naming!, other!].map((j) => ({ jobId: j.id, claim: "", seq: 0, data: Buffer.from("a,b") })));
    // He leaves the police: his roles are removed, and he asks to be erased.
    await db().delete(memberships).where(eq(memberships.userId, user.id));
    // Until he is erased, the audit log's person filter finds what he did by his address or name.
    for (const text of [EMAIL, "adrian mc"]) {
      const his = await listSystemAudit(db(), { person: text, limit: 200 }, s.actors.admin);
      expect(his.rows.map((r) => r.entityType), text).toContain("document_endorsement");
      expect(new Set(his.rows.map((r) => r.actorName)), text).toEqual(new Set([NAME]));
    }
    await erasePerson(db(), user.id, s.actors.admin);
    // Someone new is later given his old address: entries about them are theirs, and shown.
    await writeAudit(db(), { actorId: s.actors.officer.id, action: "user.create", entityType: "user", entityId: s.actors.partner.id, after: { name: "Newcomer", email: EMAIL } });

    const log = await listSystemAudit(db(), { limit: 200 }, s.actors.admin);
    const before = log.rows.filter((r) => r.action !== "user.create" || r.entityId === user.id);
    const text = JSON.stringify(before.filter((r) => r.action !== "document.create"));
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain("Adrian Former");
    const created_ = log.rows.find((r) => r.action === "user.create" && r.entityId === user.id)!;
    expect(created_.after).toEqual({ name: ERASED_TEXT, email: ERASED_TEXT, organisation: "Leicestershire Police", via: "contacts import" });
    expect(log.rows.find((r) => r.action === "user.update" && r.entityId === user.id)).toMatchObject({ before: { name: ERASED_TEXT }, after: { name: ERASED_TEXT } });
    const sent = log.rows.find((r) => r.action === "invitation.send")!;
    expect(sent.after).toEqual({ count: 2, recipients: [ERASED_TEXT, "rachel.adams@health.example"] });
    expect(log.rows.find((r) => r.action === "document.create")!.after).toEqual({ title: NAME });
    expect(log.rows.find((r) => r.action === "user.create" && r.entityId === s.actors.partner.id)!.after).toEqual({ name: "Newcomer", email: EMAIL });
    const endorsed = log.rows.find((r) => r.entityType === "document_endorsement")!;
    expect(endorsed.actorName).toBe(ERASED_PERSON);
    expect(endorsed.after).toMatchObject({ signatory: ERASED_TEXT, position: "Deputy Chief Constable" });
    // Everyone else is named as before; a link to his entries (by id) says who he was not.
    expect(created_.actorName).toBe(s.actors.officer.name);
    const linked = await listSystemAudit(db(), { actorId: user.id, limit: 200 }, s.actors.admin);
    expect(linked.filteredBy).toEqual({ id: user.id, name: ERASED_PERSON });
    expect(linked.rows.find((r) => r.entityType === "document_endorsement")?.actorName).toBe(ERASED_PERSON);
    const erasure = log.rows.find((r) => r.action === "person.erase")!;
    expect(erasure.after).toMatchObject({ notifications: 2, endorsements: 1, contacts: 1, letterheads: 1, exports: 1 });

    const titles = (await db().select({ title: notifications.title }).from(notifications).where(eq(notifications.userId, officerId))).map((n) => n.title);
    expect(titles).toContain(`${ERASED_PERSON} signed off the council's answers to “Annual plan”`);
    expect(titles).toContain(`${ERASED_PERSON} returned the answers`);
    // The endorsement's notice names the organisation, not him: left as it was.
    expect(titles.some((t) => t.startsWith("Leicestershire") || t.includes("endorse"))).toBe(true);
    const [email] = await db().select().from(outbox).where(eq(outbox.id, mail!.id));
    expect(email).toMatchObject({ subject: `${ERASED_PERSON} signed off the council's answers to “Annual plan”`, text: "", html: null });
    const [c] = await db().select().from(consultations).where(eq(consultations.id, leics!.id));
    expect([c!.contactOfficerName, c!.contactOfficerEmail]).toEqual(["", ""]);
    const [letterhead] = await db().select().from(councilBranding).where(eq(councilBranding.organisationId, s.actors.officer.memberships[0]!.organisationId));
    expect(letterhead).toMatchObject({ contactName: "", contactEmail: "", signatoryName: "Jane Chief", signatoryTitle: "Chief Executive" });

    // Where others are shown who did something (a comment's author, an answer's last editor…).
    const [shown] = await db().select({ name: shownName() }).from(users).where(eq(users.id, user.id));
    expect(shown!.name).toBe(ERASED_PERSON);
    const [officerShown] = await db().select({ name: shownName() }).from(users).where(eq(users.id, officerId));
    expect(officerShown!.name).toBe(s.actors.officer.name);

    // The export naming him is deleted now, and says why; the other is kept.
    expect((await db().select().from(exportFileChunks)).map((c) => c.jobId)).toEqual([other!.id]);
    const gone = await openExportFile(db(), answered!.consultationId, naming!.id, s.actors.officer).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(GoneError);
    expect((gone as Error).message).toMatch(/^This export's file was deleted on .+, as it named a person whose details were erased at their request\./);

    const [endorsement] = await db().select().from(documentEndorsements).where(eq(documentEndorsements.signatoryId, user.id));
    expect(endorsement).toMatchObject({ signatoryName: ERASED_PERSON, signatoryPosition: "Deputy Chief Constable", decision: "endorse", hash: put.hash });
  });

  it("finds nothing he did by his old address or name in the audit log's person filter, nor by what his account now holds", async () => {
    const [row] = await db().select({ name: users.name, email: users.email }).from(users).where(eq(users.id, erasedId));
    // Erasure blanked his name and replaced his address with a placeholder: nothing to match.
    expect(row).toEqual({ name: null, email: `erased-${erasedId}@erased.invalid` });
    for (const text of [EMAIL, EMAIL.toUpperCase(), NAME, "adrian", "Adrian Former", row!.email, "erased", ERASED_PERSON, ERASED_TEXT]) {
      const found = await listSystemAudit(db(), { person: text, limit: 200 }, s.actors.admin);
      expect(found.rows, text).toEqual([]);
      expect(found.olderThan, text).toBeNull();
    }
    // Someone later given his old address: what they do is found by it, and only that.
    const [newcomer] = await db().insert(users).values({ name: "Newcomer Person", email: EMAIL }).returning({ id: users.id });
    await writeAudit(db(), { actorId: newcomer!.id, action: "comment.add", entityType: "comment" });
    const theirs = await listSystemAudit(db(), { person: EMAIL, limit: 200 }, s.actors.admin);
    expect(theirs.rows.map((r) => `${r.actorName}: ${r.action}`)).toEqual(["Newcomer Person: comment.add"]);
  });

  it("compares names and addresses as they were typed, case and spacing aside", () => {
    expect(identityDigest(" Ann@Example.org ")).toBe(identityDigest("ann@example.org"));
    expect(identityDigest("Ann")).not.toBe(identityDigest("Anna"));
  });
});
