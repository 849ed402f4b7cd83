// The outbox as the administrator reads it: a page of one line per email (newest first),
// searchable by recipient or subject, and each email on its own page. Paged by keyset on the
// (created_at desc, id desc) index, so every page costs what the first does whatever the outbox
// holds, and counted up to ADMIN_COUNT_CAP; the search is a case-insensitive substring match on
// the two columns.
//
// A receipt holds a copy of a partner's answers, which the administrator may not read (see
// lib/audit/withhold.ts), and a sign-in, invitation, reminder or return-link email a link that
// acts as its person. When SMTP is configured the email reached its recipient by mail, so
// their bodies are withheld here. Without SMTP the outbox is the only way emails reach anyone (the
// demo's sign-in links), so bodies are shown.
import { and, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { readTogether, rowsOf, type Db } from "../../db/client";
import { outbox } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { EMAIL_DELIVERY_KEY_PREFIX } from "../email";
import { LINK_BODY_WITHHELD, LINK_KINDS } from "../email/people";
import { NotFoundError, parseField } from "../errors";
import { formatDateTime, label } from "../format";
import { exactUtc, keysetPage, newestFirstRange, type KeysetDirection } from "../keyset";
import { isUuid, likeContains } from "../sql";
import { cappedCount } from "./counts";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "./cursors";
import { textSearchSchema } from "../input/search";

export const OUTBOX_PAGE_SIZE = 25;

/**
 * When the email's delivery job tries again (its send failed, and the job is waiting for its next
 * attempt), else null: read by the jobs' once-only key (lib/email emailDeliveryKey).
 */
// The outbox's id written out in full: drizzle renders a column of a one-table select unqualified,
// and inside this sub-select "id" would be the job's.
const retryAt = sql<Date | null>`(select j.run_at from jobs j where j.singleton_key = ${EMAIL_DELIVERY_KEY_PREFIX} || "outbox"."id"::text and j.status = 'queued')`.mapWith(
  (v: string | Date | null) => (v === null ? null : new Date(v)),
);

/** An outbox status as the administrator reads it: a failed email whose job will try again says when. */
export function outboxStatusText(status: string, retryAt?: Date | null): string {
  if (status === "failed" && retryAt) return `Failed; will try again at ${formatDateTime(retryAt)}`;
  if (status === "stored") return "Kept in outbox (SMTP not configured)";
  if (status === "queued") return "Waiting to be sent";
  return label(status);
}

/** Kinds of email that carry a partner's answers. */
const ANSWER_KINDS: ReadonlySet<string> = new Set(["receipt"]);

export const WITHHELD_BODY = "Body withheld: contains a partner's answers";

/**
 * Whether the administrator may read this email's body: not a receipt (a partner's answers), nor
 * a link that signs its person in or opens their response (LINK_KINDS: an administrator who
 * followed it would act as that person, the audit log naming them), once it went out by mail.
 * Without SMTP the outbox is how emails reach anyone, so all are shown.
 */
export function outboxBodyWithheld(m: { kind: string; status: string }): boolean {
  return (ANSWER_KINDS.has(m.kind) || LINK_KINDS.has(m.kind)) && m.status !== "stored";
}

/** What is shown in place of a withheld body. */
export function withheldBodyText(kind: string): string {
  return LINK_KINDS.has(kind) ? LINK_BODY_WITHHELD : WITHHELD_BODY;
}

/**
 * A page of the outbox, newest first: the first OUTBOX_PAGE_SIZE emails, or those just older
 * than the cursor `after`, or just newer than `before`. `q` finds emails whose recipient or
 * subject contains it; `to` (an exact address, as links from elsewhere carry) only that person's.
 * Either, refused by its schema (too long, a NUL), is refused at its field. `total` stops at
 * ADMIN_COUNT_CAP + 1.
 */
export async function listOutboxPage(db: Db, input: { q?: string; to?: string; after?: unknown; before?: unknown }, actor: Actor) {
  authorize(actor, "admin.manage", { kind: "system" });
  const q = parseField(textSearchSchema, input.q ?? "", "q");
  const to = parseField(textSearchSchema, input.to ?? "", "to").toLowerCase();
  const filters: SQL[] = [];
  if (q) filters.push(or(ilike(outbox.to, likeContains(q)), ilike(outbox.subject, likeContains(q)))!);
  if (to) filters.push(eq(outbox.to, to));
  const where = filters.length ? and(...filters) : undefined;
  const read = (from: TimeCursor | null, direction: KeysetDirection, limit: number) => {
    const range = newestFirstRange(outbox.createdAt, outbox.id, from, direction);
    return db
      .select({ id: outbox.id, to: outbox.to, subject: outbox.subject, kind: outbox.kind, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt, retryAt, at: exactUtc(outbox.createdAt) })
      .from(outbox)
      .where(and(where, range.where))
      .orderBy(...range.orderBy)
      .limit(limit);
  };
  const [page, [total]] = await readTogether(db, [
    () => keysetPage(read, { down: decodeTimeCursor(input.after), up: decodeTimeCursor(input.before) }, OUTBOX_PAGE_SIZE, (r) => ({ at: r.at, id: r.id }), encodeTimeCursor),
    () => rowsOf<{ n: number }>(db, sql`select ${cappedCount(outbox, where)} as n`),
  ]);
  const rows = page.rows.map(({ at: _at, ...row }) => row);
  return { rows, total: Number(total?.n ?? 0), previous: page.previous, next: page.next, q, to };
}

/** One email, its body withheld when it holds a partner's answers and went out by SMTP. */
export async function getOutboxMessage(db: Db, id: string, actor: Actor) {
  authorize(actor, "admin.manage", { kind: "system" });
  if (!isUuid(id)) throw new NotFoundError("Email");
  const [row] = await db.select({ m: outbox, retryAt }).from(outbox).where(eq(outbox.id, id));
  if (!row) throw new NotFoundError("Email");
  const { m } = row;
  const withheld = outboxBodyWithheld(m);
  return { ...m, retryAt: row.retryAt, text: withheld ? withheldBodyText(m.kind) : m.text, html: withheld ? null : m.html, withheld };
}
