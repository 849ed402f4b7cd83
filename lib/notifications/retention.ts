// Notifications are kept only while they are worth reading: a daily job deletes those made more
// than NOTIFICATION_KEEP_DAYS ago that the person has read (or that were never listed, being
// muted in the app, once their email has gone). Officers get one per response submitted, so
// without it a busy consultation leaves each of them hundreds of thousands of rows for ever.
import { and, isNotNull, isNull, lt, ne, not, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications } from "../../db/schema";
import { inBatches } from "../jobs/queue";
import { affectedRows } from "./commands";

/** The daily job that deletes old read notifications. */
export const JOB_NOTIFICATION_PRUNE = "notifications.prune";

/** Days a read notification is kept (on the person's list) before it goes. */
export const NOTIFICATION_KEEP_DAYS = 180;

/** Notifications one statement deletes. */
export const NOTIFICATION_PRUNE_BATCH = 5_000;

/**
 * Deletes, in batches (each its own short statement), notifications made before `now` less
 * `keepDays` that are read or not listed, and whose email is not still to go. Unread ones stay:
 * the person has not seen them. A notification with a once-only key stays too: it is the record
 * that stops the same notice going to the person twice (a council's answer to a comment edited a
 * year later would otherwise tell them again); there is one per person per event, not per
 * response. Stops between batches when `signal` is aborted. Returns how many went.
 */
export async function pruneReadNotifications(db: Db, o: { now?: Date; keepDays?: number; signal?: AbortSignal } = {}): Promise<number> {
  const cutoff = new Date((o.now ?? new Date()).getTime() - (o.keepDays ?? NOTIFICATION_KEEP_DAYS) * 86_400_000);
  const prunable = and(
    lt(notifications.createdAt, cutoff),
    or(isNotNull(notifications.readAt), not(notifications.inApp)),
    isNull(notifications.dedupeKey),
    ne(notifications.emailState, "pending"),
  );
  return inBatches(NOTIFICATION_PRUNE_BATCH, o.signal, async () =>
    affectedRows(
      await db.execute(
        sql`delete from ${notifications} where ${notifications.id} in (
              select ${notifications.id} from ${notifications} where ${prunable}
              limit ${NOTIFICATION_PRUNE_BATCH} for update skip locked)`,
      ),
    ),
  );
}
