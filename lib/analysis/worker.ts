// Runs the suggestion pipeline in a worker thread, so that a job inside the web server (which
// is where the job worker runs, see instrumentation.ts) never blocks its event loop for the
// seconds or minutes that 100,000 answers take. The worker's code is bundled once per process
// with esbuild from worker-entry.ts, which works the same under tsx, vitest and `next start`.
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { AnswerText, SuggestOptions, SuggestResult, SuggestStage } from "./suggest";

let bundled: string | undefined;

async function workerCode(): Promise<string> {
  if (bundled) return bundled;
  const candidates = [path.join(process.cwd(), "lib/analysis/worker-entry.ts"), path.join(import.meta.dirname ?? "", "worker-entry.ts")];
  const entry = candidates.find((c) => existsSync(c));
  if (!entry) throw new Error("worker-entry.ts not found: run from the project folder");
  // Loaded on first use only: the web server does not load esbuild until a suggestion job runs.
  const { build } = await import("esbuild");
  const out = await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent" });
  bundled = out.outputFiles[0].text;
  return bundled;
}

export class SuggestionCancelled extends Error {
  constructor() {
    super("Theme suggestions were cancelled");
  }
}

export type WorkerRunOptions = {
  onProgress?: (stage: SuggestStage, fraction: number) => void;
  signal?: AbortSignal;
  /** Heap limit for the worker in MB (old generation). */
  maxHeapMb?: number;
  /**
   * The worker thread's nice value (0 normal … 19 lowest): by default 19, so that a job never
   * slows the web server's requests; 0 for a run that should take all the CPU it can (benches
   * of the pipeline's own speed).
   */
  niceness?: number;
};

export function suggestThemesInWorker(answers: readonly AnswerText[], options: Omit<SuggestOptions, "onProgress"> = {}, run: WorkerRunOptions = {}): Promise<SuggestResult> {
  return workerCode().then((code) => new Promise<SuggestResult>((resolve, reject) => {
    if (run.signal?.aborted) return reject(new SuggestionCancelled());
    let worker: Worker;
    try {
      worker = new Worker(code, {
        eval: true,
        workerData: { answers: answers.map((a) => ({ id: a.id, text: a.text })), options, niceness: run.niceness ?? 19 },
        resourceLimits: { maxOldGenerationSizeMb: run.maxHeapMb ?? 1024 },
      });
    } catch (e) {
      return reject(e);
    }
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      run.signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new SuggestionCancelled()));
    };
    run.signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: { type: string; stage?: SuggestStage; fraction?: number; result?: SuggestResult; message?: string }) => {
      if (m.type === "progress") run.onProgress?.(m.stage!, m.fraction!);
      else if (m.type === "result") finish(() => resolve(m.result!));
      else if (m.type === "error") finish(() => reject(new Error(m.message)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (exitCode) => finish(() => reject(new Error(`suggestion worker stopped (exit code ${exitCode})`))));
  }));
}
