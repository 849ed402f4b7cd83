// Writes to a question's codeframe: themes (create, rename, merge, split, delete — tagged
// answers follow), tags on answers or passages (with the version the officer saw, as HTTP
// If-Match, so two officers tagging one answer never overwrite each other silently), and
// keyword rules evaluated in Postgres over the answers' tsvector. Every change is audited in
// its transaction; access is decided by lib/auth/policy ("analysis.edit").
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { advisoryXactLock, rowsOf, type Db, type Tx } from "../../db/client";
import { answerAnalysis, answerTags, questions, themeRules, themes, type Theme } from "../../db/schema";
import { writeAudit, type AuditInput } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid, uuidArray } from "../sql";
import { ConflictError, InvalidError, NotFoundError } from "../errors";
import { mergeOrRefuse, type EditOptions } from "../input/edit-merge";
import {
  createThemeSchema,
  deleteThemeSchema,
  mergeThemesSchema,
  setAnswerTagsSchema,
  setThemeRulesSchema,
  splitThemeSchema,
  tagAnswerSchema,
  removePassageSchema,
  updateThemeSchema,
  type AnswerKey,
  type CreateThemeInput,
  type DeleteThemeInput,
  type MergeThemesInput,
  type SetAnswerTagsInput,
  type SetThemeRulesInput,
  type SplitThemeInput,
  type TagAnswerInput,
  type RemovePassageInput,
  type UpdateThemeInput,
} from "./schemas";
import { parse } from "./statements";

/**
 * The theme, once the actor may edit the analysis of its consultation. Given the consultation
 * the caller named (the page's), a theme of another consultation is not found.
 */
async function themeFor(db: Db, themeId: string, actor: Actor, consultationId?: string): Promise<Theme> {
  if (!isUuid(themeId)) throw new NotFoundError("Theme");
  const [t] = await db.select().from(themes).where(eq(themes.id, themeId));
  if (!t || (consultationId !== undefined && t.consultationId !== consultationId)) throw new NotFoundError("Theme");
  await consultationFor(db, t.consultationId, "analysis.edit", actor);
  return t;
}

async function lockTheme(tx: Tx, themeId: string): Promise<Theme> {
  const [t] = await tx.select().from(themes).where(eq(themes.id, themeId)).for("update");
  if (!t) throw new NotFoundError("Theme");
  return t;
}

async function checkNameFree(tx: Tx, questionId: string, name: string, exceptId?: string) {
  // Two officers naming a theme alike at once take turns, so the second is told, not refused by the index.
  await advisoryXactLock(tx, sql`'theme-name:' || ${questionId} || ':' || lower(${name})`);
  const [clash] = await rowsOf<{ id: string }>(tx, sql`select id from themes where question_id = ${questionId} and lower(name) = lower(${name}) ${exceptId ? sql`and id <> ${exceptId}` : sql``}`);
  if (clash) throw new InvalidError("This question already has a theme with that name", { name: "This question already has a theme with that name" });
}

async function checkParent(tx: Tx, questionId: string, parentId: string | null | undefined, themeId?: string) {
  if (!parentId) return;
  const [p] = await tx.select().from(themes).where(eq(themes.id, parentId));
  if (!p || p.questionId !== questionId) throw new InvalidError("Choose a theme of the same question", { parentId: "Choose a theme of the same question" });
  if (!themeId) return;
  // No cycles: the new parent may not be the theme itself or one of its descendants.
  const [cycle] = await rowsOf<{ id: string }>(
    tx,
    sql`with recursive up as (select id, parent_id from themes where id = ${parentId}
          union all select t.id, t.parent_id from themes t join up on t.id = up.parent_id)
        select id from up where id = ${themeId} limit 1`,
  );
  if (cycle) throw new InvalidError("A theme cannot sit inside itself", { parentId: "A theme cannot sit inside itself" });
}

function themeAudit(actor: Actor, t: Theme, action: AuditInput["action"], before: unknown, after: unknown): AuditInput {
  return { actorId: actor.id, action, entityType: "theme", entityId: t.id, consultationId: t.consultationId, before, after };
}

/**
 * Answer keys as one jsonb parameter read back as rows (response_id, question_id): a list of
 * 100,000 keys as separate parameters would pass Postgres's limit of 65,535.
 */
