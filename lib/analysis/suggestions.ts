// Theme suggestion runs: an officer starts one for a question; a background job (the Postgres
// job queue) reads the question's submitted answers and computes suggestions in a worker
// thread (off the web server's event loop), storing progress as it goes and stopping when the
// run is cancelled. Officers then accept a suggestion (it becomes a theme, its answers tagged
// as suggested, each to be confirmed or removed), merge it into an existing theme, or reject it.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db, type Tx } from "../../db/client";
import { questions, suggestionRuns, themes, type SuggestionRun } from "../../db/schema";
import { writeAudit } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { InvalidError, NotFoundError } from "../errors";
import { enqueueJob, type GiveUpHandlers, type JobHandlers } from "../jobs/queue";
import { insertTheme } from "./codeframe";
import { createThemeSchema } from "./schemas";
import { parse } from "./statements";
import type { SuggestResult, ThemeSuggestion } from "./suggest";
import { SuggestionCancelled, suggestThemesInWorker } from "./worker";
import { safeErrorMessage } from "../log";

export const JOB_SUGGEST_THEMES = "analysis.suggest_themes";

export type SuggestionDecision = { action: "accepted" | "merged" | "rejected"; themeId?: string; by: string; at: string };

/** Queue a suggestion run for one question (one at a time per question). */
export async function startSuggestionRun(db: Db, input: { consultationId: string; questionId: string; seed?: number }, actor: Actor): Promise<SuggestionRun> {
  const c = await consultationFor(db, input.consultationId, "analysis.edit", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  const [q] = await db.select().from(questions).where(and(eq(questions.id, input.questionId), eq(questions.consultationId, c.id)));
  if (!q) throw new NotFoundError("Question");
  return db.transaction(async (tx) => {
    // Serialise starts for one question, so two clicks make one run.
    await tx.select({ id: questions.id }).from(questions).where(eq(questions.id, q.id)).for("update");
    const [busy] = await tx
      .select({ id: suggestionRuns.id })
      .from(suggestionRuns)
      .where(and(eq(suggestionRuns.questionId, q.id), inArray(suggestionRuns.status, ["queued", "running"])));
    if (busy) throw new InvalidError("Suggestions for this question are already being worked out");
    const [run] = await tx.insert(suggestionRuns).values({ consultationId: c.id, questionId: q.id, seed: input.seed ?? 17, createdBy: actor.id }).returning();
    const jobId = await enqueueJob(tx, { name: JOB_SUGGEST_THEMES, payload: { runId: run.id }, maxAttempts: 2 });
    const [withJob] = await tx.update(suggestionRuns).set({ jobId }).where(eq(suggestionRuns.id, run.id)).returning();
    await writeAudit(tx, { actorId: actor.id, action: "theme.suggest", entityType: "question", entityId: q.id, consultationId: c.id, before: null, after: { runId: run.id } });
    return withJob;
  });
}

export async function cancelSuggestionRun(db: Db, input: { consultationId?: string; runId: string }, actor: Actor): Promise<SuggestionRun> {
  const run = await runFor(db, input.runId, "analysis.edit", actor, input.consultationId);
  const [after] = await db
    .update(suggestionRuns)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(and(eq(suggestionRuns.id, run.id), inArray(suggestionRuns.status, ["queued", "running"])))
    .returning();
  if (!after) throw new InvalidError("This run has already finished");
  await writeAudit(db, { actorId: actor.id, action: "theme.suggest_cancel", entityType: "question", entityId: run.questionId, consultationId: run.consultationId, before: null, after: { runId: run.id } });
  return after;
}

/** The run, once the actor may; given the consultation the caller named, a run of another one is not found. */
async function runFor(db: Db, runId: string, permission: "analysis.edit" | "consultation.read_responses", actor: Actor, consultationId?: string): Promise<SuggestionRun> {
  if (!isUuid(runId)) throw new NotFoundError("Suggestion run");
  const [run] = await db.select().from(suggestionRuns).where(eq(suggestionRuns.id, runId));
  if (!run || (consultationId !== undefined && run.consultationId !== consultationId)) throw new NotFoundError("Suggestion run");
  await consultationFor(db, run.consultationId, permission, actor);
  return run;
}

/** The newest run for a question, with its progress or suggestions. */
export async function getLatestSuggestionRun(db: Db, input: { consultationId: string; questionId: string }, actor: Actor): Promise<SuggestionRun | null> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  const [run] = await db
    .select()
    .from(suggestionRuns)
    .where(and(eq(suggestionRuns.consultationId, c.id), eq(suggestionRuns.questionId, input.questionId)))
    .orderBy(desc(suggestionRuns.createdAt))
    .limit(1);
  return run ?? null;
}

