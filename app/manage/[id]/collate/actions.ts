"use server";
// Server actions for the analysis of free-text answers (issue 17): the codeframe, tags, keyword
// rules and suggestion runs. Each is a thin caller of lib/analysis through the one wrapper.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { bulkTagAnswers, tagPassageByQuote } from "@/lib/analysis/bulk";
import { applyKeywordRules, createTheme, deleteTheme, mergeThemes, removePassageTag, setAnswerTags, setThemeRules, updateTheme } from "@/lib/analysis/codeframe";
import {
  answerTagsFormSchema,
  bulkTagFormSchema,
  createThemeFormSchema,
  deleteThemeFormSchema,
  mergeThemesFormSchema,
  passageTagFormSchema,
  removePassageFormSchema,
  codeReviewItemFormSchema,
  questionFormSchema,
  resolveReviewItemFormSchema,
  runFormSchema,
  startTagReviewFormSchema,
  suggestionFormSchema,
  themeRulesFormSchema,
  updateThemeFormSchema,
} from "@/lib/analysis/schemas";
import { acceptSuggestion, cancelSuggestionRun, mergeSuggestion, rejectSuggestion, startSuggestionRun } from "@/lib/analysis/suggestions";
import { codeReviewItem, resolveReviewItem, startTagReview } from "@/lib/analysis/review";
import { parseEditBase } from "@/lib/input/edit-merge";
import { themeChangeParams, type ThemeChange } from "@/lib/analysis/theme-change";
import { clip } from "@/lib/text/clip";
import { plural } from "@/lib/text/plural";
import { formAction } from "../../../_server/action";

const done = (consultationId: string, message: string) => {
  revalidatePath(`/manage/${consultationId}`, "layout");
  return { ok: true, message, values: {} };
};

export const createThemeAction = formAction(createThemeFormSchema, async (input, { db, actor }) => {
  const t = await createTheme(db, input, actor);
  return done(input.consultationId, `Theme “${t.name}” added`);
});

export const updateThemeAction = formAction(updateThemeFormSchema, async (input, { db, actor }) => {
  const t = await updateTheme(db, input, actor);
  return done(input.consultationId, `Theme “${t.name}” saved`);
});

// A merge or a deletion takes away the theme whose forms were posted (and their place to say what
// happened): the themes page says it instead, from the redirect's parameters (lib/analysis/theme-change).
// The cross-tab the page showed (`by`) is kept.
const themesPage = (consultationId: string, questionId: string, change: ThemeChange, by?: string) =>
  `/manage/${consultationId}/collate/${questionId}/themes?${themeChangeParams(change, by)}#codeframe-heading`;

export const mergeThemesAction = formAction(mergeThemesFormSchema, async (input, { db, actor }) => {
  const { target, movedTags } = await mergeThemes(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  redirect(themesPage(input.consultationId, target.questionId, { kind: "merged", into: target.id, moved: movedTags }, input.by));
});

export const deleteThemeAction = formAction(deleteThemeFormSchema, async (input, { db, actor }) => {
  const { movedTags, removedTags, questionId, movedTo } = await deleteTheme(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  redirect(themesPage(input.consultationId, questionId, { kind: "deleted", moved: movedTags, removed: removedTags, movedTo }, input.by));
});

export const themeRulesAction = formAction(themeRulesFormSchema, async (input, { db, actor }) => {
  const { editBase, ...rules } = input;
  const r = await setThemeRules(db, rules, actor, { base: parseEditBase(editBase) });
  return done(input.consultationId, `Keyword rules saved: ${plural(r.phrases.length, "word or phrase", "words or phrases")}, ${plural(r.exclusions.length, "exclusion")}`);
});

export const applyRulesAction = formAction(questionFormSchema, async (input, { db, actor }) => {
  const r = await applyKeywordRules(db, input, actor);
  return done(input.consultationId, `Keyword rules applied: ${plural(r.added, "answer")} newly suggested, ${plural(r.removed, "suggested tag")} that no longer match removed`);
});

export const answerTagsAction = formAction(answerTagsFormSchema, async (input, { db, actor }) => {
  const state = await setAnswerTags(db, input, actor);
  return done(input.consultationId, `Saved: ${state.tags.length ? state.tags.map((t) => t.themeName).join(", ") : "no themes"}${state.analysed ? " · analysed" : ""}`);
});

export const passageTagAction = formAction(passageTagFormSchema, async (input, { db, actor }) => {
  await tagPassageByQuote(db, input, actor);
  return done(input.consultationId, "Passage tagged");
});

export const removePassageAction = formAction(removePassageFormSchema, async (input, { db, actor }) => {
  const { removed } = await removePassageTag(db, input, actor);
  if (!removed) return done(input.consultationId, "That passage had been removed already");
  return done(input.consultationId, `Passage removed: “${clip(removed.passageText ?? "", 80)}” (${removed.themeName})`);
});

export const bulkTagAction = formAction(bulkTagFormSchema, async (input, { db, actor }) => {
  const r = await bulkTagAnswers(db, input, actor);
  const which = plural(r.answers, "answer");
  const message =
    r.op === "tag"
      ? `${which} tagged “${r.themeName}” (${r.changed.toLocaleString("en-GB")} newly)`
      : r.op === "untag"
        ? `“${r.themeName}” removed from ${plural(r.changed, "answer")}`
        : r.op === "analysed"
          ? `${which} marked analysed`
          : `${plural(r.changed, "tag")} moved to the new theme “${r.themeName}”`;
  return done(input.consultationId, message);
});

export const startSuggestionsAction = formAction(questionFormSchema, async (input, { db, actor }) => {
  await startSuggestionRun(db, input, actor);
  return done(input.consultationId, "Working out suggested themes. This page shows the progress.");
});

export const cancelSuggestionsAction = formAction(runFormSchema, async (input, { db, actor }) => {
  await cancelSuggestionRun(db, input, actor);
  return done(input.consultationId, "Suggestions cancelled");
});

export const decideSuggestionAction = formAction(suggestionFormSchema, async (input, { db, actor }) => {
  if (input.op === "reject") {
    await rejectSuggestion(db, input, actor);
    return done(input.consultationId, "Suggestion rejected");
  }
  if (input.op === "merge") {
    const r = await mergeSuggestion(db, { consultationId: input.consultationId, runId: input.runId, key: input.key, themeId: input.themeId! }, actor);
    return done(input.consultationId, `Merged into “${r.theme.name}”: ${plural(r.tagged, "answer")} tagged as suggested`);
  }
  const r = await acceptSuggestion(db, { consultationId: input.consultationId, runId: input.runId, key: input.key, name: input.name || undefined }, actor);
  return done(input.consultationId, `Theme “${r.theme.name}” added: ${plural(r.tagged, "answer")} tagged as suggested, to confirm`);
});

// A second officer's review of tags (lib/analysis/review).
export const startTagReviewAction = formAction(startTagReviewFormSchema, async (input, { db, actor }) => {
  const r = await startTagReview(db, input, actor);
  return done(input.consultationId, `Review started: ${plural(r.size, "answer")} to code`);
});

export const codeReviewItemAction = formAction(codeReviewItemFormSchema, async (input, { db, actor }) => {
  await codeReviewItem(db, input, actor);
  return done(input.consultationId, "Your themes for this answer are saved");
});

export const resolveReviewItemAction = formAction(resolveReviewItemFormSchema, async (input, { db, actor }) => {
  await resolveReviewItem(db, input, actor);
  return done(input.consultationId, "Agreed themes recorded and applied to the answer");
});
