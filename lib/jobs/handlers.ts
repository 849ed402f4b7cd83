// Every kind of background job the worker knows how to run.
import { analysisJobHandlers } from "../analysis/suggestions";
import { closeDueConsultations } from "../consultations/publishing";
import { exportJobHandlers } from "../exports/jobs";
import { invitationJobHandlers } from "../invitations/emails";
import { JOB_CLOSING_SCAN, notifyClosingSoon } from "../notifications/closing";
import { notificationJobHandlers } from "../notifications/email";
import type { JobHandlers } from "./queue";

export const JOB_CLOSE_DUE = "consultations.close_due";

export const jobHandlers: JobHandlers = {
  ...invitationJobHandlers,
  ...exportJobHandlers,
  ...notificationJobHandlers,
  ...analysisJobHandlers,
  [JOB_CLOSING_SCAN]: async (db) => ({ notified: await notifyClosingSoon(db) }),
  [JOB_CLOSE_DUE]: async (db) => ({ closed: await closeDueConsultations(db) }),
};

/** Jobs the worker queues once a day (deduplicated by name and date across servers). */
export const dailyJobs = [{ name: "reminders.scan" }, { name: JOB_CLOSE_DUE }, { name: JOB_CLOSING_SCAN }];
