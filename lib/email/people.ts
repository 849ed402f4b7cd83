// A person's emails in the outbox, for their data on request and for erasing them. Every email
// is recorded in the outbox (lib/email), so it holds each person's address and what was sent to
// them: a receipt's copy of their answers, an outcome email greeting them by name, the link back
// to a response (and the sign-in links made for their address). Erasure and the retention job remove the person's name and address from their
// account, so they remove these too; an access request shows them.
import { and, asc, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { outbox } from "../../db/schema";
import { deleteSignInLinksTo } from "../invitations/sign-in-link";

export type Person = { id: string; email: string };

/** The outbox rows addressed to the people: by account (user_id) or by address (emails sent before an account existed, or without one). */
function addressedTo(people: readonly Person[]) {
  const ids = people.map((p) => p.id);
  const emails = people.map((p) => p.email.toLowerCase());
  return or(inArray(outbox.userId, ids), inArray(outbox.to, emails))!;
}

/**
 * Kinds of email whose body holds a link that signs the person in or opens their response
 * (working for a while after it is sent): left out of what an administrator is handed.
 */
export const LINK_KINDS: ReadonlySet<string> = new Set(["sign_in", "return_link", "invitation", "reminder"]);
export const LINK_BODY_WITHHELD = "Body withheld: it holds a link that signs the person in or opens their response";

/** The emails sent to a person, oldest first, for their data on request (links that sign in withheld). */
export async function emailsTo(db: Db, person: Person) {
  const rows = await db
    .select({ to: outbox.to, subject: outbox.subject, kind: outbox.kind, status: outbox.status, text: outbox.text, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .where(addressedTo([person]))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
  return rows.map((m) => ({
    to: m.to,
    subject: m.subject,
    kind: m.kind,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    text: LINK_KINDS.has(m.kind) ? LINK_BODY_WITHHELD : m.text,
  }));
}

/**
 * Deletes everything sent to the people that names them (erasure, retention): every email in the
 * outbox to them, by account or by address, and the sign-in links made for their addresses
 * (opened or not). Returns how many of each.
 */
export async function deleteWhatWasSentTo(db: Db, people: readonly Person[]): Promise<{ emails: number; signInLinks: number }> {
  if (!people.length) return { emails: 0, signInLinks: 0 };
  const gone = await db.delete(outbox).where(addressedTo(people)).returning({ id: outbox.id });
  const signInLinks = await deleteSignInLinksTo(db, people.map((p) => p.email));
  return { emails: gone.length, signInLinks };
}

/**
 * Deletes the emails about the consultations that went to members of the public (anyone holding
 * no role in an organisation: receipts, links back, outcome emails), for the retention job once
 * the consultations' retention periods have ended; the consultation of each one deleted. The
 * emails to staff and partners about them stay, as their responses do.
 */
export async function deletePublicEmailsAbout(db: Db, consultationIds: readonly string[]): Promise<string[]> {
  if (!consultationIds.length) return [];
  const gone = await db
    .delete(outbox)
    .where(
      and(
        inArray(outbox.consultationId, [...consultationIds]),
        // Two tests rather than one with OR, so that each reads an index (users' email, memberships' user).
        sql`not exists (select 1 from users u join memberships m on m.user_id = u.id where u.email = ${outbox.to})`,
        sql`not exists (select 1 from memberships m where m.user_id = ${outbox.userId})`,
      ),
    )
    .returning({ consultationId: outbox.consultationId });
  return gone.map((m) => m.consultationId!);
}