/** The job: compute the suggestions for a run in a worker thread. */
export async function runSuggestionJob(db: Db, payload: Record<string, unknown>, opts: { pollMs?: number; signal?: AbortSignal } = {}): Promise<unknown> {
  const runId = String(payload.runId ?? "");
  const [run] = await db.select().from(suggestionRuns).where(eq(suggestionRuns.id, runId));
  // A run cancelled, done, or failed (its job given up, see failSuggestionRun) is not run again: the officer starts a new one.
  if (!run || run.status === "cancelled" || run.status === "done" || run.status === "failed") return { skipped: run?.status ?? "missing" };
  await db.update(suggestionRuns).set({ status: "running", startedAt: new Date(), progress: 0, error: null }).where(eq(suggestionRuns.id, run.id));
  // Answers of submitted responses, one per organisation; the answer's id is its response.
  const answers = await rowsOf<{ id: string; text: string }>(
    db,
    sql`select a.response_id as id, a.value_text as text from answers a join responses r on r.id = a.response_id
        where a.question_id = ${run.questionId} and r.consultation_id = ${run.consultationId} and r.status = 'submitted' and a.value_text <> ''`,
  );
  const controller = new AbortController();
  // The job told to stop (its worker is stopping, or its claim was lost): the worker thread stops too.
  const stop = () => controller.abort();
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener("abort", stop, { once: true });
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const poll = setInterval(() => {
    void db
      .select({ status: suggestionRuns.status })
      .from(suggestionRuns)
      .where(eq(suggestionRuns.id, run.id))
      .then(([r]) => r?.status === "cancelled" && controller.abort())
      .catch(() => {});
  }, opts.pollMs ?? 2000);
  const stages = ["duplicates", "vectors", "clustering", "labels", "done"];
  try {
    const result = await suggestThemesInWorker(answers, { seed: run.seed }, {
      signal: controller.signal,
      onProgress: (stage, fraction) => {
        const now = Date.now();
        if (now - lastWrite < 1000 && stage !== "done") return;
        lastWrite = now;
        const progress = Math.min(0.99, (stages.indexOf(stage) + fraction) / (stages.length - 1));
        writing = writing.then(() => db.update(suggestionRuns).set({ stage, progress }).where(and(eq(suggestionRuns.id, run.id), eq(suggestionRuns.status, "running")))).catch(() => {});
      },
    });
    await writing;
    await db
      .update(suggestionRuns)
      .set({ status: "done", stage: "done", progress: 1, result, answerCount: answers.length, finishedAt: new Date() })
      .where(and(eq(suggestionRuns.id, run.id), eq(suggestionRuns.status, "running")));
    return { suggestions: result.suggestions.length };
  } catch (e) {
    await writing;
    // Stopped with its job, not cancelled by an officer: the run stays running, for the job's next worker.
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (e instanceof SuggestionCancelled) return { cancelled: true };
    await db
      .update(suggestionRuns)
      .set({ status: "failed", error: safeErrorMessage(e).slice(0, 2000), finishedAt: new Date() })
      .where(and(eq(suggestionRuns.id, run.id), eq(suggestionRuns.status, "running")));
    return { failed: true };
  } finally {
    clearInterval(poll);
    opts.signal?.removeEventListener("abort", stop);
  }
}

/** A suggestion run whose job failed for good (its worker stopped at its last attempt) says so, so that the question can have a new run. */
export async function failSuggestionRun(db: Db, payload: Record<string, unknown>): Promise<void> {
  const runId = String(payload.runId ?? "");
  if (!isUuid(runId)) return;
  await db
    .update(suggestionRuns)
    .set({ status: "failed", error: "The server working on these suggestions stopped before they were ready. Ask for them again.", finishedAt: new Date() })
    .where(and(eq(suggestionRuns.id, runId), inArray(suggestionRuns.status, ["queued", "running"])));
}

export const analysisGiveUps: GiveUpHandlers = { [JOB_SUGGEST_THEMES]: (db, payload) => failSuggestionRun(db, payload) };

export const analysisJobHandlers: JobHandlers = {
  [JOB_SUGGEST_THEMES]: (db, payload, _job, { signal }) => runSuggestionJob(db, payload, { signal }),
};

// The run's state is refused for the whole form: its runId and key are hidden inputs, beside
// which no message can show.
async function openSuggestion(tx: Tx, runId: string, key: string): Promise<{ run: SuggestionRun; suggestion: ThemeSuggestion }> {
  const [run] = await tx.select().from(suggestionRuns).where(eq(suggestionRuns.id, runId)).for("update");
  if (!run || run.status !== "done") throw new InvalidError("These suggestions are not ready");
  const suggestion = (run.result as SuggestResult | null)?.suggestions.find((s) => s.key === key);
  if (!suggestion) throw new NotFoundError("Suggestion");
  const decided = (run.decisions as Record<string, SuggestionDecision>)[key];
  if (decided) throw new InvalidError(`This suggestion was already ${decided.action}`);
  return { run, suggestion };
}

async function decide(tx: Tx, run: SuggestionRun, key: string, decision: Omit<SuggestionDecision, "at">) {
  await tx
    .update(suggestionRuns)
    .set({ decisions: sql`${suggestionRuns.decisions} || ${JSON.stringify({ [key]: { ...decision, at: new Date().toISOString() } })}::jsonb` })
    .where(eq(suggestionRuns.id, run.id));
}