function keysTable(keys: AnswerKey[]): SQL {
  const pairs = keys.map((k) => [k.responseId, k.questionId]);
  return sql`select (x ->> 0)::uuid, (x ->> 1)::uuid from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) as x`;
}

/**
 * Bump the tag version of every answer with a tag of these themes (their tag sets changed). Like
 * every bulk write of answer_analysis, in the order of its key, so two at once over overlapping
 * answers take their rows in turn rather than deadlock.
 */
async function bumpAnswersOfThemes(tx: Tx, themeIds: string[], actor: Actor, only?: AnswerKey[]) {
  if (!themeIds.length) return;
  const restrict = only?.length
    ? sql`and (response_id, question_id) in (${keysTable(only)})`
    : sql``;
  await tx.execute(sql`
    insert into answer_analysis (response_id, question_id, version, updated_by, updated_at)
    select distinct response_id, question_id, 2, ${actor.id}::uuid, now() from answer_tags
    where theme_id in (${sql.join(themeIds.map((id) => sql`${id}::uuid`), sql`, `)}) ${restrict}
    order by response_id, question_id
    on conflict (response_id, question_id) do update set version = answer_analysis.version + 1, updated_by = excluded.updated_by, updated_at = now()`);
}

export async function createTheme(db: Db, input: CreateThemeInput, actor: Actor): Promise<Theme> {
  const v = parse(createThemeSchema, input);
  const c = await consultationFor(db, v.consultationId, "analysis.edit", actor);
  return db.transaction((tx) => insertTheme(tx, c.id, v, actor));
}

/**
 * Inside the caller's transaction (the actor may edit the analysis of `consultationId`): a new
 * theme of one of its questions, its name free and its parent of the same question; audited.
 */
export async function insertTheme(tx: Tx, consultationId: string, v: CreateThemeInput, actor: Actor): Promise<Theme> {
  const [q] = await tx.select({ id: questions.id }).from(questions).where(and(eq(questions.id, v.questionId), eq(questions.consultationId, consultationId)));
  if (!q) throw new NotFoundError("Question");
  await checkNameFree(tx, q.id, v.name);
  await checkParent(tx, q.id, v.parentId);
  const [t] = await tx
    .insert(themes)
    .values({ consultationId, questionId: q.id, name: v.name, description: v.description ?? "", parentId: v.parentId ?? null, createdBy: actor.id })
    .returning();
  await writeAudit(tx, themeAudit(actor, t, "theme.create", null, { name: t.name, description: t.description, parentId: t.parentId }));
  return t;
}

/** Rename, describe or move a theme; refused with both versions if it changed since `baseVersion`. */
export async function updateTheme(db: Db, input: UpdateThemeInput, actor: Actor): Promise<Theme> {
  const v = parse(updateThemeSchema, input);
  await themeFor(db, v.themeId, actor, v.consultationId);
  return db.transaction(async (tx) => {
    const t = await lockTheme(tx, v.themeId);
    const attempted = { name: v.name, description: v.description ?? t.description, parentId: v.parentId === undefined ? t.parentId : v.parentId };
    if (t.version !== v.baseVersion) {
      throw new ConflictError<Record<string, unknown>>("Someone changed this theme while you were editing it. Both versions are shown: check and save again.", { name: t.name, description: t.description, parentId: t.parentId, version: t.version }, attempted);
    }
    await checkNameFree(tx, t.questionId, v.name, t.id);
    await checkParent(tx, t.questionId, attempted.parentId, t.id);
    const [after] = await tx
      .update(themes)
      .set({ ...attempted, version: t.version + 1, updatedAt: new Date() })
      .where(eq(themes.id, t.id))
      .returning();
    await writeAudit(tx, themeAudit(actor, t, "theme.update", { name: t.name, description: t.description, parentId: t.parentId }, attempted));
    return after;
  });
}

