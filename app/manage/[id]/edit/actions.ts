"use server";
// Server actions of the consultation editor and the overview's publish and close buttons. Each
// goes through formAction (session → zod → lib, which checks permission and audits).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  addChapter,
  addQuestion,
  addStage,
  deleteChapter,
  deleteQuestion,
  deleteStage,
  moveChapter,
  moveQuestion,
  moveStage,
  updateChapter,
  updateConsultationDetails,
  updateQuestion,
  updateStage,
  addQuestionsFromBank,
} from "@/lib/consultations/editor";
import { duplicateConsultation } from "@/lib/consultations/duplicate";
import { closeConsultation, NoAudienceError, publishConsultationAs, reopenConsultation } from "@/lib/consultations/publishing";
import { addFromBankSchema, chapterSchema, consultationIdSchema, deleteSchema, moveSchema, publishSchema, questionSchema, reopenConsultationSchema, stageSchema, updateDetailsSchema } from "@/lib/consultations/schemas";
import { nudgeJobWorker } from "@/lib/jobs/worker";
import { formAction } from "../../../_server/action";
import { parseEditBase } from "@/lib/input/edit-merge";

const edit = (id: string) => `/manage/${id}/edit`;

function done(id: string, anchor?: string): never {
  revalidatePath(`/manage/${id}`, "layout");
  revalidatePath("/consultations");
  redirect(`${edit(id)}${anchor ? `#${anchor}` : ""}`);
}

export const updateDetailsAction = formAction(updateDetailsSchema, async (input, { db, actor }) => {
  const { consultationId, editBase, ...details } = input;
  await updateConsultationDetails(db, consultationId, details, actor, { base: parseEditBase(editBase) });
  done(consultationId, "details");
});

export const saveStageAction = formAction(stageSchema, async (input, { db, actor }) => {
  const { consultationId, stageId, editBase, ...stage } = input;
  const s = stageId ? await updateStage(db, consultationId, stageId, stage, actor, { base: parseEditBase(editBase) }) : await addStage(db, consultationId, stage, actor);
  done(consultationId, `stage-${s.id}`);
});

export const deleteStageAction = formAction(deleteSchema, async (input, { db, actor }) => {
  await deleteStage(db, input.consultationId, input.itemId, actor);
  done(input.consultationId, "stages");
});

export const moveStageAction = formAction(moveSchema, async (input, { db, actor }) => {
  await moveStage(db, input.consultationId, input.itemId, input.direction, actor);
  done(input.consultationId, `stage-${input.itemId}`);
});

export const saveChapterAction = formAction(chapterSchema, async (input, { db, actor }) => {
  const { consultationId, sectionId, editBase, ...chapter } = input;
  const s = sectionId ? await updateChapter(db, consultationId, sectionId, chapter, actor, { base: parseEditBase(editBase) }) : await addChapter(db, consultationId, chapter, actor);
  done(consultationId, `chapter-${s.id}`);
});

export const deleteChapterAction = formAction(deleteSchema, async (input, { db, actor }) => {
  await deleteChapter(db, input.consultationId, input.itemId, actor);
  done(input.consultationId, "chapters");
});

export const moveChapterAction = formAction(moveSchema, async (input, { db, actor }) => {
  await moveChapter(db, input.consultationId, input.itemId, input.direction, actor);
  done(input.consultationId, `chapter-${input.itemId}`);
});

export const saveQuestionAction = formAction(questionSchema, async (input, { db, actor }) => {
  const { consultationId, sectionId, questionId, editBase, ...question } = input;
  const q = questionId
    ? await updateQuestion(db, consultationId, questionId, sectionId, question, actor, { base: parseEditBase(editBase) })
    : await addQuestion(db, consultationId, sectionId, question, actor);
  done(consultationId, `question-${q.id}`);
});

export const deleteQuestionAction = formAction(deleteSchema, async (input, { db, actor }) => {
  await deleteQuestion(db, input.consultationId, input.itemId, actor);
  done(input.consultationId, "chapters");
});

export const moveQuestionAction = formAction(moveSchema, async (input, { db, actor }) => {
  await moveQuestion(db, input.consultationId, input.itemId, input.direction, actor);
  done(input.consultationId, `question-${input.itemId}`);
});

export const publishAction = formAction(publishSchema, async (input, { db, actor }) => {
  let res: Awaited<ReturnType<typeof publishConsultationAs>>;
  try {
    res = await publishConsultationAs(db, input.consultationId, actor, new Date(), { confirmNoAudience: input.confirm === "yes" });
  } catch (e) {
    // Nobody invited: the overview asks "Publish anyway?" (a page step, so it works without JavaScript).
    if (e instanceof NoAudienceError) redirect(`/manage/${input.consultationId}?publish=confirm#confirm`);
    throw e;
  }
  if (res.invitationsQueued) nudgeJobWorker();
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  revalidatePath("/consultations");
  redirect(`/manage/${input.consultationId}?published=${res.version}&invited=${res.invitationsQueued}`);
});

export const reopenAction = formAction(reopenConsultationSchema, async (input, { db, actor }) => {
  await reopenConsultation(db, input, actor);
  nudgeJobWorker();
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  revalidatePath("/consultations");
  redirect(`/manage/${input.consultationId}?reopened=1`);
});

export const closeAction = formAction(z.object({ consultationId: z.uuid(), confirm: z.literal("yes", { error: "Confirm that you want to close the consultation" }) }), async (input, { db, actor }) => {
  await closeConsultation(db, input.consultationId, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  revalidatePath("/consultations");
  redirect(`/manage/${input.consultationId}?closed=1`);
});

/** A copy of the consultation as a new draft; the officer lands in its editor. */
export const duplicateConsultationAction = formAction(consultationIdSchema, async (input, { db, actor }) => {
  const copy = await duplicateConsultation(db, input.consultationId, actor);
  revalidatePath("/manage");
  redirect(`/manage/${copy.id}/edit?duplicated=1`);
});

/** Copies of questions picked in the question bank, at the end of the chosen chapter. */
export const addFromBankAction = formAction(addFromBankSchema, async (input, { db, actor }) => {
  const added = await addQuestionsFromBank(db, input.consultationId, input.sectionId, input.questionIds, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  revalidatePath("/consultations");
  redirect(`${edit(input.consultationId)}?added=${added.length}#chapter-${input.sectionId}`);
});
