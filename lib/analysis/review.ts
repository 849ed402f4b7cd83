// A second officer's review of one question's tagging. An officer draws a seeded sample of
// answers another officer has finished (marked analysed) and codes them again, blind: the
// review page never shows the first officer's themes for an answer still to be coded. Agreement
// between the two is measured per theme (lib/analysis/agreement); answers coded differently are
// listed, and an officer records the themes agreed, which become the answer's tags. Every save
// carries the item's version, so two officers saving one item at once never lose an edit
// silently: the second is refused with both versions. Every change is audited.
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type Tx } from "../../db/client";
import { tagReviews } from "../../db/schema";
import { writeAudit } from "../audit";
import { can, type Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { uuidArray } from "../sql";
import { disagrees, measureAgreement, type AgreementReport } from "./agreement";
import { replaceAnswerThemes } from "./codeframe";
import {
  codeReviewItemFormSchema,
  resolveReviewItemFormSchema,
  startTagReviewFormSchema,
  type CodeReviewItemInput,
  type ResolveReviewItemInput,
  type StartTagReviewInput,
} from "./schemas";
import { parse } from "./statements";

async function questionIn(db: Db | Tx, consultationId: string, questionId: string) {
  if (!isUuid(questionId)) throw new NotFoundError("Question");
  const [q] = await rowsOf<{ id: string }>(db, sql`select id from questions where id = ${questionId} and consultation_id = ${consultationId}`);
  if (!q) throw new NotFoundError("Question");
  return q;
}

async function checkThemes(db: Db | Tx, questionId: string, themeIds: string[]) {
  const wanted = [...new Set(themeIds)];
  if (!wanted.length) return wanted;
  const found = await rowsOf<{ id: string }>(db, sql`select id from themes where question_id = ${questionId} and id = any(${uuidArray(wanted)})`);
  if (found.length !== wanted.length) throw new InvalidError("Choose themes of this question", { themeIds: "Choose themes of this question" });
  return wanted;
}

/**
 * Start a review: a sample of `size` answers to the question, marked analysed and last tagged
 * by someone other than the actor, drawn in a seeded order (the same seed draws the same
 * sample). The actor becomes the second officer who codes them.
 */
export async function startTagReview(db: Db, input: StartTagReviewInput, actor: Actor, seed = Math.floor(Math.random() * 2 ** 31)): Promise<{ id: string; size: number }> {
  const v = parse(startTagReviewFormSchema, input);
  const c = await consultationFor(db, v.consultationId, "analysis.edit", actor);
  const q = await questionIn(db, c.id, v.questionId);
  return db.transaction(async (tx) => {
    const [review] = await tx.insert(tagReviews).values({ consultationId: c.id, questionId: q.id, reviewerId: actor.id, seed }).returning();
    const inserted = await rowsOf<{ responseId: string }>(
      tx,
      sql`insert into tag_review_items (review_id, response_id, question_id, position, first_theme_ids, first_coded_by)
          select ${review!.id}::uuid, a.response_id, a.question_id,
            row_number() over (order by md5(${String(seed)} || a.response_id::text)),
            coalesce((select array_agg(distinct g.theme_id) from answer_tags g
              where g.response_id = a.response_id and g.question_id = a.question_id and g.status = 'confirmed'), '{}'::uuid[]),
            x.updated_by
          from answers a
          join responses r on r.id = a.response_id and r.status = 'submitted' and r.consultation_id = ${c.id}
          join answer_analysis x on x.response_id = a.response_id and x.question_id = a.question_id and x.analysed
          where a.question_id = ${q.id} and a.value_text <> '' and x.updated_by is distinct from ${actor.id}::uuid
          order by md5(${String(seed)} || a.response_id::text)
          limit ${v.size}
          returning response_id as "responseId"`,
    );
    if (!inserted.length) {
      // Nothing written survives: the review row goes with the transaction.
      throw new InvalidError("No answers to review yet: another officer must first tag answers and mark them analysed", { size: "No answers to review yet: another officer must first tag answers and mark them analysed" });
    }
    await writeAudit(tx, { actorId: actor.id, action: "tag_review.start", entityType: "tag_review", entityId: review!.id, consultationId: c.id, before: null, after: { questionId: q.id, size: inserted.length, seed } });
    return { id: review!.id, size: inserted.length };
  });
}

type ItemRow = {
  reviewId: string;
  responseId: string;
  questionId: string;
  consultationId: string;
  reviewerId: string;
  firstThemeIds: string[];
  secondThemeIds: string[] | null;
  resolvedThemeIds: string[] | null;
  resolutionNote: string | null;
  version: number;
};

async function lockItem(tx: Tx, consultationId: string, reviewId: string, responseId: string): Promise<ItemRow> {
  const [item] = await rowsOf<ItemRow>(
    tx,
    sql`select i.review_id as "reviewId", i.response_id as "responseId", i.question_id as "questionId", r.consultation_id as "consultationId", r.reviewer_id as "reviewerId",
          i.first_theme_ids as "firstThemeIds", i.second_theme_ids as "secondThemeIds", i.resolved_theme_ids as "resolvedThemeIds", i.resolution_note as "resolutionNote", i.version
        from tag_review_items i join tag_reviews r on r.id = i.review_id
        where i.review_id = ${reviewId} and i.response_id = ${responseId} and r.consultation_id = ${consultationId}
        for update of i`,
  );
  if (!item) throw new NotFoundError("Answer in the review");
  return item;
}

const itemState = (i: ItemRow) => ({ secondThemeIds: i.secondThemeIds, resolvedThemeIds: i.resolvedThemeIds, resolutionNote: i.resolutionNote, version: i.version });
export type ReviewItemState = ReturnType<typeof itemState>;

function checkVersion(item: ItemRow, baseVersion: number, attempted: unknown) {
  if (item.version !== baseVersion) {
    throw new ConflictError("Someone saved this answer's review while you were working on it. Both versions are shown: check and save again.", itemState(item), attempted as ReviewItemState);
  }
}

/** The second officer's themes for one sampled answer (only the officer who started the review codes it). */
export async function codeReviewItem(db: Db, input: CodeReviewItemInput, actor: Actor): Promise<ReviewItemState> {
  const v = parse(codeReviewItemFormSchema, input);
  const c = await consultationFor(db, v.consultationId, "analysis.edit", actor);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, c.id, v.reviewId, v.responseId);
    if (item.reviewerId !== actor.id) throw new ForbiddenError();
    const themeIds = await checkThemes(tx, item.questionId, v.themeIds);
    checkVersion(item, v.baseVersion, { secondThemeIds: themeIds });
    const [after] = await rowsOf<ItemRow>(
      tx,
      sql`update tag_review_items set second_theme_ids = ${uuidArray(themeIds)}, second_coded_at = now(), version = version + 1
          where review_id = ${item.reviewId} and response_id = ${item.responseId}
          returning second_theme_ids as "secondThemeIds", resolved_theme_ids as "resolvedThemeIds", resolution_note as "resolutionNote", version`,
    );
    await writeAudit(tx, { actorId: actor.id, action: "tag_review.code", entityType: "tag_review", entityId: `${item.reviewId}/${item.responseId}`, consultationId: c.id, before: { secondThemeIds: item.secondThemeIds }, after: { secondThemeIds: themeIds } });
    return itemState({ ...item, ...after! });
  });
}

