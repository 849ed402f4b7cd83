// Memory of the streamed responses export: seeds N submitted responses (35 realistic answers
// each) on the benchmark copy of the ODPM consultation, streams the CSV (wide and long) and the
// XLSX through the same functions the download routes use, and samples the process's memory
// every 20 ms. Flat memory means the peak heap does not grow with N.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --expose-gc --import tsx bench/export-memory.ts --responses 10000
//   node --expose-gc --import tsx bench/export-memory.ts --responses 10000     (embedded PGlite, slower to seed)
// Add --max-old-space-size=64 to prove the exports finish in a heap far smaller than their output.
//
// Prints a table and writes bench/results/export-memory.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { openPg, openPglite, type Db } from "../db/client";
import { migrateDb } from "../db/migrate";
import { consultations } from "../db/schema";
import { responsesCsvStream, writeResponsesXlsx } from "../lib/exports/responses-export";
import { countSubmittedResponses } from "../lib/exports/responses-source";
import { BENCH_SLUG, countBenchResponses, createBenchDatabase, ensureBenchConsultation, seedResponses } from "./seed";
import { seedResponsesPglite } from "./seed-pglite";

const MB = 1024 * 1024;
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

type Sample = { rss: number; heapUsed: number; external: number; arrayBuffers: number };
const sample = (): Sample => {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
};

export type Measurement = {
  what: string;
  responses: number;
  bytes: number;
  seconds: number;
  before: Sample;
  peak: Sample;
  after: Sample;
  samples: number;
};

/**
 * Run `work` while sampling memory; peak is the highest value of each figure. With --expose-gc
 * each sample is taken just after a full collection, so the heap figure is what the export
 * actually holds (live memory), not garbage V8 has not yet got round to collecting.
 */
export async function measure(what: string, responses: number, work: () => Promise<number>): Promise<Measurement> {
  globalThis.gc?.();
  const before = sample();
  const peak = { ...before };
  let samples = 0;
  const timer = setInterval(() => {
    globalThis.gc?.();
    const s = sample();
    samples++;
    for (const k of Object.keys(peak) as (keyof Sample)[]) peak[k] = Math.max(peak[k], s[k]);
  }, 100);
  const t0 = performance.now();
  const bytes = await work();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  globalThis.gc?.();
  const after = sample();
  for (const k of Object.keys(peak) as (keyof Sample)[]) peak[k] = Math.max(peak[k], after[k]);
  return { what, responses, bytes, seconds, before, peak, after, samples };
}

/** Consume a web stream without keeping it: what a slow or fast client does, minus the network. */
export async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

export function countingSink(): { sink: Writable; bytes: () => number } {
  let n = 0;
  return {
    sink: new Writable({
      write(chunk: Buffer, _enc, cb) {
        n += chunk.length;
        cb();
      },
    }),
    bytes: () => n,
  };
}

export async function measureExports(db: Db, consultationId: string, batchSize?: number): Promise<Measurement[]> {
  const filter = { consultationId };
  const n = await countSubmittedResponses(db, filter);
  const out: Measurement[] = [];
  out.push(await measure("CSV wide", n, () => drain(responsesCsvStream(db, filter, "wide", { batchSize }))));
  out.push(await measure("CSV long", n, () => drain(responsesCsvStream(db, filter, "long", { batchSize }))));
  out.push(
    await measure("XLSX (both sheets)", n, async () => {
      const { sink, bytes } = countingSink();
      await writeResponsesXlsx(db, filter, sink, { batchSize });
      return bytes();
    }),
  );
  return out;
}

export function formatTable(rows: Measurement[]): string {
  const f = (b: number) => (b / MB).toFixed(1);
  const lines = [
    "| export | responses | output MB | seconds | live heap before → peak → after (MB) | RSS before → peak → after (MB) |",
    "|---|---:|---:|---:|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.responses.toLocaleString("en-GB")} | ${f(r.bytes)} | ${r.seconds.toFixed(1)} | ${f(r.before.heapUsed)} → ${f(r.peak.heapUsed)} → ${f(r.after.heapUsed)} | ${f(r.before.rss)} → ${f(r.peak.rss)} → ${f(r.after.rss)} |`,
    ),
  ];
  return lines.join("\n");
}

async function main() {
  const target = Number(arg("responses", "10000"));
  const steps = arg("steps", `${Math.min(1000, target)},${target}`)
    .split(",")
    .map(Number)
    .filter((x) => x > 0);
  const url = process.env.DATABASE_URL;
  const rows: Measurement[] = [];
  let driver: string;
  if (url) {
    driver = "postgres";
    const benchUrl = await createBenchDatabase(url, "consult_bench_exports", true);
    const consultationId = await ensureBenchConsultation(benchUrl);
    for (const step of steps) {
      const have = await countBenchResponses(benchUrl, consultationId);
      if (step > have) await seedResponses(benchUrl, consultationId, step - have, 42, (m) => console.log(m));
      const h = await openPg(benchUrl, 2);
      try {
        rows.push(...(await measureExports(h.db, consultationId)));
      } finally {
        await h.close();
      }
    }
  } else {
    driver = "pglite";
    const h = await openPglite(undefined);
    try {
      await migrateDb(h.db, "pglite");
      const consultationId = await seedResponsesPglite(h.db, 0);
      for (const step of steps) {
        const [c] = await h.db.select().from(consultations).where(eq(consultations.slug, BENCH_SLUG));
        const have = await countSubmittedResponses(h.db, { consultationId: c!.id });
        if (step > have) await seedResponsesPglite(h.db, step - have, (m) => console.log(m));
        rows.push(...(await measureExports(h.db, consultationId)));
      }
    } finally {
      await h.close();
    }
  }
  console.log(`\nStreamed exports on ${driver} (Node ${process.version}, batches of 500 responses):\n`);
  console.log(formatTable(rows));
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "export-memory.json"), JSON.stringify({ driver, node: process.version, at: new Date().toISOString(), rows }, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
