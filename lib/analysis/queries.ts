// Reads of a question's analysis: the codeframe with counts and "% analysed", the tags of a
// page of answers (with each answer's version for If-Match), counts per theme by organisation
// type and by stage, a cross-tab with a closed question, and quotes for the drafting page and
// the collated report. Counts are over submitted responses; access is "read responses".
import { sql } from "drizzle-orm";
import { readTogether, rowsOf, type Db } from "../../db/client";
import type { OrganisationType } from "../../db/schema";
import { can, type Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { isClosedQuestion } from "../collation/queries";
import { submittedAnswerCounts } from "../collation/answer-counts";
import { InvalidError, NotFoundError } from "../errors";
import { themeRulesValues, type AnswerTagsState } from "./codeframe";
import { editBase } from "../input/edit-merge";


const n = (v: unknown) => Number(v ?? 0);

async function questionOf(db: Db, consultationId: string, questionId: string) {
  if (!isUuid(questionId)) throw new NotFoundError("Question");
  const [q] = await rowsOf<{ id: string; number: string; text: string; type: string; options: unknown }>(
    db,
    sql`select id, number, text, type, options from questions where id = ${questionId} and consultation_id = ${consultationId}`,
  );
  if (!q) throw new NotFoundError("Question");
  return q;
}

export type CodeframeTheme = {
  id: string;
  name: string;
  description: string;
  parentId: string | null;
  version: number;
  /** Answers with a confirmed tag of the theme. */
  confirmed: number;
  /** Answers with only a suggested tag (from rules or suggestions) waiting for an officer. */
  suggested: number;
  phrases: string[];
  exclusions: string[];
  /** The keyword rules' fingerprints as drawn, for the rules form to post back (lib/input/edit-merge). */
  rulesBase: string;
};

export type Codeframe = {
  themes: CodeframeTheme[];
  /** Submitted answers to the question, analysed ones and ones with at least one tag. */
  progress: { answered: number; analysed: number; tagged: number; percentAnalysed: number };
  canEdit: boolean;
};

/** A question's themes (parents before their sub-themes, by name) with counts, and its progress. */
export async function getCodeframe(db: Db, input: { consultationId: string; questionId: string }, actor: Actor): Promise<Codeframe> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionOf(db, c.id, input.questionId);
  const themeRows = await rowsOf<Omit<CodeframeTheme, "rulesBase">>(
    db,
    sql`select t.id, t.name, t.description, t.parent_id as "parentId", t.version,
          coalesce(r.phrases, '{}') as phrases, coalesce(r.exclusions, '{}') as exclusions,
          (select count(distinct (g.response_id)) from answer_tags g join responses rs on rs.id = g.response_id and rs.status = 'submitted'
            where g.theme_id = t.id and g.status = 'confirmed') as confirmed,
          (select count(distinct (g.response_id)) from answer_tags g join responses rs on rs.id = g.response_id and rs.status = 'submitted'
            where g.theme_id = t.id and g.status = 'suggested'
              and not exists (select 1 from answer_tags x where x.theme_id = t.id and x.response_id = g.response_id and x.question_id = g.question_id and x.status = 'confirmed')) as suggested
        from themes t left join theme_rules r on r.theme_id = t.id
        where t.question_id = ${q.id}
        order by lower(t.name)`,
  );
  // Submitted answers with text from the summary; the analysed and tagged ones from the analysis
  // itself (its work, not every answer: reading each answer cost a heap page an answer, 0.6 s at
  // 10,000 responses cold).
  const [[p], counts] = await readTogether(db, [
    () => rowsOf<{ analysed: number; tagged: number }>(
      db,
      sql`select
            (select count(*) from answer_analysis x
              join responses r on r.id = x.response_id and r.status = 'submitted'
              join answers a on a.response_id = x.response_id and a.question_id = x.question_id and a.value_text <> ''
              where x.question_id = ${q.id} and x.analysed) as analysed,
            (select count(*) from (select distinct g.response_id from answer_tags g
                where g.theme_id in (select t.id from themes t where t.question_id = ${q.id}) and g.question_id = ${q.id}) g
              join responses r on r.id = g.response_id and r.status = 'submitted'
              join answers a on a.response_id = g.response_id and a.question_id = ${q.id} and a.value_text <> '') as tagged`,
    ),
    () => submittedAnswerCounts(db, c.id, q.id),
  ]);
  const themesList = themeRows.map((t) => ({ ...t, version: n(t.version), confirmed: n(t.confirmed), suggested: n(t.suggested), rulesBase: editBase(themeRulesValues(t)) }));
  // Parents first, each followed by its sub-themes.
  const byParent = new Map<string | null, CodeframeTheme[]>();
  for (const t of themesList) {
    const key = t.parentId && themesList.some((x) => x.id === t.parentId) ? t.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), t]);
  }
  const ordered: CodeframeTheme[] = [];
  const walk = (parent: string | null) => {
    for (const t of byParent.get(parent) ?? []) {
      ordered.push(t);
      walk(t.id);
    }
  };
  walk(null);
  const answered = counts.get(q.id)?.withText ?? 0;
  const analysed = n(p?.analysed);
  return {
    themes: ordered,
    progress: { answered, analysed, tagged: n(p?.tagged), percentAnalysed: answered ? Math.round((analysed / answered) * 1000) / 10 : 0 },
    canEdit: can(actor, "analysis.edit", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }),
  };
}