/**
 * Record the themes agreed for an answer the two officers coded differently, with a note; in the
 * same transaction the answer's tags of the themes in dispute follow it (those agreed confirmed,
 * those left out removed), and a theme tagged since the coding stays.
 */
export async function resolveReviewItem(db: Db, input: ResolveReviewItemInput, actor: Actor): Promise<ReviewItemState> {
  const v = parse(resolveReviewItemFormSchema, input);
  const c = await consultationFor(db, v.consultationId, "analysis.edit", actor);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, c.id, v.reviewId, v.responseId);
    if (item.secondThemeIds === null) throw new InvalidError("The second officer has not coded this answer yet");
    const themeIds = await checkThemes(tx, item.questionId, v.themeIds);
    const note = v.note ?? "";
    checkVersion(item, v.baseVersion, { secondThemeIds: item.secondThemeIds, resolvedThemeIds: themeIds, resolutionNote: note, version: v.baseVersion });
    const [after] = await rowsOf<ItemRow>(
      tx,
      sql`update tag_review_items set resolved_theme_ids = ${uuidArray(themeIds)}, resolution_note = ${note}, resolved_by = ${actor.id}, resolved_at = now(), version = version + 1
          where review_id = ${item.reviewId} and response_id = ${item.responseId}
          returning second_theme_ids as "secondThemeIds", resolved_theme_ids as "resolvedThemeIds", resolution_note as "resolutionNote", version`,
    );
    // Only the themes in dispute change: those either officer coded and the resolution left out
    // go, the resolution's are tagged and confirmed; any other theme's tags (made since the
    // coding, by anyone, or suggested) stay as they are.
    const disputed = [...new Set([...(item.firstThemeIds ?? []), ...(item.secondThemeIds ?? []), ...themeIds])];
    await replaceAnswerThemes(tx, { responseId: item.responseId, questionId: item.questionId, themeIds, scope: disputed }, actor, c.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "tag_review.resolve",
      entityType: "tag_review",
      entityId: `${item.reviewId}/${item.responseId}`,
      consultationId: c.id,
      before: { firstThemeIds: item.firstThemeIds, secondThemeIds: item.secondThemeIds, resolvedThemeIds: item.resolvedThemeIds },
      after: { resolvedThemeIds: themeIds, note },
    });
    return itemState({ ...item, ...after! });
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a review.