/** Merge one theme into another: its tags, keyword rules and sub-themes move to the target. */
export async function mergeThemes(db: Db, input: MergeThemesInput, actor: Actor): Promise<{ target: Theme; movedTags: number }> {
  const v = parse(mergeThemesSchema, input);
  if (v.sourceThemeId === v.targetThemeId) throw new InvalidError("Choose a different theme to merge into", { targetThemeId: "Choose a different theme to merge into" });
  const source = await themeFor(db, v.sourceThemeId, actor, v.consultationId);
  await themeFor(db, v.targetThemeId, actor, v.consultationId);
  return db.transaction(async (tx) => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [a, b] = [v.sourceThemeId, v.targetThemeId].sort();
    await lockTheme(tx, a);
    await lockTheme(tx, b);
    const s = await lockTheme(tx, v.sourceThemeId);
    const target = await lockTheme(tx, v.targetThemeId);
    if (s.questionId !== target.questionId) throw new InvalidError("Themes can only be merged within one question", { targetThemeId: "Choose a theme of the same question" });
    await bumpAnswersOfThemes(tx, [s.id], actor);
    const moved = await rowsOf<{ id: string }>(
      tx,
      sql`insert into answer_tags (theme_id, response_id, question_id, passage_start, passage_end, passage_text, source, status, created_by, created_at)
          select ${target.id}, response_id, question_id, passage_start, passage_end, passage_text, source, status, created_by, created_at
          from answer_tags where theme_id = ${s.id}
          on conflict do nothing returning id`,
    );
    // The target's parent cannot become its own child: if the target sat under the source, it takes the source's place.
    if (target.parentId === s.id) await tx.update(themes).set({ parentId: s.parentId }).where(eq(themes.id, target.id));
    await tx.update(themes).set({ parentId: target.id }).where(and(eq(themes.parentId, s.id), sql`${themes.id} <> ${target.id}`));
    // The source's rules join the target's as stored when written (not as read earlier), in order, once each.
    await tx.execute(sql`
      insert into theme_rules (theme_id, phrases, exclusions, updated_by)
      select ${target.id}, phrases, exclusions, ${actor.id} from theme_rules where theme_id = ${s.id}
      on conflict (theme_id) do update set
        phrases = array(select p from unnest(theme_rules.phrases || excluded.phrases) with ordinality u(p, n) group by p order by min(n)),
        exclusions = array(select p from unnest(theme_rules.exclusions || excluded.exclusions) with ordinality u(p, n) group by p order by min(n)),
        updated_by = excluded.updated_by, updated_at = now()`);
    await tx.delete(themes).where(eq(themes.id, s.id));
    const [after] = await tx.update(themes).set({ version: target.version + 1, updatedAt: new Date() }).where(eq(themes.id, target.id)).returning();
    await writeAudit(tx, themeAudit(actor, target, "theme.merge", { merged: { id: s.id, name: s.name } }, { into: { id: target.id, name: target.name }, movedTags: moved.length }));
    void source;
    return { target: after, movedTags: moved.length };
  });
}

/** Split a theme: a new theme (beside it) takes the chosen answers' tags. */
export async function splitTheme(db: Db, input: SplitThemeInput, actor: Actor): Promise<{ theme: Theme; movedTags: number }> {
  const v = parse(splitThemeSchema, input);
  await themeFor(db, v.themeId, actor);
  return db.transaction(async (tx) => {
    const s = await lockTheme(tx, v.themeId);
    await checkNameFree(tx, s.questionId, v.name);
    const [t] = await tx
      .insert(themes)
      .values({ consultationId: s.consultationId, questionId: s.questionId, parentId: s.parentId, name: v.name, description: v.description ?? "", createdBy: actor.id })
      .returning();
    await bumpAnswersOfThemes(tx, [s.id], actor, v.answers);
    const moved = await tx
      .update(answerTags)
      .set({ themeId: t.id })
      .where(and(eq(answerTags.themeId, s.id), sql`(${answerTags.responseId}, ${answerTags.questionId}) in (${keysTable(v.answers)})`))
      .returning({ id: answerTags.id });
    await tx.update(themes).set({ version: s.version + 1, updatedAt: new Date() }).where(eq(themes.id, s.id));
    await writeAudit(tx, themeAudit(actor, s, "theme.split", { theme: { id: s.id, name: s.name } }, { newTheme: { id: t.id, name: t.name }, movedTags: moved.length }));
    return { theme: t, movedTags: moved.length };
  });
}

/**
 * Delete a theme. Its tags follow to `moveTagsTo`, else to its parent theme, else they are
 * removed; its sub-themes move up to its parent.
 */
