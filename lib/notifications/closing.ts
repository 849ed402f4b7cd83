// The daily scan that tells invited partners a consultation closes soon: from the
// consultation's reminder days before its closing date (or CLOSING_NOTICE_DAYS when it has
// none), once per person per closing date, to contacts whose organisation has not submitted.
import { and, eq, gt, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations } from "../../db/schema";
import { addDays, ukDate } from "../consultations/dates";
import { formatDate } from "../format";
import { notify, paths } from "./record";

export const JOB_CLOSING_SCAN = "notifications.closing_scan";
/** Days before the closing date to notify when the consultation sets no reminder days. */
export const CLOSING_NOTICE_DAYS = 3;

export async function notifyClosingSoon(db: Db, now = new Date()): Promise<number> {
  const today = ukDate(now)!;
  const open = await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.status, "open"), isNotNull(consultations.closesAt), gt(consultations.closesAt, now)));
  let total = 0;
  for (const c of open) {
    const closing = ukDate(c.closesAt)!;
    const days = c.reminderDaysBefore ?? CLOSING_NOTICE_DAYS;
    if (today < addDays(closing, -days) || today > closing) continue;
    const { written } = await db.transaction((tx) =>
      notify(tx, {
        kind: "consultation_closing",
        recipients: { invitedTo: c.id, notSubmitted: true },
        consultationId: c.id,
        title: `“${c.title}” closes on ${formatDate(c.closesAt)}, and your organisation has not submitted a response yet`,
        path: paths.respond(c.slug),
        actorId: null,
        // With automatic reminders on, the reminder email (with its sign-in link) is this
        // notification's email; it is not sent twice.
        email: c.reminderDaysBefore === null,
        dedupeKey: `closing:${c.id}:${closing}`,
        now,
      }),
    );
    total += written;
  }
  return total;
}