export type ReviewItemView = {
  responseId: string;
  position: number;
  text: string;
  respondent: string;
  reference: string | null;
  /** Blind: null until the second officer has coded the answer. */
  firstThemeIds: string[] | null;
  secondThemeIds: string[] | null;
  resolvedThemeIds: string[] | null;
  resolutionNote: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  version: number;
};

export type TagReviewSummary = { id: string; createdAt: Date; reviewerName: string; size: number; coded: number; resolved: number };

/** An answer both officers coded, differently: both codings shown, and the themes they share (the starting point of a resolution). */
export type DifferingItemView = ReviewItemView & { firstThemeIds: string[]; secondThemeIds: string[]; sharedThemeIds: string[] };

export type TagReviewView = {
  reviews: TagReviewSummary[];
  review:
    | (TagReviewSummary & {
        reviewerId: string;
        disagreements: number;
        items: ReviewItemView[];
        /** The sampled answers the second officer has still to code, in sample order. */
        toCode: ReviewItemView[];
        /** The answers the two officers coded differently, in sample order. */
        differing: DifferingItemView[];
      })
    | null;
  themes: { id: string; name: string }[];
  agreement: AgreementReport | null;
  canEdit: boolean;
  /** The actor is the review's second officer: the answers still to code are theirs. */
  isReviewer: boolean;
};

/** A question's reviews (newest first) and one of them (`reviewId`, else the newest) with its items and agreement. */
export async function getTagReview(db: Db, input: { consultationId: string; questionId: string; reviewId?: string }, actor: Actor): Promise<TagReviewView> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionIn(db, c.id, input.questionId);
  if (input.reviewId !== undefined && !isUuid(input.reviewId)) throw new NotFoundError("Review");
  const themes = await rowsOf<{ id: string; name: string }>(db, sql`select id, name from themes where question_id = ${q.id} order by lower(name)`);
  const themeIds = themes.map((t) => t.id);
  const list = await rowsOf<TagReviewSummary & { reviewerId: string }>(
    db,
    sql`select r.id, r.created_at as "createdAt", r.reviewer_id as "reviewerId", coalesce(u.name, u.email, 'an officer') as "reviewerName",
          count(i.*)::int as size, count(i.second_theme_ids)::int as coded, count(i.resolved_theme_ids)::int as resolved
        from tag_reviews r join users u on u.id = r.reviewer_id left join tag_review_items i on i.review_id = r.id
        where r.question_id = ${q.id} and r.consultation_id = ${c.id}
        group by r.id, u.name, u.email order by r.created_at desc`,
  );
  const chosen = input.reviewId ? list.find((r) => r.id === input.reviewId) : list[0];
  if (input.reviewId && !chosen) throw new NotFoundError("Review");
  let items: ReviewItemView[] = [];
  if (chosen) {
    items = await rowsOf<ReviewItemView>(
      db,
      sql`select i.response_id as "responseId", i.position, a.value_text as text, coalesce(o.name, 'A respondent') as respondent, rs.reference,
            case when i.second_theme_ids is null then null else i.first_theme_ids end as "firstThemeIds", i.second_theme_ids as "secondThemeIds", i.resolved_theme_ids as "resolvedThemeIds",
            i.resolution_note as "resolutionNote", coalesce(u.name, u.email) as "resolvedByName", i.resolved_at as "resolvedAt", i.version
          from tag_review_items i
          join answers a on a.response_id = i.response_id and a.question_id = i.question_id
          join responses rs on rs.id = i.response_id
          left join organisations o on o.id = rs.organisation_id
          left join users u on u.id = i.resolved_by
          where i.review_id = ${chosen.id} order by i.position`,
    );
  }
  const toCode = items.filter((i) => i.secondThemeIds === null);
  const coded = items.filter((i) => i.secondThemeIds !== null).map((i) => ({ item: i, first: i.firstThemeIds!, second: i.secondThemeIds! }));
  const differing: DifferingItemView[] = coded
    .filter((p) => disagrees(themeIds, p))
    .map(({ item, first, second }) => ({ ...item, firstThemeIds: first, secondThemeIds: second, sharedThemeIds: first.filter((x) => second.includes(x)) }));
  return {
    reviews: list.map(({ reviewerId: _r, ...r }) => r),
    review: chosen ? { ...chosen, disagreements: differing.length, items, toCode, differing } : null,
    themes,
    agreement: coded.length ? measureAgreement(themeIds, coded.map(({ first, second }) => ({ first, second }))) : null,
    canEdit: can(actor, "analysis.edit", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }),
    isReviewer: Boolean(chosen && chosen.reviewerId === actor.id),
  };
}
