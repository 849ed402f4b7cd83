// Every email is recorded in the outbox (lib/email), and its text holds what was sent: a
// receipt's copy of the answers, an outcome email's greeting by name, links. A daily job deletes
// the text (and HTML) of emails made more than OUTBOX_KEEP_DAYS ago, keeping the line that says
// to whom, what, when and whether it went (the outbox page, an invitation's delivery). An email
// not yet sent keeps its text until it is.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { settings } from "../config";
import { inBatches } from "../jobs/queue";

/** The daily job that deletes the text of old emails. */
export const JOB_EMAIL_EXPIRY = "email.expire";

/** Emails whose text one statement deletes (one transaction: a few thousand rows' worth of text). */
export const EMAIL_EXPIRY_BATCH = 2_000;

/** Days an email's text is kept (OUTBOX_KEEP_DAYS). */
export function outboxKeepDays(): number {
  return settings().outboxKeepDays;
}

/**
 * Deletes the text of emails made before `now` less `keepDays` whose sending is over (sent,
 * stored without SMTP, or failed), in batches read from the kept texts' index oldest first,
 * each taken with SKIP LOCKED (two instances running it share the work); stops between batches
 * when `signal` is aborted. Returns how many emails lost their text.
 */
export async function expireEmailBodies(db: Db, o: { now?: Date; keepDays?: number; signal?: AbortSignal } = {}): Promise<number> {
  const now = o.now ?? new Date();
  const cutoff = new Date(now.getTime() - (o.keepDays ?? outboxKeepDays()) * 86_400_000);
  return inBatches(EMAIL_EXPIRY_BATCH, o.signal, async () => {
    const done = await rowsOf<{ id: string }>(
      db,
      sql`update outbox set text = '', html = null, body_deleted_at = ${now.toISOString()}::timestamptz
          where id in (
            select id from outbox
            where body_deleted_at is null and created_at < ${cutoff.toISOString()}::timestamptz and status <> 'queued'
            order by created_at limit ${EMAIL_EXPIRY_BATCH} for update skip locked)
          returning id`,
    );
    return done.length;
  });
}
