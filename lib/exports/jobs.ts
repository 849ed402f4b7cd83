// Background exports of all responses (CSV wide or long, XLSX) for consultations too large to
// download while the officer waits. A job on the jobs-table queue (lib/jobs) writes the file
// into the database (export_file_chunks, 1 MiB pieces), so that whichever app instance made it,
// any instance serves the download; the officer downloads it from a permission-checked route.
// The web process also starts the job at once (runExportJobNow), and the queue's worker picks
// up any that a restart interrupted. A file is kept EXPORT_KEEP_DAYS (7 by default), then deleted
// by a daily job (expireExportFiles): the files hold what respondents wrote, names included, and
// a large one is a gigabyte of the database.
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PassThrough, Readable, Writable } from "node:stream";
import { and, asc, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { dataDir, getReportDb, rowsOf, type Db } from "../../db/client";
import { exportFileChunks, jobs, users, type Job } from "../../db/schema";
import { writeAudit } from "../audit";
import { loadActor } from "../auth/actor";
import { authorize, type Actor } from "../auth/policy";
import { settings } from "../config";
import { GoneError, NotFoundError } from "../errors";
import { formatDate } from "../format";
import { enqueueJob, inBatches, runJobNow, type JobContext, type JobHandlers } from "../jobs/queue";
import { loadConsultationForExport } from "./council-response";
import { CONTENT_TYPES } from "./documents";
import { writeResponsesCsv, writeResponsesXlsx } from "./responses-export";
import { countSubmittedResponses } from "./responses-source";
import { shownName } from "../audit/erased";

export const EXPORT_JOB = "export.responses";
export const EXPORT_FORMATS = ["csv-wide", "csv-long", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Above this many responses the page offers the background export instead of a direct XLSX. */
export const DIRECT_EXPORT_LIMIT = 2_000;

export type ExportJobPayload = { consultationId: string; format: ExportFormat; requestedBy: string };
/**
 * Where a finished export is: `storage: "database"` (export_file_chunks, `chunks` pieces); older
 * exports written before that have a `file` under DATA_DIR/exports/ instead.
 */
export type ExportJobResult = {
  storage?: "database";
  /** The claim of the run whose pieces are the file (absent for files made before pieces carried one). */
  claim?: string;
  chunks?: number;
  file?: string;
  filename: string;
  contentType: string;
  bytes: number;
  responses: number;
  /** When the file was deleted, its keeping time over (ISO time); the job's record stays. */
  expiredAt?: string;
  /** Why, when it was deleted before its keeping time was over: it named a person erased at their request. */
  expiredFor?: "erasure";
};

/** The daily job that deletes export files past their keeping time. */
export const JOB_EXPORT_EXPIRY = "exports.expire";

/** Days an export's file is kept (EXPORT_KEEP_DAYS). */
export function exportKeepDays(): number {
  return settings().exportKeepDays;
}

/**
 * Export jobs whose files one statement of expireExportFiles deletes: a few, as one may be a
 * gigabyte (ten million responses: a hundred), and each statement is one transaction.
 */
const EXPIRE_BATCH = 5;

/**
 * Delete the files of exports finished more than `keepDays` ago (their pieces in the database; an
 * older export's file on this instance's disk too), marking each job's result `expiredAt`, and
 * the pieces a failed export left (its worker stopped at its last attempt). A few jobs per
 * statement, each batch taken with SKIP LOCKED so that two instances running it share the work;
 * it stops between batches when `signal` is aborted. Returns how many files were deleted.
 */
export async function expireExportFiles(db: Db, o: { now?: Date; keepDays?: number; signal?: AbortSignal } = {}): Promise<number> {
  const now = o.now ?? new Date();
  const cutoff = new Date(now.getTime() - (o.keepDays ?? exportKeepDays()) * 86_400_000);
  return inBatches(EXPIRE_BATCH, o.signal, async () => {
    const rows = await rowsOf<{ id: string; file: string | null }>(
      db,
      sql`with old as (
            select id from jobs
            where name = ${EXPORT_JOB} and (
              (status = 'done' and finished_at < ${cutoff.toISOString()}::timestamptz and not (result ? 'expiredAt'))
              or (status = 'failed' and exists (select 1 from export_file_chunks c where c.job_id = jobs.id)))
            order by finished_at limit ${EXPIRE_BATCH} for update skip locked
          ), pieces as (
            delete from export_file_chunks c using old where c.job_id = old.id
          )
          update jobs j set result = case when j.status = 'done' then j.result || jsonb_build_object('expiredAt', ${now.toISOString()}::text) else j.result end
          from old where j.id = old.id
          returning j.id, j.result ->> 'file' as file`,
    );
    for (const r of rows) if (r.file) await rm(path.join(exportsDir(), path.basename(r.file)), { force: true });
    return rows.length;
  });
}

/**
 * At a person's erasure, in its transaction: the stored files of the exports that name them (the
 * responses export gives who submitted each response) are deleted at once rather than left for
 * their keeping time, and marked as deleted for that reason. Returns the files on this
 * instance's disk (exports made before files were kept in the database) for the caller to remove
 * once the erasure is committed.
 */
export async function expireExportsNaming(tx: Db, userId: string, now: Date): Promise<{ expired: number; files: string[] }> {
  const rows = await rowsOf<{ id: string; file: string | null }>(
    tx,
    sql`with named as (
          select id from jobs
          where name = ${EXPORT_JOB} and status = 'done' and not (result ? 'expiredAt')
            and payload ->> 'consultationId' in (select consultation_id::text from responses where submitted_by = ${userId})
          for update
        ), pieces as (
          delete from export_file_chunks c using named where c.job_id = named.id
        )
        update jobs j set result = j.result || jsonb_build_object('expiredAt', ${now.toISOString()}::text, 'expiredFor', 'erasure')
        from named where j.id = named.id
        returning j.id, j.result ->> 'file' as file`,
  );
  return { expired: rows.length, files: rows.flatMap((r) => (r.file ? [path.join(exportsDir(), path.basename(r.file))] : [])) };
}

/** Remove files expireExportsNaming gave back, once its transaction is committed. */
export async function removeExportFiles(files: readonly string[]): Promise<void> {
  for (const f of files) await rm(f, { force: true });
}

/** The size of one stored piece of an export file. */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;

/**
 * A writable stream that stores what is written to it as the job's export_file_chunks rows, one
 * piece of EXPORT_CHUNK_BYTES at a time (so memory holds at most one piece).
 */
function chunkWriter(db: Db, jobId: string, claim: string) {
  let pending: Buffer[] = [];
  let size = 0;
  let seq = 0;
  let bytes = 0;
  const flush = async (all: boolean) => {
    while (size >= EXPORT_CHUNK_BYTES || (all && size > 0)) {
      const whole = Buffer.concat(pending);
      const piece = whole.subarray(0, EXPORT_CHUNK_BYTES);
      const rest = whole.subarray(piece.length);
      pending = rest.length ? [Buffer.from(rest)] : [];
      size = rest.length;
      await db.insert(exportFileChunks).values({ jobId, claim, seq: seq++, data: Buffer.from(piece) });
      bytes += piece.length;
    }
  };
  let writing: Promise<void> = Promise.resolve();
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      pending.push(b);
      size += b.length;
      writing = flush(false);
      writing.then(() => done(), done);
    },
    final(done) {
      writing = flush(true);
      writing.then(() => done(), done);
    },
  });
  /** Resolves once no piece is being written (after the stream is destroyed, before its pieces are dropped). */
  const settled = () => writing.catch(() => undefined);
  return { stream, settled, written: () => ({ chunks: seq, bytes }) };
}