export async function deleteTheme(db: Db, input: DeleteThemeInput, actor: Actor): Promise<{ movedTags: number; removedTags: number; questionId: string; movedTo: string | null }> {
  const v = parse(deleteThemeSchema, input);
  await themeFor(db, v.themeId, actor, v.consultationId);
  return db.transaction(async (tx) => {
    const t = await lockTheme(tx, v.themeId);
    const to = v.moveTagsTo ?? t.parentId;
    if (to) {
      const [dest] = await tx.select().from(themes).where(eq(themes.id, to));
      if (!dest || dest.questionId !== t.questionId || dest.id === t.id) throw new InvalidError("Choose a theme of the same question", { moveTagsTo: "Choose a theme of the same question" });
    }
    await bumpAnswersOfThemes(tx, [t.id], actor);
    const moved = to
      ? await rowsOf<{ id: string }>(
          tx,
          sql`insert into answer_tags (theme_id, response_id, question_id, passage_start, passage_end, passage_text, source, status, created_by, created_at)
              select ${to}, response_id, question_id, passage_start, passage_end, passage_text, source, status, created_by, created_at
              from answer_tags where theme_id = ${t.id} on conflict do nothing returning id`,
        )
      : [];
    const removed = await tx.delete(answerTags).where(eq(answerTags.themeId, t.id)).returning({ id: answerTags.id });
    await tx.update(themes).set({ parentId: t.parentId }).where(eq(themes.parentId, t.id));
    await tx.delete(themes).where(eq(themes.id, t.id));
    await writeAudit(tx, themeAudit(actor, t, "theme.delete", { name: t.name, tags: removed.length }, { tagsMovedTo: to ?? null, movedTags: moved.length }));
    return { movedTags: moved.length, removedTags: removed.length - moved.length, questionId: t.questionId, movedTo: to ?? null };
  });
}

export type AnswerTagsState = {
  version: number;
  analysed: boolean;
  tags: { id: string; themeId: string; themeName: string; passageStart: number | null; passageEnd: number | null; passageText: string | null; source: string; status: string }[];
};

/** One answer's tags and version (the ETag of its tag set). */
export async function readAnswerTags(db: Db | Tx, key: AnswerKey): Promise<AnswerTagsState> {
  const [state] = await db.select().from(answerAnalysis).where(and(eq(answerAnalysis.responseId, key.responseId), eq(answerAnalysis.questionId, key.questionId)));
  const tags = await db
    .select({ id: answerTags.id, themeId: answerTags.themeId, themeName: themes.name, passageStart: answerTags.passageStart, passageEnd: answerTags.passageEnd, passageText: answerTags.passageText, source: answerTags.source, status: answerTags.status })
    .from(answerTags)
    .innerJoin(themes, eq(themes.id, answerTags.themeId))
    .where(and(eq(answerTags.responseId, key.responseId), eq(answerTags.questionId, key.questionId)))
    // As the page and the API's GET list them (lib/analysis/queries listAnswerTags).
    .orderBy(sql`lower(${themes.name})`, sql`${answerTags.passageStart} asc nulls first`);
  return { version: state?.version ?? 1, analysed: state?.analysed ?? false, tags };
}

/**
 * Lock one answer's tag set for a change: its text (for passages) and its analysis row, taken for
 * this transaction, and the form's base version checked. A stale base is refused with both
 * versions (ConflictError), unless `settles` says what is stored now is already what the change
 * would leave (the same form posted twice, or a colleague who chose the same): then `settled` is
 * that state and the caller changes nothing.
 */
async function lockAnswer(
  tx: Tx,
  key: AnswerKey,
  actor: Actor,
  consultationId: string,
  baseVersion: number | undefined,
  attempted: unknown,
  settles?: (now: AnswerTagsState) => boolean,
): Promise<{ text: string; settled?: AnswerTagsState }> {
  const [a] = await rowsOf<{ valueText: string }>(
    tx,
    sql`select a.value_text as "valueText" from answers a join responses r on r.id = a.response_id
        where a.response_id = ${key.responseId} and a.question_id = ${key.questionId} and r.consultation_id = ${consultationId}`,
  );
  if (!a) throw new NotFoundError("Answer");
  await tx.insert(answerAnalysis).values({ responseId: key.responseId, questionId: key.questionId, updatedBy: actor.id }).onConflictDoNothing();
  const [state] = await tx
    .select()
    .from(answerAnalysis)
    .where(and(eq(answerAnalysis.responseId, key.responseId), eq(answerAnalysis.questionId, key.questionId)))
    .for("update");
  if (baseVersion !== undefined && state.version !== baseVersion) {
    const now = await readAnswerTags(tx, key);
    if (settles?.(now)) return { text: a.valueText, settled: now };
    throw new ConflictError("Someone changed this answer's themes while you were tagging it. Both versions are shown: check and tag again.", now, attempted);
  }
  return { text: a.valueText };
}