/** "% analysed" for every free-text question of a consultation with at least one answer. */
export async function getAnalysisProgress(db: Db, input: { consultationId: string }, actor: Actor): Promise<Map<string, { answered: number; analysed: number; percent: number }>> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  // The questions with themes; their submitted answers from the summary, the analysed ones from the analysis.
  const [found, counts] = await readTogether(db, [
    () => rowsOf<{ questionId: string; analysed: number }>(
      db,
      sql`select q.id as "questionId",
            (select count(*) from answer_analysis x
              join responses r on r.id = x.response_id and r.status = 'submitted'
              join answers a on a.response_id = x.response_id and a.question_id = x.question_id
              where x.question_id = q.id and x.analysed) as analysed
          from questions q
          where q.consultation_id = ${c.id} and exists (select 1 from themes t where t.question_id = q.id)`,
    ),
    () => submittedAnswerCounts(db, c.id),
  ]);
  return new Map(
    found
      .map((r) => ({ questionId: r.questionId, answered: counts.get(r.questionId)?.answers ?? 0, analysed: n(r.analysed) }))
      .filter((r) => r.answered > 0)
      .map((r) => [r.questionId, { answered: r.answered, analysed: r.analysed, percent: Math.round((r.analysed / r.answered) * 100) }]),
  );
}

/** The tags and tag version of each of these answers of one question (the page shown). */
export async function listAnswerTags(db: Db, input: { consultationId: string; questionId: string; responseIds: string[] }, actor: Actor): Promise<Map<string, AnswerTagsState>> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionOf(db, c.id, input.questionId);
  const ids = input.responseIds.filter(isUuid);
  const out = new Map<string, AnswerTagsState>(ids.map((id) => [id, { version: 1, analysed: false, tags: [] }]));
  if (!ids.length) return out;
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const states = await rowsOf<{ responseId: string; version: number; analysed: boolean }>(
    db,
    sql`select response_id as "responseId", version, analysed from answer_analysis where question_id = ${q.id} and response_id in (${idList})`,
  );
  for (const s of states) out.set(s.responseId, { version: n(s.version), analysed: Boolean(s.analysed), tags: [] });
  const tags = await rowsOf<AnswerTagsState["tags"][number] & { responseId: string }>(
    db,
    sql`select g.response_id as "responseId", g.id, g.theme_id as "themeId", t.name as "themeName", g.passage_start as "passageStart",
          g.passage_end as "passageEnd", g.passage_text as "passageText", g.source, g.status
        from answer_tags g join themes t on t.id = g.theme_id
        where g.question_id = ${q.id} and g.response_id in (${idList})
        order by lower(t.name), g.passage_start nulls first`,
  );
  for (const { responseId, ...tag } of tags) out.get(responseId)?.tags.push(tag);
  return out;
}

