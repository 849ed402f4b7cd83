// A former role-holder erased on request: what others' records wrote of them (the append-only
// audit log, their notifications' titles, an endorsement they signed) no longer shows their name
// or address. Runs on Postgres (DATABASE_URL) and on PGlite.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentEndorsements, memberships, notifications, stages, consultations } from "../../db/schema";
import { findUserByEmail, loadActor } from "../auth/actor";
import { odpmSetup } from "../collation/testing";
import { createDocument, publishVersion } from "../documents/commands";
import { endorseDocument, putForEndorsement } from "../documents/endorsements";
import { endorseSchema } from "../documents/schemas";
import { erasePerson } from "../public/person-data";
import { writeAudit } from ".";
import { ERASED_PERSON, ERASED_TEXT, identityDigest } from "./erased";
import { listSystemAudit } from "./queries";

let s: Awaited<ReturnType<typeof odpmSetup>>;
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
    const deputy = (await loadActor(db(), user.id))!;
    const police = deputy.memberships[0]!.organisationId;
    // He signs an endorsement for the police.
    const [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
    const [stage] = await db().select().from(stages).where(and(eq(stages.consultationId, leics!.id), eq(stages.position, 4)));
    const created = await createDocument(db(), { consultationId: leics!.id, title: "Final strategy", summary: "", stageId: stage!.id, label: "Final version", openToAll: false, text: "Vision\n\n1. A place of opportunity." }, s.actors.officer);
    await publishVersion(db(), { versionId: created.version.id }, s.actors.officer);
    const put = await putForEndorsement(db(), { documentId: created.document.id, version: 1 }, s.actors.officer);
    await endorseDocument(db(), endorseSchema.parse({ organisationId: police, documentId: created.document.id, expectedHash: put.hash, decision: "endorse", position: "Deputy Chief Constable" }), deputy);
    // Entries written while he was known: his account made by an import, invitations sent to him
    // and to someone else; a notification he caused, and one by someone else naming him later on.
    await writeAudit(db(), [
      { actorId: s.actors.officer.id, action: "user.create", entityType: "user", entityId: user.id, after: { name: NAME, email: EMAIL, organisation: "Leicestershire Police", via: "contacts import" } },
      { actorId: s.actors.officer.id, action: "invitation.send", entityType: "consultation", entityId: leics!.id, consultationId: leics!.id, after: { count: 2, recipients: [EMAIL, "rachel.adams@health.example"] } },
    ]);
    const officerId = s.actors.officer.id;
    await db().insert(notifications).values([
      { userId: officerId, kind: "answers_approved", title: `${NAME} signed off the council's answers to “Annual plan”`, path: "/", actorId: user.id },
      { userId: officerId, kind: "answers_approved", title: `Jane Fisher signed off the answers ${NAME} drafted`, path: "/", actorId: officerId },
    ]);
    // He leaves the police: his roles are removed, and he asks to be erased.
    await db().delete(memberships).where(eq(memberships.userId, user.id));
    await erasePerson(db(), user.id, s.actors.admin);

    const log = await listSystemAudit(db(), { limit: 200 }, s.actors.admin);
    const text = JSON.stringify(log);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(NAME);
    const created_ = log.rows.find((r) => r.action === "user.create" && r.entityId === user.id)!;
    expect(created_.after).toEqual({ name: ERASED_TEXT, email: ERASED_TEXT, organisation: "Leicestershire Police", via: "contacts import" });
    const sent = log.rows.find((r) => r.action === "invitation.send")!;
    expect(sent.after).toEqual({ count: 2, recipients: [ERASED_TEXT, "rachel.adams@health.example"] });
    const endorsed = log.rows.find((r) => r.action === "document.endorse" || r.entityType === "document_endorsement")!;
    expect(endorsed.actorName).toBe(ERASED_PERSON);
    expect(endorsed.after).toMatchObject({ signatory: ERASED_TEXT, position: "Deputy Chief Constable" });
    // Everyone else is named as before; the filter's list of people says who he was not.
    expect(log.rows.find((r) => r.action === "user.create")!.actorName).toBe(s.actors.officer.name);
    expect(log.options.actors.map((a) => a.name)).toContain(ERASED_PERSON);

    const titles = (await db().select({ title: notifications.title }).from(notifications).where(eq(notifications.userId, officerId))).map((n) => n.title);
    expect(titles).toContain(`${ERASED_PERSON} signed off the council's answers to “Annual plan”`);
    // Another's title is theirs: only a title the erased person caused is rewritten.
    expect(titles).toContain(`Jane Fisher signed off the answers ${NAME} drafted`);

    const [endorsement] = await db().select().from(documentEndorsements).where(eq(documentEndorsements.signatoryId, user.id));
    expect(endorsement).toMatchObject({ signatoryName: ERASED_PERSON, signatoryPosition: "Deputy Chief Constable", decision: "endorse", hash: put.hash });
  });

  it("compares names and addresses as they were typed, case and spacing aside", () => {
    expect(identityDigest(" Ann@Example.org ")).toBe(identityDigest("ann@example.org"));
    expect(identityDigest("Ann")).not.toBe(identityDigest("Anna"));
  });
});
