// Tagging many answers at once (a selection, or every answer matching a search) and tagging a
// passage given as the words copied from the answer, which is how a keyboard-only officer or a
// browser without JavaScript highlights one. Each bulk change is one transaction with one
// audit entry, and bumps the tag version of every answer it changed (so open forms see it).
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { answers, responses, themes } from "../../db/schema";
import { writeAudit } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { InvalidError, NotFoundError } from "../errors";
import { setAnswerTags, splitTheme, tagAnswer, type AnswerTagsState } from "./codeframe";
import type { BulkTagInput, ConsultationAnswer, PassageTagInput } from "./schemas";

/** Where `quote` sits in `text`: exactly, else ignoring case and runs of white space. */
export function findPassage(text: string, quote: string): { start: number; end: number } | null {
  const q = quote.trim();
  if (!q) return null;
  const at = text.indexOf(q);
  if (at >= 0) return { start: at, end: at + q.length };
  const words = q.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const m = new RegExp(words.join("\\s+"), "i").exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** The text of an answer of the consultation, for one who may analyse it (refused, or not found, otherwise). */
async function answerTextFor(db: Db, input: ConsultationAnswer, actor: Actor): Promise<string> {
  const c = await consultationFor(db, input.consultationId, "analysis.edit", actor);
  const [a] = await db
    .select({ text: answers.valueText })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .where(and(eq(answers.responseId, input.responseId), eq(answers.questionId, input.questionId), eq(responses.consultationId, c.id)));
  if (!a) throw new NotFoundError("Answer");
  return a.text;
}

/** Tag `passage` of the answer with the theme: one that spans the whole text is the whole answer's tag. */
function tagPassageOf(db: Db, input: ConsultationAnswer & { themeId: string }, text: string, passage: { start: number; end: number }, actor: Actor) {
  const whole = passage.start === 0 && passage.end === text.length;
  const { consultationId, questionId, responseId, themeId } = input;
  return tagAnswer(db, { consultationId, questionId, responseId, themeId, passage: whole ? null : passage }, actor);
}

/** Whether index `i` of `text` falls between the two halves of one character (a surrogate pair: an emoji, say). */
function splitsCharacter(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const at = text.charCodeAt(i);
  return before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff;
}

/** Tag the passage of an answer that `quote` copies, refused next to the field if it is not in the answer. */
export async function tagPassageByQuote(db: Db, input: PassageTagInput, actor: Actor): Promise<AnswerTagsState> {
  // Only an answer of this consultation: the quote is checked against its text before the theme.
  const text = await answerTextFor(db, input, actor);
  const passage = findPassage(text, input.quote);
  if (!passage) throw new InvalidError("Those words are not in the answer: copy them exactly", { quote: "Those words are not in the answer: copy them exactly" });
  return tagPassageOf(db, input, text, passage, actor);
}

/**
 * Tag the passage of an answer between two offsets of its text (the API's other way to name one:
 * UTF-16 code units, JavaScript's string indexes, of the text the API gives; `end` not included),
 * refused if it runs past the end or cuts a character in two.
 */
export async function tagPassageAt(db: Db, input: ConsultationAnswer & { themeId: string; start: number; end: number }, actor: Actor): Promise<AnswerTagsState> {
  const text = await answerTextFor(db, input, actor);
  if (input.end > text.length) {
    const message = `The answer is ${text.length.toLocaleString("en-GB")} UTF-16 code units long: the passage must end within it`;
    throw new InvalidError(message, { end: message });
  }
  for (const field of ["start", "end"] as const) {
    if (splitsCharacter(text, input[field])) {
      const message = `The passage's ${field} falls inside a character (between the two halves of a surrogate pair)`;
      throw new InvalidError(message, { [field]: message });
    }
  }
  return tagPassageOf(db, input, text, { start: input.start, end: input.end }, actor);
}

export type BulkResult = { op: BulkTagInput["op"]; answers: number; changed: number; themeName?: string };

/**
 * The bulk form of the collation page: tag or untag the chosen answers (or all submitted answers
 * matching the search `q`) with a theme, mark them analysed, or split the chosen ones off a theme.
 */
export async function bulkTagAnswers(db: Db, input: BulkTagInput, actor: Actor): Promise<BulkResult> {
  const c = await consultationFor(db, input.consultationId, "analysis.edit", actor);
  const [q] = await rowsOf<{ id: string }>(db, sql`select id from questions where id = ${input.questionId} and consultation_id = ${c.id}`);
  if (!q) throw new NotFoundError("Question");
  let theme: { id: string; name: string; questionId: string } | undefined;
  if (input.themeId) {
    [theme] = await db.select({ id: themes.id, name: themes.name, questionId: themes.questionId }).from(themes).where(eq(themes.id, input.themeId));
    if (!theme || theme.questionId !== q.id) throw new InvalidError("Choose a theme of this question", { themeId: "Choose a theme of this question" });
  }
  if (input.op === "split") {
    const { theme: created, movedTags } = await splitTheme(
      db,
      { themeId: theme!.id, name: input.newName!, answers: input.responseIds.map((responseId) => ({ responseId, questionId: q.id })) },
      actor,
    );
    return { op: "split", answers: input.responseIds.length, changed: movedTags, themeName: created.name };
  }
  // The chosen answers, or every submitted answer matching the search (no cap: "all matches").
  const chosen = input.responseIds.length
    ? sql`select a.response_id, a.question_id from answers a join responses r on r.id = a.response_id
          where a.question_id = ${q.id} and r.consultation_id = ${c.id}
            and a.response_id in (select jsonb_array_elements_text(${JSON.stringify(input.responseIds.filter(isUuid))}::jsonb)::uuid)`
    : sql`select a.response_id, a.question_id from answers a join responses r on r.id = a.response_id
          where a.question_id = ${q.id} and r.consultation_id = ${c.id} and r.status = 'submitted'
            and a.search @@ websearch_to_tsquery('english', ${input.q ?? ""})`;
  return db.transaction(async (tx) => {
    const target = await rowsOf<{ response_id: string; question_id: string }>(tx, sql`${chosen}`);
    let changed: { response_id: string }[] = [];
    if (input.op === "tag") {
      changed = await rowsOf(
        tx,
        sql`with t as (${chosen}),
            confirmed as (
              update answer_tags g set status = 'confirmed' from t
              where g.theme_id = ${theme!.id} and g.response_id = t.response_id and g.question_id = t.question_id and g.passage_start is null and g.status = 'suggested'
              returning g.response_id)
            insert into answer_tags (theme_id, response_id, question_id, source, status, created_by)
            select ${theme!.id}::uuid, t.response_id, t.question_id, 'manual', 'confirmed', ${actor.id}::uuid from t
            on conflict do nothing returning response_id`,
      );
    } else if (input.op === "untag") {
      changed = await rowsOf(
        tx,
        sql`with t as (${chosen})
            delete from answer_tags g using t where g.theme_id = ${theme!.id} and g.response_id = t.response_id and g.question_id = t.question_id
            returning g.response_id`,
      );
    }
    const bumpAll = input.op === "analysed" || input.op === "tag";
    if (target.length && (bumpAll || changed.length)) {
      await tx.execute(sql`
        insert into answer_analysis (response_id, question_id, analysed, version, updated_by, updated_at)
        select t.response_id, t.question_id, ${input.op === "analysed"}, 2, ${actor.id}::uuid, now() from (${chosen}) t
        ${bumpAll ? sql`` : sql`where t.response_id in (select jsonb_array_elements_text(${JSON.stringify(changed.map((r) => r.response_id))}::jsonb)::uuid)`}
        order by t.response_id, t.question_id
        on conflict (response_id, question_id) do update set version = answer_analysis.version + 1,
          analysed = ${input.op === "analysed" ? sql`true` : sql`answer_analysis.analysed`}, updated_by = excluded.updated_by, updated_at = now()`);
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "answer_tags.set",
      entityType: "question",
      entityId: q.id,
      consultationId: c.id,
      before: null,
      after: { bulk: input.op, theme: theme?.name ?? null, search: input.q ?? null, answers: target.length, changed: input.op === "analysed" ? target.length : changed.length },
    });
    return { op: input.op, answers: target.length, changed: input.op === "analysed" ? target.length : changed.length, themeName: theme?.name };
  });
}

/** The API's PUT: an answer's whole-answer themes, checked against If-Match (the tag version). */
export async function putAnswerTags(db: Db, input: { consultationId: string; questionId: string; responseId: string; themeIds: string[]; analysed?: boolean; baseVersion?: number }, actor: Actor) {
  await consultationFor(db, input.consultationId, "analysis.edit", actor);
  const [q] = await rowsOf<{ id: string }>(db, sql`select id from questions where id = ${input.questionId} and consultation_id = ${input.consultationId}`);
  if (!q) throw new NotFoundError("Question");
  return setAnswerTags(db, { responseId: input.responseId, questionId: q.id, themeIds: input.themeIds, analysed: input.analysed, baseVersion: input.baseVersion }, actor);
}
