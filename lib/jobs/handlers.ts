// Every kind of background job the worker knows how to run.
import { setTimeout as sleep } from "node:timers/promises";
import { JOB_PERIOD_SCAN, runPeriodScan } from "../action-plans/periods";
import { analysisGiveUps, analysisJobHandlers } from "../analysis/suggestions";
import { writeAudit } from "../audit";
import { closeDueConsultations } from "../consultations/publishing";
import { JOB_DOCUMENT_SCAN, runDocumentScan } from "../documents/notices";
import { exportJobHandlers, JOB_EXPORT_EXPIRY } from "../exports/jobs";
import { emailGiveUps, emailJobHandlers, JOB_EMAIL_DELIVER } from "../email";
import { expireEmailBodies, JOB_EMAIL_EXPIRY } from "../email/expiry";
import { invitationJobHandlers } from "../invitations/emails";
import { deleteExpiredSignInLinks, JOB_SIGN_IN_LINK_EXPIRY } from "../invitations/sign-in-link";
import { JOB_CLOSING_SCAN, notifyClosingSoon } from "../notifications/closing";
import { notificationJobHandlers } from "../notifications/email";
import { JOB_NOTIFICATION_PRUNE, pruneReadNotifications } from "../notifications/retention";
import { outcomeJobHandlers } from "../public/outcomes";
import { applyRetention, JOB_RETENTION } from "../public/retention";
import { instanceName, pruneFinishedJobs, type GiveUpHandlers, type JobHandlers } from "./queue";

export const JOB_CLOSE_DUE = "consultations.close_due";

/** The daily job that deletes finished jobs nothing reads any more (pruneFinishedJobs). */
export const JOB_PRUNE = "jobs.prune";
/** Days a finished job of those kinds is kept (on the administrator's jobs page) before it goes. */
export const PRUNE_KEEP_DAYS = 30;

/**
 * A check that the background workers run: each such job writes one audit entry naming the
 * instance (INSTANCE_NAME, else host and process id) that ran it. A hosting provider queues a few
 * to see every instance's worker take its share; the multi-instance test queues many to show that
 * each job runs exactly once (bench/instances.ts). With `holdMs` in its payload (at most
 * WORKER_CHECK_MAX_HOLD_MS) it holds its worker that long first, stopping if the run is told to:
 * an instance stopped while it holds one shows that another instance finishes it.
 */
export const JOB_WORKER_CHECK = "system.worker_check";
export const WORKER_CHECK_MAX_HOLD_MS = 60_000;

export { instanceName };

export const jobHandlers: JobHandlers = {
  ...emailJobHandlers,
  ...invitationJobHandlers,
  ...exportJobHandlers,
  ...notificationJobHandlers,
  ...analysisJobHandlers,
  ...outcomeJobHandlers,
  [JOB_RETENTION]: async (db) => applyRetention(db),
  [JOB_CLOSING_SCAN]: async (db) => ({ notified: await notifyClosingSoon(db) }),
  [JOB_CLOSE_DUE]: async (db) => ({ closed: await closeDueConsultations(db) }),
  [JOB_PERIOD_SCAN]: async (db) => runPeriodScan(db),
  [JOB_EMAIL_EXPIRY]: async (db, _payload, _job, { signal }) => ({ deleted: await expireEmailBodies(db, { signal }) }),
  [JOB_DOCUMENT_SCAN]: async (db) => runDocumentScan(db),
  [JOB_SIGN_IN_LINK_EXPIRY]: async (db) => ({ deleted: await deleteExpiredSignInLinks(db) }),
  [JOB_NOTIFICATION_PRUNE]: async (db, _payload, _job, { signal }) => ({ deleted: await pruneReadNotifications(db, { signal }) }),
  [JOB_PRUNE]: async (db, _payload, _job, { signal }) => ({ deleted: await pruneFinishedJobs(db, { names: prunedJobs(), keepDays: PRUNE_KEEP_DAYS, signal }) }),
  [JOB_WORKER_CHECK]: async (db, payload, job, { signal }) => {
    const holdMs = Math.min(Math.max(0, Math.floor(Number(payload.holdMs) || 0)), WORKER_CHECK_MAX_HOLD_MS);
    if (holdMs) await sleep(holdMs, undefined, { signal });
    const instance = instanceName();
    await writeAudit(db, { actorId: null, action: "system.worker_check", entityType: "job", entityId: job.id, after: { instance } });
    return { instance };
  },
};

/** What to do when a job fails for good because its claim lapsed at its last attempt (its handler never said). */
export const jobGiveUps: GiveUpHandlers = { ...analysisGiveUps, ...emailGiveUps };

/** Jobs the worker queues once a day (deduplicated by name and date across servers). */
export const dailyJobs = [
  { name: "reminders.scan" },
  { name: JOB_CLOSE_DUE },
  { name: JOB_CLOSING_SCAN },
  { name: JOB_PERIOD_SCAN },
  { name: JOB_DOCUMENT_SCAN },
  { name: JOB_RETENTION },
  { name: JOB_EXPORT_EXPIRY },
  { name: JOB_EMAIL_EXPIRY },
  { name: JOB_SIGN_IN_LINK_EXPIRY },
  { name: JOB_NOTIFICATION_PRUNE },
  { name: JOB_PRUNE },
];

/** The kinds pruned: each email's delivery, the daily jobs (their once-only keys hold the date) and the worker checks. */
export function prunedJobs(): string[] {
  return [JOB_EMAIL_DELIVER, JOB_WORKER_CHECK, ...dailyJobs.map((d) => d.name)];
}