/**
 * Whether setting an answer's themes to `themeIds` (replaceAnswerThemes, without a scope) would
 * leave `state` as it is: the whole answer's themes exactly those (another one would go, with its
 * passages); every tag of those themes confirmed (saving confirms them); and "analysed" as given.
 * A theme only passages carry is left alone by that save, so it does not count.
 */
export function hasChoice(state: AnswerTagsState, themeIds: string[], analysed?: boolean): boolean {
  const wanted = new Set(themeIds);
  const whole = new Set(state.tags.filter((t) => t.passageStart === null).map((t) => t.themeId));
  return (
    whole.size === wanted.size &&
    [...wanted].every((id) => whole.has(id)) &&
    state.tags.every((t) => !wanted.has(t.themeId) || t.status === "confirmed") &&
    (analysed === undefined || state.analysed === analysed)
  );
}

async function finishAnswerChange(tx: Tx, key: AnswerKey, actor: Actor, consultationId: string, before: AnswerTagsState, analysed?: boolean): Promise<AnswerTagsState> {
  await tx
    .update(answerAnalysis)
    .set({ version: sql`${answerAnalysis.version} + 1`, updatedBy: actor.id, updatedAt: new Date(), ...(analysed === undefined ? {} : { analysed }) })
    .where(and(eq(answerAnalysis.responseId, key.responseId), eq(answerAnalysis.questionId, key.questionId)));
  const after = await readAnswerTags(tx, key);
  const brief = (s: AnswerTagsState) => ({ analysed: s.analysed, themes: s.tags.map((t) => (t.passageText ? `${t.themeName}: “${t.passageText}”` : t.themeName)) });
  await writeAudit(tx, { actorId: actor.id, action: "answer_tags.set", entityType: "answer", entityId: `${key.responseId}/${key.questionId}`, consultationId, before: brief(before), after: brief(after) });
  return after;
}

/**
 * Tag an answer (or a highlighted passage of it) with a theme. A theme that is not one of this
 * question's (unknown, another question's or consultation's) is refused at the field, as the
 * themes form refuses it.
 */
export async function tagAnswer(db: Db, input: TagAnswerInput, actor: Actor): Promise<AnswerTagsState> {
  const v = parse(tagAnswerSchema, input);
  const consultationId = await answerConsultation(db, v, actor);
  const [theme] = await db.select({ id: themes.id }).from(themes).where(and(eq(themes.id, v.themeId), eq(themes.questionId, v.questionId)));
  if (!theme) throw new InvalidError("Choose a theme of this question", { themeId: "Choose a theme of this question" });
  return db.transaction(async (tx) => {
    // Tagged so already (the same request sent twice): with a stale base no clash, and either way
    // nothing to add, no new version, nothing to audit. A passage's tag is there or not; a tag on
    // the whole answer is so once confirmed (tagging by hand confirms a suggested one).
    const start = v.passage?.start ?? null;
    const end = v.passage?.end ?? null;
    const tagged = (now: AnswerTagsState) =>
      now.tags.some((t) => t.themeId === v.themeId && t.passageStart === start && t.passageEnd === end && (v.passage || t.status === "confirmed"));
    const { text, settled } = await lockAnswer(tx, v, actor, consultationId, v.baseVersion, { themeId: v.themeId, passage: v.passage ?? null }, tagged);
    if (settled) return settled;
    const before = await readAnswerTags(tx, v);
    if (tagged(before)) return before;
    if (v.passage && v.passage.end > text.length) throw new InvalidError("Highlight a passage within the answer", { passage: "Highlight a passage within the answer" });
    await tx
      .insert(answerTags)
      .values({
        themeId: v.themeId,
        responseId: v.responseId,
        questionId: v.questionId,
        passageStart: start,
        passageEnd: end,
        passageText: v.passage ? text.slice(v.passage.start, v.passage.end) : null,
        source: "manual",
        status: "confirmed",
        createdBy: actor.id,
      })
      .onConflictDoNothing();
    if (!v.passage) {
      await tx
        .update(answerTags)
        .set({ status: "confirmed" })
        .where(and(eq(answerTags.themeId, v.themeId), eq(answerTags.responseId, v.responseId), eq(answerTags.questionId, v.questionId), sql`${answerTags.passageStart} is null`));
    }
    return finishAnswerChange(tx, v, actor, consultationId, before);
  });
}