/** A finished export's stored pieces (those of the run that finished it) as a stream, read one piece at a time. */
function chunkReader(db: Db, jobId: string, claim: string): Readable {
  let next = 0;
  return new Readable({
    read() {
      db.select({ seq: exportFileChunks.seq, data: exportFileChunks.data })
        .from(exportFileChunks)
        .where(and(eq(exportFileChunks.jobId, jobId), eq(exportFileChunks.claim, claim), gt(exportFileChunks.seq, next - 1)))
        .orderBy(asc(exportFileChunks.seq))
        .limit(1)
        .then(
          ([row]) => {
            if (!row) return this.push(null);
            next = row.seq + 1;
            this.push(row.data);
          },
          (e: Error) => this.destroy(e),
        );
    },
  });
}

export function exportsDir(): string {
  return path.join(dataDir(), "exports");
}

const EXTENSION: Record<ExportFormat, string> = { "csv-wide": "csv", "csv-long": "csv", xlsx: "xlsx" };

function councilResource(ownerOrganisationId: string) {
  return { kind: "consultation", ownerOrganisationId } as const;
}

export async function requestResponsesExport(db: Db, input: { consultationId: string; format: ExportFormat }, actor: Actor): Promise<string> {
  const { consultation } = await loadConsultationForExport(db, input.consultationId);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const payload: ExportJobPayload = { consultationId: consultation.id, format: input.format, requestedBy: actor.id };
  // One attempt more than the default is pointless for a file write; two covers a restart.
  const id = await enqueueJob(db, { name: EXPORT_JOB, payload, maxAttempts: 2 });
  await writeAudit(db, {
    actorId: actor.id,
    action: "export.request",
    entityType: "job",
    entityId: id,
    consultationId: consultation.id,
    organisationId: consultation.ownerOrganisationId,
    after: { format: input.format },
  });
  return id!;
}

