// Starts the background job worker (invitation and reminder emails, the daily reminder scan)
// inside the Next server process. On PGlite it must live here: only the server process may
// open the database, and the worker waits until the server has opened it on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // The tunable limits, validated once: a bad value stops the server here with its message.
  const { logFormat } = (await import("./lib/config")).settings();
  // Every console line (the app's and Next.js's) as text or JSON, never with what people typed.
  const [{ installLogging }, { instanceName }] = await Promise.all([import("./lib/log"), import("./lib/jobs/queue")]);
  installLogging({ json: logFormat === "json", instance: instanceName() });
  // TRACE and other methods the app does not take: 405 before Next (which answered 500).
  (await import("./app/_server/http-methods")).refuseUnsupportedMethods();
  if (process.env.JOB_WORKER === "0") return;
  const [{ getDb }, { startJobWorker }, { jobHandlers, jobGiveUps, dailyJobs }] = await Promise.all([
    import("./db/client"),
    import("./lib/jobs/worker"),
    import("./lib/jobs/handlers"),
  ]);
  const g = globalThis as unknown as { __consultDb?: unknown };
  startJobWorker({
    getDb,
    handlers: jobHandlers,
    giveUps: jobGiveUps,
    daily: dailyJobs,
    intervalMs: Number(process.env.JOB_POLL_MS ?? 5000),
    // Stopped (a deploy, a scale-down): claim nothing more, and a running job that stops when
    // told is given back for another instance at once; one cut off is taken after its claim lapses.
    stopOnSignals: true,
    // PGlite: one process, one handle; never be the one to open it (a request may be opening it).
    isDbReady: () => Boolean(process.env.DATABASE_URL) || Boolean(g.__consultDb),
  });
}
