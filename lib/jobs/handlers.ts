// Every kind of background job the worker knows how to run.
import { closeDueConsultations } from "../consultations/publishing";
import { exportJobHandlers } from "../exports/jobs";
import { invitationJobHandlers } from "../invitations/emails";
import { JOB_CLOSING_SCAN, notifyClosingSoon } from "../notifications/closing";
import { notificationJobHandlers } from "../notifications/email";
import type { JobHandlers } from "./queue";
import { JOB_PERIOD_SCAN, runPeriodScan } from "../action-plans/periods";

export const JOB_CLOSE_DUE = "consultations.close_due";

export const jobHandlers: JobHandlers = {
  ...invitationJobHandlers,
  ...exportJobHandlers,
  ...notificationJobHandlers,
  [JOB_CLOSING_SCAN]: async (db) => ({ notified: await notifyClosingSoon(db) }),
  [JOB_CLOSE_DUE]: async (db) => ({ closed: await closeDueConsultations(db) }),
  [JOB_PERIOD_SCAN]: async (db) => runPeriodScan(db),
};

/** Jobs the worker queues once a day (deduplicated by name and date across servers). */
export const dailyJobs = [{ name: "reminders.scan" }, { name: JOB_CLOSE_DUE }, { name: JOB_CLOSING_SCAN }, { name: JOB_PERIOD_SCAN }];
