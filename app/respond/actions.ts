"use server";
// The respondent's two actions, on plain forms: save a chapter (Save and continue, Save and
// come back later, or an autosave from the browser) and submit. Both go through formAction.
import { redirect } from "next/navigation";
import { InvalidError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { formToValue, valueToForm } from "@/lib/questions/answers";
import { saveAnswers, submitResponse } from "@/lib/responses/commands";
import { getRespondContext } from "@/lib/responses/queries";
import {
  baseField,
  chapterFormSchema,
  encodeBase,
  parseResolve,
  questionIdsInForm,
  questionPrefix,
  resolveField,
  submitFormSchema,
} from "@/lib/responses/schemas";
import type { FormState } from "@/components/ui/form-state";
import type { ConflictView } from "@/components/response/chapter-state";
import { formAction } from "../_server/action";

function respondPath(slug: string, rest: string, organisationId: string, several: boolean) {
  return `/respond/${encodeURIComponent(slug)}${rest}${several ? `${rest.includes("?") ? "&" : "?"}org=${organisationId}` : ""}`;
}

export const saveChapterAction = formAction(chapterFormSchema, async (input, { db, actor }) => {
  const ctx = await getRespondContext(db, { slug: input.slug, organisationId: input.organisationId }, actor);
  const chapter = ctx.chapters[input.chapter - 1];
  if (!chapter) throw new InvalidError("That chapter is not part of this consultation. Nothing has been saved.");
  const fields = input as Record<string, string | string[] | undefined>;
  const byId = new Map(ctx.questions.map((q) => [q.id, q]));
  const posted = questionIdsInForm(Object.keys(fields)).map((questionId) => {
    const q = byId.get(questionId);
    const resolve = parseResolve(fields[resolveField(questionId)]);
    return {
      questionId,
      // An id from elsewhere gets no value here; saveAnswers refuses it and stores nothing.
      value: q ? formToValue(q, fields, questionPrefix(questionId)) : null,
      base: resolve?.keep === "mine" ? encodeBase(resolve.base) : (fields[baseField(questionId)] as string | undefined),
      keepTheirs: resolve?.keep === "theirs",
    };
  });
  const result = await saveAnswers(
    db,
    {
      consultationId: ctx.consultation.id,
      organisationId: ctx.organisation.id,
      chapterId: chapter.id,
      answers: posted,
      requireAnswers: input.intent === "continue",
    },
    actor,
  );

  // What goes back to the form: what was typed, with each question's base moved on where it
  // was saved, and a colleague's newer answer in place where this person had not changed it.
  const autosave = input.intent === "autosave";
  const values: Record<string, string | string[]> = autosave ? {} : { ...(input as Record<string, string | string[]>) };
  const conflicts: Record<string, ConflictView> = {};
  const attempted: Record<string, string> = {};
  for (const [id, o] of Object.entries(result.outcomes)) {
    delete values[resolveField(id)];
    if (o.status === "saved" || o.status === "unchanged") values[baseField(id)] = o.base;
    if (!autosave && (o.status === "refreshed" || o.status === "kept_theirs")) {
      const q = byId.get(id)!;
      Object.assign(values, valueToForm(q, o.current.value, questionPrefix(id)), { [baseField(id)]: o.base });
    }
    if (o.status === "conflict") {
      conflicts[id] = {
        by: o.current.updatedByName ?? "Someone else in your organisation",
        at: o.current.updatedAt ? formatDateTime(o.current.updatedAt) : "",
        text: o.current.text,
        base: o.current.base,
        message: result.errors[id] ?? "",
      };
      attempted[id] = o.attemptedText;
    }
  }
  const errors = Object.fromEntries(Object.entries(result.errors).map(([id, message]) => [questionPrefix(id), message]));
  const problem = Object.keys(errors).length > 0;
  if (!problem && !autosave) {
    const several = ctx.organisationChoices.length > 1;
    if (input.intent === "later") redirect(respondPath(ctx.consultation.slug, "?saved=1", ctx.organisation.id, several));
    const next =
      input.returnTo === "check" || input.chapter >= ctx.chapters.length ? "/check" : `/chapter/${input.chapter + 1}`;
    redirect(respondPath(ctx.consultation.slug, next, ctx.organisation.id, several));
  }
  const state: FormState = {
    ok: !problem,
    message: problem ? "There is a problem" : result.savedCount ? "Saved" : "No changes to save",
    errors,
    values,
    conflict: Object.keys(conflicts).length ? { current: conflicts, attempted } : undefined,
  };
  return state;
});

export const submitResponseAction = formAction(submitFormSchema, async (input, { db, actor }) => {
  const ctx = await getRespondContext(db, { slug: input.slug, organisationId: input.organisationId }, actor);
  await submitResponse(
    db,
    {
      consultationId: ctx.consultation.id,
      organisationId: ctx.organisation.id,
      revision: input.revision,
      declaration: input.declaration === "yes",
    },
    actor,
  );
  redirect(respondPath(ctx.consultation.slug, "/confirmation", ctx.organisation.id, ctx.organisationChoices.length > 1));
});