export type ThemeCount = {
  themeId: string;
  name: string;
  answers: number;
  /** Distinct respondents: organisations, and members of the public each as themselves. */
  respondents: number;
  byType: Partial<Record<OrganisationType, number>>;
  byStage: Record<string, number>;
};

/**
 * Per theme: answers tagged (confirmed or suggested), distinct respondents (organisations, or members of the public each as themselves), by organisation
 * type and by the stage during which the answer was last saved.
 */
export async function countThemes(db: Db, input: { consultationId: string; questionId: string; confirmedOnly?: boolean }, actor: Actor): Promise<{ counts: ThemeCount[]; stages: { id: string; name: string }[]; types: OrganisationType[] }> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionOf(db, c.id, input.questionId);
  const onlyConfirmed = input.confirmedOnly ? sql`and g.status = 'confirmed'` : sql``;
  const tagged = sql`select distinct g.theme_id, g.response_id, coalesce(r.respondent_user_id, r.organisation_id) as respondent_id, o.type as org_type, a.updated_at
      from answer_tags g join answers a on a.response_id = g.response_id and a.question_id = g.question_id
      join responses r on r.id = g.response_id and r.status = 'submitted' and r.consultation_id = ${c.id}
      join organisations o on o.id = r.organisation_id
      where g.question_id = ${q.id} ${onlyConfirmed}`;
  const [totals, types, stageRows, stages] = await readTogether(db, [
    () => rowsOf<{ themeId: string; name: string; answers: number; respondents: number }>(
      db,
      sql`select t.id as "themeId", t.name, count(distinct x.response_id) as answers, count(distinct x.respondent_id) as respondents
          from themes t left join (${tagged}) x on x.theme_id = t.id where t.question_id = ${q.id}
          group by t.id, t.name order by count(distinct x.response_id) desc, lower(t.name)`,
    ),
    () => rowsOf<{ themeId: string; type: OrganisationType; count: number }>(
      db,
      sql`select x.theme_id as "themeId", x.org_type as type, count(distinct x.response_id) as count from (${tagged}) x group by x.theme_id, x.org_type`,
    ),
    () => rowsOf<{ themeId: string; stageId: string; count: number }>(
      db,
      sql`select x.theme_id as "themeId", s.id as "stageId", count(distinct x.response_id) as count
          from (${tagged}) x join stages s on s.consultation_id = ${c.id}
            and (s.starts_on is null or x.updated_at >= s.starts_on::timestamptz)
            and (s.due_on is null or x.updated_at < (s.due_on + 1)::timestamptz)
          group by x.theme_id, s.id`,
    ),
    () => rowsOf<{ id: string; name: string }>(db, sql`select id, name from stages where consultation_id = ${c.id} order by position`),
  ]);
  const counts = totals.map((t) => ({ themeId: t.themeId, name: t.name, answers: n(t.answers), respondents: n(t.respondents), byType: {} as ThemeCount["byType"], byStage: {} as Record<string, number> }));
  const byId = new Map(counts.map((t) => [t.themeId, t]));
  for (const r of types) {
    const t = byId.get(r.themeId);
    if (t) t.byType[r.type] = n(r.count);
  }
  for (const r of stageRows) {
    const t = byId.get(r.themeId);
    if (t) t.byStage[r.stageId] = n(r.count);
  }
  const usedTypes = [...new Set(types.map((r) => r.type))].sort();
  return { counts, stages, types: usedTypes };
}

/** The closed questions of a consultation, for the cross-tab's choice. */
export async function listClosedQuestions(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const qs = await rowsOf<{ id: string; number: string; text: string; type: string }>(
    db,
    sql`select q.id, q.number, q.text, q.type from questions q join sections s on s.id = q.section_id
        where q.consultation_id = ${c.id} order by s.position, q.position`,
  );
  return qs.filter((q) => isClosedQuestion(q.type as never));
}

