// What people typed stays out of the log and of a job's kept error, for errors as the real
// drivers raise them (node-postgres wrapped by drizzle; PGlite).
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../db/schema";
import { createTestDb, type TestDb } from "../db/testing";
import { runDueJobs } from "./jobs/queue";
import { formatLogArgs, safeErrorMessage } from "./log";

const TYPED = "Our answer names jane.doe@example.org";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/** A statement refused with what was typed in its parameters, and (a data exception) in Postgres's message. */
const refused = () => t.db.execute(sql`select ${TYPED}::uuid as id`).then(
  () => expect.fail("the statement should be refused"),
  (e: unknown) => e,
);

describe("errors from the database, logged and kept", () => {
  it("leave out the statement's values and the value Postgres quotes", async () => {
    const e = await refused();
    // The driver's own error does carry it: the test would catch a leak.
    expect(`${(e as Error).message} ${String((e as { cause?: Error }).cause?.message)}`).toContain("jane.doe");
    expect(safeErrorMessage(e)).toMatch(/invalid input syntax for type uuid/);
    expect(safeErrorMessage(e)).not.toContain("jane.doe");
    expect(formatLogArgs(["save failed", e]).msg).not.toContain("jane.doe");
  });

  it("leave them out of a failed job's last error", async () => {
    const [job] = await t.db.insert(jobs).values({ name: "test.typed", maxAttempts: 1 }).returning({ id: jobs.id });
    await runDueJobs(t.db, { "test.typed": async (db) => void (await db.execute(sql`select ${TYPED}::uuid as id`)) }, { leaseMs: 30_000 });
    const [row] = await t.db.select({ status: jobs.status, lastError: jobs.lastError }).from(jobs).where(eq(jobs.id, job!.id));
    expect(row!.status).toBe("failed");
    expect(row!.lastError).toMatch(/invalid input syntax for type uuid/);
    expect(row!.lastError).not.toContain("jane.doe");
  });
});
