// The question bank: the questions of a council's other consultations, searched by their
// wording and hint (Postgres full-text search), to copy into the consultation being edited.
// Only the owning council's consultations are searched: another council's never appear.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import type { QuestionLimits, QuestionType } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { InvalidError } from "../errors";

export const BANK_QUERY_MAX = 200;
export const BANK_PAGE = 25;

export type BankQuestion = {
  id: string;
  number: string;
  text: string;
  hint: string;
  type: QuestionType;
  options: string[];
  limits: QuestionLimits;
  required: boolean;
  consultationId: string;
  consultationTitle: string;
  chapter: string;
};

/**
 * Questions from the council's other consultations matching `query` (websearch syntax:
 * words, "a phrase", -not), best match first; with no query, the newest consultations' first.
 * A question asked the same way in several consultations (a duplicated questionnaire) is
 * listed once, from the newest. At most BANK_PAGE, with whether there were more.
 */
export async function searchQuestionBank(db: Db, input: { consultationId: string; query?: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.manage", actor);
  const text = (input.query ?? "").trim();
  if (text.length > BANK_QUERY_MAX) {
    throw new InvalidError(`Search must be ${BANK_QUERY_MAX} characters or fewer`, { q: `Search must be ${BANK_QUERY_MAX} characters or fewer` });
  }
  const tsq = sql`websearch_to_tsquery('english', ${text})`;
  const match = text ? sql`to_tsvector('english', q.text || ' ' || q.hint) @@ ${tsq}` : sql`true`;
  const rank = text ? sql`ts_rank(to_tsvector('english', q.text || ' ' || q.hint), ${tsq})` : sql`0`;
  const rows = await rowsOf<BankQuestion>(db, sql`
    with found as (
      select distinct on (q.type, q.text, q.hint, q.options)
        q.id, q.number, q.text, q.hint, q.type, q.options, q.limits, q.required,
        c.id as "consultationId", c.title as "consultationTitle", s.title as chapter,
        ${rank} as rank, c.created_at as "createdAt", q.position
      from questions q
      join consultations c on c.id = q.consultation_id
      join sections s on s.id = q.section_id
      where c.owner_organisation_id = ${c.ownerOrganisationId} and c.id <> ${c.id} and ${match}
      order by q.type, q.text, q.hint, q.options, c.created_at desc
    )
    select id, number, text, hint, type, options, limits, required, "consultationId", "consultationTitle", chapter
    from found
    order by rank desc, "createdAt" desc, position
    limit ${BANK_PAGE + 1}`);
  return { consultation: c, query: text, questions: rows.slice(0, BANK_PAGE), more: rows.length > BANK_PAGE };
}