export type CrossTab = { closedQuestion: { id: string; number: string; text: string }; options: string[]; rows: { themeId: string; name: string; total: number; cells: number[] }[] };

/** Answers per theme by the option each respondent chose in a closed question (multiple choices count once each). */
export async function crossTabThemes(db: Db, input: { consultationId: string; questionId: string; closedQuestionId: string }, actor: Actor): Promise<CrossTab> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionOf(db, c.id, input.questionId);
  if (!isUuid(input.closedQuestionId)) throw new InvalidError("Choose a question that offers choices", { by: "Choose a question that offers choices" });
  const closed = await questionOf(db, c.id, input.closedQuestionId).catch(() => null);
  if (!closed || !isClosedQuestion(closed.type as never)) throw new InvalidError("Choose a question that offers choices", { by: "Choose a question that offers choices" });
  const found = await rowsOf<{ themeId: string; name: string; option: string; count: number }>(
    db,
    sql`with chosen as (
          select b.response_id, opt
          from answers b join responses r on r.id = b.response_id and r.status = 'submitted' and r.consultation_id = ${c.id}
          cross join lateral (
            select jsonb_array_elements_text(b.value) as opt where jsonb_typeof(b.value) = 'array'
            union all select coalesce(b.value ->> 'answer', b.value ->> 'status') where jsonb_typeof(b.value) = 'object'
            union all select b.value #>> '{}' where jsonb_typeof(b.value) = 'string'
          ) o
          where b.question_id = ${closed.id} and opt is not null
        )
        select t.id as "themeId", t.name, ch.opt as option, count(distinct g.response_id) as count
        from themes t join answer_tags g on g.theme_id = t.id
        join chosen ch on ch.response_id = g.response_id
        where t.question_id = ${q.id}
        group by t.id, t.name, ch.opt`,
  );
  const offered = Array.isArray(closed.options) ? (closed.options as unknown[]).map((o) => (typeof o === "string" ? o : String((o as { label?: string; value?: string }).label ?? (o as { value?: string }).value ?? o))) : [];
  const options = [...offered];
  for (const r of found) if (!options.includes(r.option)) options.push(r.option);
  const themeList = await rowsOf<{ id: string; name: string }>(db, sql`select id, name from themes where question_id = ${q.id} order by lower(name)`);
  const table = themeList.map((t) => {
    const cells = options.map((o) => n(found.find((r) => r.themeId === t.id && r.option === o)?.count));
    return { themeId: t.id, name: t.name, total: cells.reduce((a, b) => a + b, 0), cells };
  });
  return { closedQuestion: { id: closed.id, number: closed.number, text: closed.text }, options, rows: table };
}

/** A quote shown (`text`, shortened) and the words with their source that "Insert into the answer" adds (`insertText`, whole). */
export type ThemeQuote = { responseId: string; organisationName: string; organisationType: OrganisationType; reference: string | null; text: string; insertText: string };
export type ThemeWithQuotes = { themeId: string; name: string; answers: number; respondents: number; quotes: ThemeQuote[] };

/**
 * The themes of a question with counts and up to `perTheme` quotes each (a highlighted passage
 * when there is one, else the answer, shortened), confirmed tags first: "Partners raised …".
 */
export async function listThemeQuotes(db: Db, input: { consultationId: string; questionId: string; perTheme?: number; maxLength?: number }, actor: Actor): Promise<ThemeWithQuotes[]> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  return themeQuotesFor(db, c.id, input.questionId, input.perTheme ?? 3, input.maxLength ?? 300);
}