/** Tag the suggestion's answers with a theme as suggested (each to be confirmed or removed). */
async function tagSuggested(tx: Tx, run: SuggestionRun, suggestion: ThemeSuggestion, themeId: string, actor: Actor): Promise<number> {
  if (!suggestion.answerIds.length) return 0;
  // One jsonb parameter, not one per answer (a suggestion may hold 100,000).
  const ids = sql`select jsonb_array_elements_text(${JSON.stringify(suggestion.answerIds)}::jsonb)::uuid`;
  const added = await rowsOf<{ response_id: string }>(
    tx,
    sql`insert into answer_tags (theme_id, response_id, question_id, source, status, created_by)
        select ${themeId}::uuid, a.response_id, a.question_id, 'suggestion', 'suggested', ${actor.id}::uuid
        from answers a where a.question_id = ${run.questionId} and a.response_id in (${ids})
        on conflict do nothing returning response_id`,
  );
  if (added.length) {
    await tx.execute(sql`
      insert into answer_analysis (response_id, question_id, version, updated_by, updated_at)
      select response_id, question_id, 2, ${actor.id}::uuid, now() from answer_tags where theme_id = ${themeId}::uuid and response_id in (${ids})
      order by response_id, question_id
      on conflict (response_id, question_id) do update set version = answer_analysis.version + 1, updated_by = excluded.updated_by, updated_at = now()`);
  }
  return added.length;
}

/**
 * Accept a suggestion: it becomes a theme (named as given, or by its label), its answers tagged
 * as suggested. The theme, its tags and the decision are made in one transaction, after the
 * run's lock: nobody sees the theme until the suggestion is taken, so a suggestion that cannot be
 * taken (a colleague decided it first) rolls back only what it made and has nothing to undo.
 * (The theme was once made first and deleted again on a refusal; by then an officer could have
 * tagged, renamed or merged into it, and the delete's cascade took their tags with it.)
 */
export async function acceptSuggestion(db: Db, input: { consultationId?: string; runId: string; key: string; name?: string; description?: string }, actor: Actor) {
  const run = await runFor(db, input.runId, "analysis.edit", actor, input.consultationId);
  const suggestion = (run.result as SuggestResult | null)?.suggestions.find((s) => s.key === input.key);
  const name = (input.name ?? suggestion?.label ?? "").trim().slice(0, 120);
  const v = parse(createThemeSchema, { consultationId: run.consultationId, questionId: run.questionId, name, description: input.description ?? (suggestion ? `Suggested: ${suggestion.terms.join(", ")}` : "") });
  return db.transaction(async (tx) => {
    const opened = await openSuggestion(tx, run.id, input.key);
    const theme = await insertTheme(tx, run.consultationId, v, actor);
    const tagged = await tagSuggested(tx, opened.run, opened.suggestion, theme.id, actor);
    await decide(tx, opened.run, input.key, { action: "accepted", themeId: theme.id, by: actor.id });
    await writeAudit(tx, { actorId: actor.id, action: "theme.accept_suggestion", entityType: "theme", entityId: theme.id, consultationId: run.consultationId, before: null, after: { runId: run.id, key: input.key, name, tagged } });
    return { theme, tagged };
  });
}

/** Merge a suggestion into an existing theme of the question: its answers are tagged as suggested. */
export async function mergeSuggestion(db: Db, input: { consultationId?: string; runId: string; key: string; themeId: string }, actor: Actor) {
  const run = await runFor(db, input.runId, "analysis.edit", actor, input.consultationId);
  if (!isUuid(input.themeId)) throw new NotFoundError("Theme");
  return db.transaction(async (tx) => {
    const [theme] = await tx.select().from(themes).where(eq(themes.id, input.themeId));
    if (!theme || theme.questionId !== run.questionId) throw new InvalidError("Choose a theme of this question", { themeId: "Choose a theme of this question" });
    const opened = await openSuggestion(tx, run.id, input.key);
    const tagged = await tagSuggested(tx, opened.run, opened.suggestion, theme.id, actor);
    await decide(tx, opened.run, input.key, { action: "merged", themeId: theme.id, by: actor.id });
    await writeAudit(tx, { actorId: actor.id, action: "theme.accept_suggestion", entityType: "theme", entityId: theme.id, consultationId: run.consultationId, before: null, after: { runId: run.id, key: input.key, mergedInto: theme.name, tagged } });
    return { theme, tagged };
  });
}

export async function rejectSuggestion(db: Db, input: { consultationId?: string; runId: string; key: string }, actor: Actor) {
  const run = await runFor(db, input.runId, "analysis.edit", actor, input.consultationId);
  return db.transaction(async (tx) => {
    const opened = await openSuggestion(tx, run.id, input.key);
    await decide(tx, opened.run, input.key, { action: "rejected", by: actor.id });
    await writeAudit(tx, { actorId: actor.id, action: "theme.reject_suggestion", entityType: "question", entityId: run.questionId, consultationId: run.consultationId, before: null, after: { runId: run.id, key: input.key, label: opened.suggestion.label } });
  });
}

