// Ending sessions (PGlite, or Postgres with DATABASE_URL): a token's session version against the
// person's, sign-out, and an administrator's "end sessions", audited and refused to others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endUserSessions } from "../admin/commands";
import { listSystemAudit } from "../audit/queries";
import { demoActors, type DemoActors } from "../collation/testing";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { ForbiddenError } from "../errors";
import { loadActor } from "./actor";
import { currentSessionVersion, endSessions } from "./sessions";

let t: TestDb;
let actors: DemoActors;
beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  actors = await demoActors(t.db);
});
afterAll(async () => t?.close());

describe("sessions", () => {
  it("a session whose version is not the person's current one reads as signed out", async () => {
    const id = actors.partner.id;
    const v = await currentSessionVersion(t.db, id);
    expect(await loadActor(t.db, id, { version: v })).toMatchObject({ id });
    expect(await endSessions(t.db, id, v)).toBe(true);
    expect(await loadActor(t.db, id, { version: v })).toBeNull();
    expect(await loadActor(t.db, id, { version: v + 1 })).toMatchObject({ id });
  });

  it("signing out with an already-ended session does not end the sessions begun since", async () => {
    const id = actors.cvs.id;
    const old = await currentSessionVersion(t.db, id);
    await endSessions(t.db, id, old);
    const fresh = old + 1;
    expect(await endSessions(t.db, id, old)).toBe(false);
    expect(await loadActor(t.db, id, { version: fresh })).not.toBeNull();
  });

  it("an administrator ends a person's sessions, audited; no one else may", async () => {
    const id = actors.officer.id;
    const v = await currentSessionVersion(t.db, id);
    await expect(endUserSessions(t.db, id, actors.officer2)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await loadActor(t.db, id, { version: v })).not.toBeNull();
    await endUserSessions(t.db, id, actors.admin);
    expect(await loadActor(t.db, id, { version: v })).toBeNull();
    const audit = await listSystemAudit(t.db, { action: "user.end_sessions" }, actors.admin);
    expect(audit.rows).toMatchObject([{ action: "user.end_sessions", entityId: id, actorId: actors.admin.id }]);
  });
});
