// Runs in a worker thread (see worker.ts): computes suggestions and posts progress and the result.
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { suggestThemes, type AnswerText, type SuggestOptions } from "./suggest";

const { answers, options, niceness } = workerData as { answers: AnswerText[]; options: Omit<SuggestOptions, "onProgress">; niceness?: number };
// Yield the CPU to the web server's own thread: on Linux a thread's nice value is its own, and
// setpriority on "this process" (pid 0) from a thread sets that thread's alone. So the
// respondent's requests keep their speed while a job runs (bench/themes-load.ts measures it);
// the job only takes the CPU time nobody else wants. Elsewhere this may renice the whole
// process or be refused: either way the job still runs.
if (niceness !== undefined && niceness > 0) {
  try {
    os.setPriority(0, niceness);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
try {
  const result = suggestThemes(answers, {
    ...options,
    onProgress: (stage, fraction) => parentPort!.postMessage({ type: "progress", stage, fraction }),
  });
  parentPort!.postMessage({ type: "result", result });
} catch (e) {
  parentPort!.postMessage({ type: "error", message: String((e as Error)?.stack ?? e) });
}
