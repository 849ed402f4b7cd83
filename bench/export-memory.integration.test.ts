// A CSV export of 5,000 submitted responses (35 answers each) keeps the process's memory flat:
// the heap grows by about the same small amount for 1,000 and 5,000 responses, because the
// export reads and writes one batch of responses at a time (reading the next meanwhile).
// Figures: bench/export-memory.ts.
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../db/testing";
import { drain, formatTable, measure, type Measurement } from "./export-memory";
import { seedResponsesPglite } from "./seed-pglite";
import { responsesCsvStream } from "../lib/exports/responses-export";

const MB = 1024 * 1024;

// Samples are taken after a full collection, so they show what the export holds rather than
// garbage V8 has not collected yet; test workers do not get --expose-gc, so switch it on here.
v8.setFlagsFromString("--expose-gc");
(globalThis as { gc?: () => void }).gc ??= vm.runInNewContext("gc") as () => void;
let t: TestDb;
let consultationId: string;
const results: Measurement[] = [];

beforeAll(async () => {
  t = await createTestDb();
  consultationId = await seedResponsesPglite(t.db, 1_000);
}, 600_000);
afterAll(async () => {
  if (results.length) console.log(`\n${formatTable(results)}\n`);
  await t?.close();
});

describe("streamed CSV export memory", () => {
  it("stays flat from 1,000 to 5,000 responses", async () => {
    const small = await measure("CSV wide", 1_000, () => drain(responsesCsvStream(t.db, { consultationId }, "wide")));
    await seedResponsesPglite(t.db, 4_000);
    const large = await measure("CSV wide", 5_000, () => drain(responsesCsvStream(t.db, { consultationId }, "wide")));
    results.push(small, large);
    // Five times the output...
    expect(large.bytes).toBeGreaterThan(small.bytes * 4.5);
    // ...without five times the memory: the heap's rise during the export is bounded by a few
    // batches, whatever the total, and nowhere near the size of the file.
    const rise = (m: Measurement) => m.peak.heapUsed - m.before.heapUsed;
    expect(rise(large)).toBeLessThan(Math.max(rise(small) * 2, rise(small) + 48 * MB));
    expect(rise(large)).toBeLessThan(large.bytes);
  }, 900_000);
});