/** listThemeQuotes without the access check, for callers that already made it (the report). */
export async function themeQuotesFor(db: Db, consultationId: string, questionId: string, perTheme = 3, maxLength = 300): Promise<ThemeWithQuotes[]> {
  if (!isUuid(questionId)) return [];
  const found = await rowsOf<{ themeId: string; name: string; answers: number; respondents: number; responseId: string | null; organisationName: string | null; organisationType: OrganisationType | null; reference: string | null; text: string | null }>(
    db,
    sql`with tagged as (
          select g.theme_id, g.response_id, coalesce(r.respondent_user_id, r.organisation_id) as respondent_id, r.reference, o.name as org_name, o.type as org_type,
            coalesce(g.passage_text, a.value_text) as text, g.status, g.passage_text is not null as is_passage
          from answer_tags g join answers a on a.response_id = g.response_id and a.question_id = g.question_id
          join responses r on r.id = g.response_id and r.status = 'submitted' and r.consultation_id = ${consultationId}
          join organisations o on o.id = r.organisation_id
          where g.question_id = ${questionId}
        ), counted as (
          select theme_id, count(distinct response_id) as answers, count(distinct respondent_id) as respondents from tagged group by theme_id
        ), picked as (
          select distinct on (theme_id, response_id) * from tagged
          order by theme_id, response_id, (status = 'confirmed') desc, is_passage desc
        ), ranked as (
          select p.*, row_number() over (partition by theme_id order by (status = 'confirmed') desc, is_passage desc, length(text) between 40 and 400 desc, response_id) as rn from picked p
        )
        select t.id as "themeId", t.name, coalesce(c.answers, 0) as answers, coalesce(c.respondents, 0) as respondents,
          k.response_id as "responseId", k.org_name as "organisationName", k.org_type as "organisationType", k.reference, k.text
        from themes t left join counted c on c.theme_id = t.id
        left join ranked k on k.theme_id = t.id and k.rn <= ${perTheme}
        where t.question_id = ${questionId}
        order by coalesce(c.answers, 0) desc, lower(t.name), k.rn`,
  );
  const out: ThemeWithQuotes[] = [];
  for (const r of found) {
    let t = out.find((x) => x.themeId === r.themeId);
    if (!t) out.push((t = { themeId: r.themeId, name: r.name, answers: n(r.answers), respondents: n(r.respondents), quotes: [] }));
    if (r.responseId && r.text) {
      const text = r.text.length > maxLength ? `${r.text.slice(0, maxLength - 1).trimEnd()}…` : r.text;
      t.quotes.push({ responseId: r.responseId, organisationName: r.organisationName ?? "", organisationType: r.organisationType!, reference: r.reference, text, insertText: draftQuote(r.text, r.organisationName ?? "", r.reference) });
    }
  }
  return out;
}

/**
 * A partner's words ready to go into the council's draft answer, with their source: the
 * passage tagged with the theme when there is one, else the whole answer. Null if the answer
 * is not a submitted answer to this question.
 */
export async function quoteForDraft(db: Db, input: { consultationId: string; questionId: string; responseId: string; themeId?: string }, actor: Actor): Promise<string | null> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.questionId) || !isUuid(input.responseId) || (input.themeId !== undefined && !isUuid(input.themeId))) return null;
  const [r] = await rowsOf<{ text: string; passage: string | null; organisationName: string; reference: string | null }>(
    db,
    sql`select a.value_text as text, o.name as "organisationName", r.reference,
          (select g.passage_text from answer_tags g where g.response_id = a.response_id and g.question_id = a.question_id
            and g.passage_text is not null ${input.themeId ? sql`and g.theme_id = ${input.themeId}` : sql`and false`} order by g.passage_start limit 1) as passage
        from answers a join responses r on r.id = a.response_id and r.status = 'submitted' and r.consultation_id = ${c.id}
        join organisations o on o.id = r.organisation_id
        where a.response_id = ${input.responseId} and a.question_id = ${input.questionId}`,
  );
  if (!r) return null;
  return draftQuote(r.passage ?? r.text, r.organisationName, r.reference);
}

/** A partner's words as they go into the council's draft answer: quoted, with their source. */
export function draftQuote(words: string, organisationName: string, reference: string | null): string {
  return `“${words.trim()}” (${organisationName}${reference ? `, response ${reference}` : ""})`;
}