/**
 * Remove one tagged passage of an answer (the collation page's "Remove" beside it); the answer's
 * other tags stay (a whole answer's theme goes, with its passages, by the themes form). Removing
 * only takes away, so without a base version it applies on top of any other change; a passage
 * gone already (the same form posted twice, a colleague's removal) changes nothing and says so
 * (`removed` null). With a base version, another change since is refused with both versions.
 */
export async function removePassageTag(db: Db, input: RemovePassageInput, actor: Actor): Promise<{ state: AnswerTagsState; removed: AnswerTagsState["tags"][number] | null }> {
  const v = parse(removePassageSchema, input);
  const consultationId = await answerConsultation(db, v, actor);
  // No such tag on this answer (never, or no more): said without taking the answer's lock (which
  // would write its analysis row).
  const [tag] = await db
    .select({ id: answerTags.id })
    .from(answerTags)
    .where(and(eq(answerTags.id, v.tagId), eq(answerTags.responseId, v.responseId), eq(answerTags.questionId, v.questionId)));
  if (!tag) return { state: await readAnswerTags(db, v), removed: null };
  return db.transaction(async (tx) => {
    const gone = (now: AnswerTagsState) => !now.tags.some((t) => t.id === v.tagId);
    const { settled } = await lockAnswer(tx, v, actor, consultationId, v.baseVersion, { removeTagId: v.tagId }, gone);
    if (settled) return { state: settled, removed: null };
    const before = await readAnswerTags(tx, v);
    const removed = before.tags.find((t) => t.id === v.tagId) ?? null;
    if (!removed) return { state: before, removed };
    if (removed.passageStart === null) throw new InvalidError("Choose a tagged passage to remove: a theme of the whole answer is removed by unticking it");
    await tx.delete(answerTags).where(and(eq(answerTags.id, v.tagId), eq(answerTags.responseId, v.responseId), eq(answerTags.questionId, v.questionId)));
    return { state: await finishAnswerChange(tx, v, actor, consultationId, before), removed };
  });
}

/** The consultation of an answer's question (the one given, if any), checked that the actor may analyse it. */
async function answerConsultation(db: Db, v: AnswerKey & { consultationId?: string }, actor: Actor): Promise<string> {
  const [q] = await db.select({ consultationId: questions.consultationId }).from(questions).where(eq(questions.id, v.questionId));
  if (!q || (v.consultationId !== undefined && q.consultationId !== v.consultationId)) throw new NotFoundError("Question");
  await consultationFor(db, q.consultationId, "analysis.edit", actor);
  return q.consultationId;
}

/**
 * Set an answer's whole-answer themes to exactly `themeIds` (passage tags of kept themes stay),
 * and optionally mark it analysed: the API's PUT with If-Match.
 */
export async function setAnswerTags(db: Db, input: SetAnswerTagsInput, actor: Actor): Promise<AnswerTagsState> {
  const v = parse(setAnswerTagsSchema, input);
  const consultationId = await answerConsultation(db, v, actor);
  const wanted = [...new Set(v.themeIds)];
  if (wanted.length) {
    const found = await db.select({ id: themes.id }).from(themes).where(and(inArray(themes.id, wanted), eq(themes.questionId, v.questionId)));
    if (found.length !== wanted.length) throw new InvalidError("Choose themes of this question", { themeIds: "Choose themes of this question" });
  }
  return db.transaction((tx) => replaceAnswerThemes(tx, { ...v, themeIds: wanted }, actor, consultationId));
}

