// What each kind of background job does, in words, as the administrator's jobs page says it
// (lib/admin/jobs). A module of its own, free of the database, so the journeys can read it too.

/** What each kind of job does, as the page says it. */
export const JOB_TEXT: Record<string, string> = {
  "email.deliver": "Email",
  "email.invitation": "Invitation email",
  "email.reminder": "Reminder email",
  "reminders.scan": "Daily check for reminders due",
  "notifications.email": "Notification emails",
  "notifications.closing_scan": "Daily check for consultations closing soon",
  "consultations.close_due": "Daily closing of consultations past their date",
  "export.responses": "Export of responses",
  "exports.expire": "Daily deletion of export files past their keeping time",
  "email.expire": "Daily deletion of old emails' text",
  "auth.expire_links": "Daily deletion of expired sign-in links",
  "notifications.prune": "Daily deletion of read notifications over 180 days old",
  "jobs.prune": "Daily deletion of finished jobs over 30 days old",
  "analysis.suggest_themes": "Theme suggestions",
  "outcome.notify": "Emails that an outcome is published",
  "publication.retention": "Daily removal of names and emails past their retention period",
  "action_plans.period_scan": "Daily check of progress return periods",
  "documents.stage_scan": "Daily check of draft document stages",
  "system.worker_check": "Worker check",
};

export function jobText(name: string): string {
  return JOB_TEXT[name] ?? name;
}
