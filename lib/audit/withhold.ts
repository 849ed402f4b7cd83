// What an audit reader may see of a partner's answers. A save's entry keeps the text written
// (and a refused, conflicting attempt, which survives nowhere else), but the audit log is read
// by more people than may read responses: an administrator has no right to read them, and a
// council's admin none to its partners' answers. So the text is withheld at the one place the
// log is read, for every entry, old and new alike, from anyone the policy does not let read
// that organisation's response: they see which questions changed, how long each answer is and a
// fingerprint (equal texts, equal fingerprints), enough to follow the history, not to read it.
// Chosen over dropping the text when writing: the product promises no edit is ever lost, and
// the entry is where an attempt refused as a conflict is kept for those who may read it.
import { createHmac } from "node:crypto";
import { can, hasRole, type Actor } from "../auth/policy";
import { authSecret } from "../config";

export type AuditedAnswerRow = {
  action: string;
  entityType: string;
  organisationId: string | null;
  consultationOwnerId: string | null;
  before: unknown;
  after: unknown;
};

/** Entries that carry a partner organisation's answer text. */
function carriesAnswers(row: Pick<AuditedAnswerRow, "action" | "entityType">): boolean {
  return row.entityType === "response" && row.action === "response.save";
}

/** Keyed, so that a short answer ("Yes") cannot be found by hashing guesses. */
function fingerprint(text: string): string {
  return createHmac("sha256", authSecret()).update(text).digest("hex").slice(0, 10);
}

export function withheldText(text: string): string {
  return `Answer withheld: ${[...text].length} characters, fingerprint ${fingerprint(text)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every string in a map of question → text (or anything else) replaced by its summary. */
function withholdAll(v: unknown): unknown {
  if (typeof v === "string") return withheldText(v);
  if (Array.isArray(v)) return v.map(withholdAll);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withholdAll(x)]));
  return v;
}

/** Whether `actor` may read the answers an entry of a response carries. */
export function mayReadAnswersOf(actor: Actor, row: Pick<AuditedAnswerRow, "organisationId" | "consultationOwnerId">): boolean {
  if (!row.organisationId || !row.consultationOwnerId) return false;
  return can(actor, "response.read", { kind: "response", organisationId: row.organisationId, consultationOwnerOrganisationId: row.consultationOwnerId });
}

/** The comment's own words in a document comment's entry (its stance and paragraph stay). */
const COMMENT_TEXT_KEYS = new Set(["text", "proposedChange", "quote"]);

function withholdKeys(v: unknown, keys: ReadonlySet<string>): unknown {
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keys.has(k) && typeof x === "string" ? withheldText(x) : x]));
}

/** A tag entry's passages ("Theme: “passage”"): the theme named, the quoted answer withheld. */
function withholdPassages(v: unknown): unknown {
  if (!isRecord(v) || !Array.isArray(v.themes)) return v;
  return { ...v, themes: v.themes.map((t) => (typeof t === "string" && t.includes(": “") ? `${t.slice(0, t.indexOf(": “"))}: ${withheldText(t.slice(t.indexOf(": “") + 3, -1))}` : t)) };
}

/**
 * The entry as `actor` may see it: a response's answer texts withheld unless they may read that
 * response; a document comment's words (its drafts too, which the council does not see) unless
 * they act for the organisation that wrote it; the answer passages quoted in a tag entry unless
 * they may read the consultation's responses.
 */
export function withholdAnswers<R extends AuditedAnswerRow>(row: R, actor: Actor): R {
  if (row.entityType === "document_comment" && (row.action === "document_comment.save" || row.action === "document_comment.delete")) {
    if (row.organisationId && hasRole(actor, "partner", row.organisationId) && !actor.apiKeyScope) return row;
    return { ...row, before: withholdKeys(row.before, COMMENT_TEXT_KEYS), after: withholdKeys(row.after, COMMENT_TEXT_KEYS) };
  }
  if (row.action === "answer_tags.set") {
    if (row.consultationOwnerId && can(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: row.consultationOwnerId })) return row;
    return { ...row, before: withholdPassages(row.before), after: withholdPassages(row.after) };
  }
  if (!carriesAnswers(row) || mayReadAnswersOf(actor, row)) return row;
  return { ...row, before: withholdAll(row.before), after: withholdAll(row.after) };
}
