// Every kind of background job the worker knows how to run.
import os from "node:os";
import { JOB_PERIOD_SCAN, runPeriodScan } from "../action-plans/periods";
import { analysisJobHandlers } from "../analysis/suggestions";
import { writeAudit } from "../audit";
import { closeDueConsultations } from "../consultations/publishing";
import { JOB_DOCUMENT_SCAN, runDocumentScan } from "../documents/notices";
import { exportJobHandlers } from "../exports/jobs";
import { invitationJobHandlers } from "../invitations/emails";
import { JOB_CLOSING_SCAN, notifyClosingSoon } from "../notifications/closing";
import { notificationJobHandlers } from "../notifications/email";
import { outcomeJobHandlers } from "../public/outcomes";
import { applyRetention, JOB_RETENTION } from "../public/retention";
import type { JobHandlers } from "./queue";

export const JOB_CLOSE_DUE = "consultations.close_due";

/**
 * A check that the background workers run: each such job writes one audit entry naming the
 * instance (INSTANCE_NAME, else host and process id) that ran it. A hosting provider queues a few
 * to see every instance's worker take its share; the multi-instance test queues many to show that
 * each job runs exactly once (bench/instances.ts).
 */
export const JOB_WORKER_CHECK = "system.worker_check";

export function instanceName(): string {
  return process.env.INSTANCE_NAME || `${os.hostname()}:${process.pid}`;
}

export const jobHandlers: JobHandlers = {
  ...invitationJobHandlers,
  ...exportJobHandlers,
  ...notificationJobHandlers,
  ...analysisJobHandlers,
  ...outcomeJobHandlers,
  [JOB_RETENTION]: async (db) => applyRetention(db),
  [JOB_CLOSING_SCAN]: async (db) => ({ notified: await notifyClosingSoon(db) }),
  [JOB_CLOSE_DUE]: async (db) => ({ closed: await closeDueConsultations(db) }),
  [JOB_PERIOD_SCAN]: async (db) => runPeriodScan(db),
  [JOB_DOCUMENT_SCAN]: async (db) => runDocumentScan(db),
  [JOB_WORKER_CHECK]: async (db, _payload, job) => {
    const instance = instanceName();
    await writeAudit(db, { actorId: null, action: "system.worker_check", entityType: "job", entityId: job.id, after: { instance } });
    return { instance };
  },
};

/** Jobs the worker queues once a day (deduplicated by name and date across servers). */
export const dailyJobs = [{ name: "reminders.scan" }, { name: JOB_CLOSE_DUE }, { name: JOB_CLOSING_SCAN }, { name: JOB_PERIOD_SCAN }, { name: JOB_DOCUMENT_SCAN }, { name: JOB_RETENTION }];
