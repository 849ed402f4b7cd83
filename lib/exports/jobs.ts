// Background exports of all responses (CSV wide or long, XLSX) for consultations too large to
// download while the officer waits. A job on the jobs-table queue (lib/jobs) writes the file
// under DATA_DIR/exports/ and records where; the officer downloads it from a permission-checked
// route. The web process also starts the job at once (runExportJobNow), and the queue's worker
// picks up any that a restart interrupted.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dataDir } from "../../db/client";
import { jobs, users, type Job } from "../../db/schema";
import { writeAudit } from "../audit";
import { loadActor } from "../auth/actor";
import { authorize, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { enqueueJob, runJob, type JobHandlers } from "../jobs/queue";
import { loadConsultationForExport } from "./council-response";
import { CONTENT_TYPES } from "./documents";
import { writeResponsesCsv, writeResponsesXlsx } from "./responses-export";
import { countSubmittedResponses } from "./responses-source";

export const EXPORT_JOB = "export.responses";
export const EXPORT_FORMATS = ["csv-wide", "csv-long", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Above this many responses the page offers the background export instead of a direct XLSX. */
export const DIRECT_EXPORT_LIMIT = 2_000;

export type ExportJobPayload = { consultationId: string; format: ExportFormat; requestedBy: string };
export type ExportJobResult = { file: string; filename: string; contentType: string; bytes: number; responses: number };

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
export async function runResponsesExportJob(db: Db, raw: Record<string, unknown>, job: Job): Promise<ExportJobResult> {
  const payload = raw as ExportJobPayload;
  const { consultation } = await loadConsultationForExport(db, payload.consultationId);
  // The requester's roles are checked again: one removed since the request gets nothing.
  const actor = await loadActor(db, payload.requestedBy);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const dir = exportsDir();
  await mkdir(dir, { recursive: true });
  const ext = EXTENSION[payload.format];
  const file = `${job.id}.${ext}`;
  const final = path.join(dir, file);
  const partial = `${final}.partial`;
  const filter = { consultationId: consultation.id };
  const out = createWriteStream(partial);
  try {
    if (payload.format === "xlsx") {
      const pass = new PassThrough();
      await Promise.all([writeResponsesXlsx(db, filter, pass, { title: consultation.title }), pipeline(pass, out)]);
    } else {
      await writeResponsesCsv(db, filter, payload.format === "csv-long" ? "long" : "wide", out);
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
    await rename(partial, final);
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    throw e;
  }
  const { size } = await stat(final);
  const filename = `${consultation.slug}-responses${payload.format === "xlsx" ? "" : payload.format === "csv-long" ? "-long" : "-wide"}.${ext}`;
  return { file, filename, contentType: CONTENT_TYPES[ext as "csv" | "xlsx"], bytes: size, responses: await countSubmittedResponses(db, filter) };
}

export const exportJobHandlers: JobHandlers = { [EXPORT_JOB]: runResponsesExportJob };

/**
 * Claim this one export job (if still queued) and run it in this process. The claim is a
 * conditional update, so if the queue's worker took it first this does nothing.
 */
export async function runExportJobNow(db: Db, jobId: string): Promise<void> {
  const [claimed] = await db
    .update(jobs)
    .set({ status: "running", lockedAt: new Date(), attempts: sql`${jobs.attempts} + 1` })
    .where(and(eq(jobs.id, jobId), eq(jobs.name, EXPORT_JOB), eq(jobs.status, "queued")))
    .returning();
  if (claimed) await runJob(db, claimed, exportJobHandlers);
}

export type ExportJobView = {
  id: string;
  format: ExportFormat;
  status: Job["status"];
  requestedAt: Date;
  requestedByName: string | null;
  finishedAt: Date | null;
  result: ExportJobResult | null;
  error: string | null;
};

export async function listExportJobs(db: Db, consultationId: string, actor: Actor, limit = 10): Promise<ExportJobView[]> {
  const { consultation } = await loadConsultationForExport(db, consultationId);
  authorize(actor, "consultation.read_responses", councilResource(consultation.ownerOrganisationId));
  const rows = await db
    .select({ job: jobs, requestedByName: users.name })
    .from(jobs)
    .leftJoin(users, sql`${users.id}::text = ${jobs.payload} ->> 'requestedBy'`)
    .where(and(eq(jobs.name, EXPORT_JOB), sql`${jobs.payload} ->> 'consultationId' = ${consultation.id}`))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return rows.map(({ job, requestedByName }) => {
    const payload = job.payload as ExportJobPayload;
    return {
      id: job.id,
      format: payload.format,
      status: job.status,
      requestedAt: job.createdAt,
      requestedByName,
      finishedAt: job.finishedAt,
      result: job.status === "done" ? (job.result as ExportJobResult) : null,
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
  // The stored name is ours (job id + extension), but never trust a path from the database.
  const file = path.join(exportsDir(), path.basename(result.file));
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

