// The background jobs as the administrator reads them (/admin/jobs): how many are waiting,
// running, done and failed (each counted up to ADMIN_COUNT_CAP), a page of one kind (newest
// first, by keyset), and a failed job tried again. What a job was for is said in words; its
// payload (ids of the records it works on) is not shown.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { readTogether, rowsOf, type Db } from "../../db/client";
import { jobs, type Job } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import { formatDateTime } from "../format";
import { claimLapsed, jobLeaseMs } from "../jobs/queue";
import { exactUtc, keysetPage, newestFirstRange, type KeysetDirection } from "../keyset";
import { isUuid } from "../sql";
import { cappedCount } from "./counts";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "./cursors";
import { plural } from "../text/plural";

export const JOBS_PAGE_SIZE = 25;

/** The lists the page offers: failed first, as that is what an administrator comes to see. */
export const JOB_LISTS = ["failed", "stalled", "running", "waiting", "done"] as const;
export type JobList = (typeof JOB_LISTS)[number];

export const JOB_LIST_TEXT: Record<JobList, string> = {
  failed: "Failed",
  stalled: "Stalled",
  running: "Running",
  waiting: "Waiting",
  done: "Done",
};

export { JOB_TEXT, jobText } from "./job-text";

export const jobListQuerySchema = z.object({
  list: z.enum(JOB_LISTS).catch("failed"),
});

export const retryJobSchema = z.object({ jobId: z.string().refine(isUuid, "Choose a job") });

function listCondition(list: JobList, leaseMs: number): SQL {
  switch (list) {
    case "failed":
      return eq(jobs.status, "failed");
    case "stalled":
      // Running, but its worker stopped renewing its claim: taken back by the next worker that looks.
      return claimLapsed(leaseMs);
    case "running":
      return sql`${jobs.status} = 'running' and not ${claimLapsed(leaseMs)}`;
    case "waiting":
      return eq(jobs.status, "queued");
    case "done":
      return eq(jobs.status, "done");
  }
}

export type JobRow = Pick<Job, "id" | "name" | "status" | "attempts" | "maxAttempts" | "runAt" | "lockedAt" | "createdAt" | "finishedAt" | "lastError"> & {
  /** The instance holding its claim (locked_by without its token). */
  instance: string | null;
};

/** What the list says of each job beside its kind. */
export function jobStateText(list: JobList, j: JobRow, now = new Date()): string {
  switch (list) {
    case "failed":
      return `Failed ${formatDateTime(j.finishedAt)} after ${plural(j.attempts, "attempt")}`;
    case "stalled":
      return `Its worker${j.instance ? ` (${j.instance})` : ""} stopped${j.lockedAt ? `; last heard from ${formatDateTime(j.lockedAt)}` : ""}. The next worker to look takes it back.`;
    case "running":
      return `Running on ${j.instance ?? "a worker"}, attempt ${j.attempts} of ${j.maxAttempts}; its claim last renewed ${formatDateTime(j.lockedAt)}`;
    case "waiting":
      return `${j.runAt.getTime() > now.getTime() ? "Runs" : "Due since"} ${formatDateTime(j.runAt)}${j.attempts ? `, tried ${plural(j.attempts, "time")}` : ""}`;
    case "done":
      return `Done ${formatDateTime(j.finishedAt)}`;
  }
}

/**
 * How many jobs each list holds (each counted up to ADMIN_COUNT_CAP, "10,000+" beyond), and a page
 * of one list, newest first by when it was due to run (its last attempt's), read from the claim
 * index (status, run_at) from the cursor `after` (the next, older page) or `before` (the previous):
 * every page costs what the first does, however many jobs are done.
 */
export async function listJobs(db: Db, input: { list?: string; after?: unknown; before?: unknown }, actor: Actor) {
  authorize(actor, "admin.manage", { kind: "system" });
  const { list } = jobListQuerySchema.parse({ list: input.list });
  const leaseMs = jobLeaseMs();
  const where = listCondition(list, leaseMs);
  const read = (from: TimeCursor | null, direction: KeysetDirection, limit: number) => {
    const range = newestFirstRange(jobs.runAt, jobs.id, from, direction);
    return db
      .select({
        id: jobs.id,
        name: jobs.name,
        status: jobs.status,
        attempts: jobs.attempts,
        maxAttempts: jobs.maxAttempts,
        runAt: jobs.runAt,
        lockedAt: jobs.lockedAt,
        createdAt: jobs.createdAt,
        finishedAt: jobs.finishedAt,
        lastError: jobs.lastError,
        instance: sql<string | null>`nullif(regexp_replace(${jobs.lockedBy}, ' [^ ]*$', ''), '')`,
        at: exactUtc(jobs.runAt),
      })
      .from(jobs)
      .where(and(where, range.where))
      .orderBy(...range.orderBy)
      .limit(limit);
  };
  const [page, [counts]] = await readTogether(db, [
    () => keysetPage(read, { down: decodeTimeCursor(input.after), up: decodeTimeCursor(input.before) }, JOBS_PAGE_SIZE, (r) => ({ at: r.at, id: r.id }), encodeTimeCursor),
    () =>
      rowsOf<Record<JobList, number>>(
        db,
        sql`select ${sql.join(
          JOB_LISTS.map((l) => sql`${cappedCount(jobs, listCondition(l, leaseMs))} as ${sql.identifier(l)}`),
          sql`, `,
        )}`,
      ),
  ]);
  const n = Object.fromEntries(JOB_LISTS.map((l) => [l, Number(counts![l])])) as Record<JobList, number>;
  const rows: JobRow[] = page.rows.map(({ at: _at, ...row }) => row);
  return { list, counts: n, rows, total: n[list], previous: page.previous, next: page.next };
}

/**
 * A failed job queued again to run now, its attempts counted afresh; recorded in the audit log.
 * Only a failed job: one waiting or running is already on its way, one done is done.
 */
export async function retryJob(db: Db, input: z.input<typeof retryJobSchema>, actor: Actor): Promise<Pick<Job, "id" | "name">> {
  authorize(actor, "admin.manage", { kind: "system" });
  const parsed = retryJobSchema.safeParse(input);
  if (!parsed.success) throw new NotFoundError("Job");
  const { jobId } = parsed.data;
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for("update");
    if (!job) throw new NotFoundError("Job");
    if (job.status !== "failed") throw new InvalidError("Only a failed job can be tried again: this one is no longer failed");
    const queued = await tx
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAt: sql`now()`, finishedAt: null, lockedAt: null, lockedBy: null })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, "failed")))
      .returning({ id: jobs.id });
    if (!queued.length) throw new InvalidError("Only a failed job can be tried again: this one is no longer failed");
    await writeAudit(tx, {
      actorId: actor.id,
      action: "job.retry",
      entityType: "job",
      entityId: job.id,
      before: { status: job.status, attempts: job.attempts, lastError: job.lastError },
      after: { status: "queued", name: job.name },
    });
    return { id: job.id, name: job.name };
  });
}