/**
 * Inside the caller's transaction: set an answer's whole-answer themes to exactly `themeIds`
 * (checked against the question's codeframe by the caller; a theme removed goes with its
 * passages, one that only passages carry stays), refused with both versions if the
 * answer changed since `baseVersion` (none: applied on top), unless what is stored is already
 * this choice (the form posted twice: nothing changes). Bumps the version and audits.
 */
export async function replaceAnswerThemes(
  tx: Tx,
  v: AnswerKey & { themeIds: string[]; analysed?: boolean; baseVersion?: number; scope?: string[] },
  actor: Actor,
  consultationId: string,
): Promise<AnswerTagsState> {
  const wanted = v.themeIds;
  // A stale base whose choice is already stored (a double submission) changes nothing and is no clash.
  const settles = v.scope ? undefined : (now: AnswerTagsState) => hasChoice(now, wanted, v.analysed);
  const { settled } = await lockAnswer(tx, v, actor, consultationId, v.baseVersion, { themeIds: wanted, analysed: v.analysed }, settles);
  if (settled) return settled;
  const before = await readAnswerTags(tx, v);
  // `scope`: only these themes' tags may go (a review's themes in dispute); others are left alone.
  const removable = v.scope ? sql`${answerTags.themeId} = any(${uuidArray(v.scope)})` : sql`true`;
  // A theme left out goes with its passages if it was on the whole answer (a box unticked). One
  // that only passages carry is not among the choices (the form's boxes are the whole answer's
  // themes), so saving them leaves it as it is.
  const onWhole = sql`${answerTags.themeId} in (select w.theme_id from answer_tags w
    where w.response_id = ${v.responseId} and w.question_id = ${v.questionId} and w.passage_start is null)`;
  await tx
    .delete(answerTags)
    .where(
      and(
        eq(answerTags.responseId, v.responseId),
        eq(answerTags.questionId, v.questionId),
        removable,
        onWhole,
        wanted.length ? sql`${answerTags.themeId} not in (${sql.join(wanted.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`true`,
      ),
    );
  if (wanted.length) {
    await tx
      .insert(answerTags)
      .values(wanted.map((themeId) => ({ themeId, responseId: v.responseId, questionId: v.questionId, source: "manual" as const, status: "confirmed" as const, createdBy: actor.id })))
      .onConflictDoNothing();
    await tx
      .update(answerTags)
      .set({ status: "confirmed" })
      .where(and(eq(answerTags.responseId, v.responseId), eq(answerTags.questionId, v.questionId), inArray(answerTags.themeId, wanted)));
  }
  return finishAnswerChange(tx, v, actor, consultationId, before, v.analysed);
}

/** A theme's keyword rules as their form shows them (and as a concurrent save is compared: lib/input/edit-merge). */
export function themeRulesValues(r: { phrases: string[]; exclusions: string[] } | undefined) {
  return { phrases: r?.phrases ?? [], exclusions: r?.exclusions ?? [] };
}

/**
 * A theme's keyword rules: any of `phrases` tags an answer, unless any of `exclusions` appears.
 * Two officers saving one theme's rules at once lose neither's edit: with the form's base, a list
 * only a colleague changed meanwhile is kept, and where both changed one list nothing is saved
 * (EditConflictError at that field, with what is stored now). Without a base, what is given is saved.
 */
export async function setThemeRules(db: Db, input: SetThemeRulesInput, actor: Actor, opts: EditOptions = {}) {
  const v = parse(setThemeRulesSchema, input);
  const t = await themeFor(db, v.themeId, actor, v.consultationId);
  const typed = { phrases: [...new Set(v.phrases)], exclusions: [...new Set(v.exclusions)] };
  return db.transaction(async (tx) => {
    // The theme's row, as a merge or a rename takes it: the rules compared with the form's base
    // are the ones this save replaces, and a merge that reads them cannot overwrite this save.
    await lockTheme(tx, t.id);
    const [before] = await tx.select().from(themeRules).where(eq(themeRules.themeId, t.id));
    const { phrases, exclusions } = mergeOrRefuse(themeRulesValues(before), typed, opts.base ?? null);
    const [after] = await tx
      .insert(themeRules)
      .values({ themeId: t.id, phrases, exclusions, updatedBy: actor.id })
      .onConflictDoUpdate({ target: themeRules.themeId, set: { phrases, exclusions, updatedBy: actor.id, updatedAt: new Date() } })
      .returning();
    await writeAudit(tx, themeAudit(actor, t, "theme.rules", before ? { phrases: before.phrases, exclusions: before.exclusions } : null, { phrases, exclusions }));
    return after;
  });
}

/**
 * Re-apply every keyword rule of a question's codeframe to its submitted answers, in Postgres
 * over the answers' tsvector (each phrase as phraseto_tsquery: its words in that order, stemmed,
 * so "parking charge" matches "Parking charges"). Matching answers get a suggested tag (source
 * "rule"); rule tags that no longer match
 * and were never confirmed are removed; tags officers made or confirmed are never touched.
 */
export async function applyKeywordRules(db: Db, input: { consultationId: string; questionId: string }, actor: Actor): Promise<{ added: number; removed: number; themes: number }> {
  const c = await consultationFor(db, input.consultationId, "analysis.edit", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  return db.transaction(async (tx) => {
    const [q] = await tx.select({ id: questions.id }).from(questions).where(and(eq(questions.id, input.questionId), eq(questions.consultationId, c.id)));
    if (!q) throw new NotFoundError("Question");
    // One tsquery per theme: its phrases OR-ed (each stemmed by phraseto_tsquery and re-read
    // as lexemes), and its exclusions likewise.
    const matches = sql`
      with rule as materialized (
        select r.theme_id,
          (select to_tsquery('simple', string_agg('(' || x.q || ')', ' | ')) from (select phraseto_tsquery('english', p)::text as q from unnest(r.phrases) p) x where x.q <> '') as inc,
          (select to_tsquery('simple', string_agg('(' || x.q || ')', ' | ')) from (select phraseto_tsquery('english', p)::text as q from unnest(r.exclusions) p) x where x.q <> '') as exc
        from theme_rules r join themes t on t.id = r.theme_id
        where t.question_id = ${q.id} and cardinality(r.phrases) > 0
      )
      select rule.theme_id, a.response_id, a.question_id
      from rule
      join answers a on a.question_id = ${q.id} and a.search @@ rule.inc and not (rule.exc is not null and a.search @@ rule.exc)
      join responses r on r.id = a.response_id and r.status = 'submitted' and r.consultation_id = ${c.id}
      where rule.inc is not null`;
    const removed = await rowsOf<{ response_id: string; question_id: string }>(
      tx,
      sql`with m as materialized (${matches})
          delete from answer_tags t using themes th
          where th.id = t.theme_id and th.question_id = ${q.id} and t.source = 'rule' and t.status = 'suggested'
            and (t.theme_id, t.response_id, t.question_id) not in (select theme_id, response_id, question_id from m)
          returning t.response_id, t.question_id`,
    );
    const added = await rowsOf<{ response_id: string; question_id: string }>(
      tx,
      sql`insert into answer_tags (theme_id, response_id, question_id, source, status, created_by)
          select theme_id, response_id, question_id, 'rule', 'suggested', ${actor.id}::uuid from (${matches}) m
          on conflict do nothing returning response_id, question_id`,
    );
    const changed = new Map<string, AnswerKey>();
    for (const r of [...removed, ...added]) changed.set(`${r.response_id}/${r.question_id}`, { responseId: r.response_id, questionId: r.question_id });
    if (changed.size) {
      await tx.execute(sql`
        insert into answer_analysis (response_id, question_id, version, updated_by, updated_at)
        select k.r, k.q, 2, ${actor.id}::uuid, now() from (${keysTable([...changed.values()])}) as k(r, q)
        order by k.r, k.q
        on conflict (response_id, question_id) do update set version = answer_analysis.version + 1, updated_by = excluded.updated_by, updated_at = now()`);
    }
    const ruled = await rowsOf<unknown>(tx, sql`update theme_rules set last_applied_at = now() where theme_id in (select id from themes where question_id = ${q.id}) and cardinality(phrases) > 0 returning theme_id`);
    const themesApplied = ruled.length;
    await writeAudit(tx, { actorId: actor.id, action: "theme.apply_rules", entityType: "question", entityId: q.id, consultationId: c.id, before: null, after: { added: added.length, removed: removed.length, themes: themesApplied } });
    return { added: added.length, removed: removed.length, themes: themesApplied };
  });
}

