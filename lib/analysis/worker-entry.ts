// Runs in a worker thread (see worker.ts): computes suggestions and posts progress and the result.
import { parentPort, workerData } from "node:worker_threads";
import { suggestThemes, type AnswerText, type SuggestOptions } from "./suggest";

const { answers, options } = workerData as { answers: AnswerText[]; options: Omit<SuggestOptions, "onProgress"> };
try {
  const result = suggestThemes(answers, {
    ...options,
    onProgress: (stage, fraction) => parentPort!.postMessage({ type: "progress", stage, fraction }),
  });
  parentPort!.postMessage({ type: "result", result });
} catch (e) {
  parentPort!.postMessage({ type: "error", message: String((e as Error)?.stack ?? e) });
}