/** The job's handler: write the file (to a temporary name, then renamed, so a half-written file is never offered). */
export async function runResponsesExportJob(db: Db, raw: Record<string, unknown>, job: Job, { signal }: JobContext = { signal: new AbortController().signal }): Promise<ExportJobResult> {
  const payload = raw as ExportJobPayload;
  const { consultation } = await loadConsultationForExport(db, payload.consultationId);
  // The requester's roles are checked again: one removed since the request gets nothing.
  const actor = await loadActor(db, payload.requestedBy);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const ext = EXTENSION[payload.format];
  const filter = { consultationId: consultation.id };
  // A retry starts again: drop what earlier runs stored, while this run's claim is the job's
  // (a run that paused past its claim must not drop the next run's file). Each run writes, reads
  // and drops only its own pieces: an earlier run whose claim lapsed may still be writing.
  const claim = job.lockedBy ?? "";
  const own = and(eq(exportFileChunks.jobId, job.id), eq(exportFileChunks.claim, claim));
  await db
    .delete(exportFileChunks)
    .where(
      and(
        eq(exportFileChunks.jobId, job.id),
        ne(exportFileChunks.claim, claim),
        sql`exists (select 1 from ${jobs} where ${jobs.id} = ${job.id} and ${jobs.status} = 'running' and ${jobs.lockedBy} = ${claim})`,
      ),
    );
  const out = chunkWriter(db, job.id, claim);
  // The responses are read from the replica when there is one (DATABASE_REPLICA_URL); the file's
  // pieces are written to the primary.
  const source = (await getReportDb(db)).db;
  try {
    if (payload.format === "xlsx") {
      const pass = new PassThrough();
      await Promise.all([writeResponsesXlsx(source, filter, pass, { title: consultation.title, signal }).catch((e) => pass.destroy(e)), pipeline(pass, out.stream)]);
    } else {
      await writeResponsesCsv(source, filter, payload.format === "csv-long" ? "long" : "wide", out.stream, { signal });
      await new Promise<void>((resolve, reject) => out.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
  } catch (e) {
    out.stream.destroy();
    await out.settled();
    await db.delete(exportFileChunks).where(own);
    throw e;
  }
  const { chunks, bytes } = out.written();
  const filename = `${consultation.slug}-responses${payload.format === "xlsx" ? "" : payload.format === "csv-long" ? "-long" : "-wide"}.${ext}`;
  return { storage: "database", claim, chunks, filename, contentType: CONTENT_TYPES[ext as "csv" | "xlsx"], bytes, responses: await countSubmittedResponses(db, filter) };
}

export const exportJobHandlers: JobHandlers = {
  [EXPORT_JOB]: runResponsesExportJob,
  [JOB_EXPORT_EXPIRY]: async (db, _payload, _job, { signal }) => ({ expired: await expireExportFiles(db, { signal }) }),
};

/**
 * Claim this one export job (if still queued) and run it in this process. The claim is a
 * conditional update, so if the queue's worker took it first this does nothing. `signal`: the
 * server stopping (workerStopping), when the export is given back for another instance.
 */
export async function runExportJobNow(db: Db, jobId: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  await runJobNow(db, { id: jobId, name: EXPORT_JOB }, exportJobHandlers, { signal: opts.signal });
}

export type ExportJobView = {
  id: string;
  format: ExportFormat;
  status: Job["status"];
  requestedAt: Date;
  requestedByName: string | null;
  finishedAt: Date | null;
  /** The file, while it is kept. */
  result: ExportJobResult | null;
  /** When the file was deleted, its keeping time over. */
  expiredAt: Date | null;
  error: string | null;
};

export async function listExportJobs(db: Db, consultationId: string, actor: Actor, limit = 10): Promise<ExportJobView[]> {
  const { consultation } = await loadConsultationForExport(db, consultationId);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const rows = await db
    .select({ job: jobs, requestedByName: shownName() })
    .from(jobs)
    // Compared as a uuid, so that each row finds its person by the primary key (compared as text,
    // Postgres read every user for every row: 1.3 s with 300,000 users); the jobs by their own index.
    .leftJoin(users, sql`${users.id} = case when ${jobs.payload} ->> 'requestedBy' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${jobs.payload} ->> 'requestedBy')::uuid end`)
    .where(and(eq(jobs.name, EXPORT_JOB), sql`${jobs.payload} ->> 'consultationId' = ${consultation.id}`))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return rows.map(({ job, requestedByName }) => {
    const payload = job.payload as ExportJobPayload;
    const done = job.status === "done" ? (job.result as ExportJobResult) : null;
    return {
      id: job.id,
      format: payload.format,
      status: job.status,
      requestedAt: job.createdAt,
      requestedByName,
      finishedAt: job.finishedAt,
      result: done && !done.expiredAt ? done : null,
      expiredAt: done?.expiredAt ? new Date(done.expiredAt) : null,
      error: job.status === "failed" ? "The export failed. Try again, or ask an administrator to look at the job log." : null,
    };
  });
}

/** A finished export's file, for the download route: checked against the consultation and the actor. */
export async function openExportFile(db: Db, consultationId: string, jobId: string, actor: Actor) {
  const { consultation } = await loadConsultationForExport(db, consultationId);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.name, EXPORT_JOB), inArray(jobs.status, ["done"]), sql`${jobs.payload} ->> 'consultationId' = ${consultation.id}`));
  if (!job) throw new NotFoundError("Export");
  const result = job.result as ExportJobResult;
  if (result.expiredAt) {
    throw new GoneError(
      result.expiredFor === "erasure"
        ? `This export's file was deleted on ${formatDate(result.expiredAt)}, as it named a person whose details were erased at their request. Prepare a new export on the Exports page.`
        : `This export's file was deleted on ${formatDate(result.expiredAt)}: files are kept for ${exportKeepDays()} days. Prepare a new export on the Exports page.`,
    );
  }
  if (result.storage === "database") {
    return { stream: chunkReader(db, job.id, result.claim ?? ""), filename: result.filename, contentType: result.contentType, bytes: result.bytes };
  }
  // An export made before files were kept in the database: on this instance's disk, if at all.
  // The stored name is ours (job id + extension), but never trust a path from the database.
  const file = path.join(exportsDir(), path.basename(result.file ?? ""));
  try {
    await stat(file);
  } catch {
    throw new NotFoundError("Export file");
  }
  return { stream: createReadStream(file), filename: result.filename, contentType: result.contentType, bytes: result.bytes };
}

/** Exports requested, and not yet finished, for a consultation: the page says "being prepared". */
export function hasPendingExports(views: ExportJobView[]): boolean {
  return views.some((v) => v.status === "queued" || v.status === "running");
}

