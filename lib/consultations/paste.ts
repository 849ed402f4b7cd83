// The paste importer's two steps for the officer: preview (what the parser found, and its
// warnings) and create (a draft consultation from the same text, with the details the
// officer gave). The parsing itself is lib/question-sets/parse.ts.
import { z } from "zod";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { InvalidError, zodFieldErrors } from "../errors";
import { importQuestionSet } from "../question-sets/import";
import { extractPaper, type PaperKind } from "../question-sets/extract";
import { MAX_PASTE_BYTES, parseQuestionPaper, type ParseWarning, type SkippedLines } from "../question-sets/parse";
import type { QuestionSet } from "../question-sets/schema";
import { ownerOrganisationFor } from "./commands";
import { detailsFields, gatherDates } from "./schemas";

export { MAX_PASTE_BYTES };

export type PreviewQuestion = {
  number: string;
  subheading?: string;
  text: string;
  hint?: string;
  type: QuestionSet["chapters"][number]["questions"][number]["type"];
  options?: string[];
  required: boolean;
  draftAnswer?: string;
};

export type PastePreview = {
  title: string;
  kind: QuestionSet["kind"];
  questionCount: number;
  answerCount: number;
  chapters: { title: string; description?: string; questions: PreviewQuestion[] }[];
  warnings: ParseWarning[];
  /** Lines not imported (before the questions start, after they end), listed for the officer. */
  skipped: SkippedLines[];
  /** Title lines found at the top of the paper. */
  titleSuggestions: string[];
  /** Where the text came from, when it was an uploaded file, and what reading it left out (a PDF's running headers and page numbers). */
  source?: { kind: PaperKind; fileName: string; pages?: number; leftOut?: string[] };
};

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The clear message for a paste over the limit (checked before the text is parsed or echoed). */
export function tooLargeMessage(bytes: number): string {
  return `Your paste is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_PASTE_BYTES / 1024 / 1024} MB limit, so it was not kept. Paste only the list of questions (and any draft answers), not the whole document.`;
}

/** Parse the paste; throws InvalidError (at field "text") for an empty or oversized paste. */
export function previewPaste(text: string, actor: Actor): PastePreview {
  ownerOrganisationFor(actor);
  const { questionSet, warnings, skipped, titleSuggestions } = parseAt("text", () => parseQuestionPaper(text));
  const questions = questionSet.chapters.flatMap((c) => c.questions);
  return {
    title: questionSet.title,
    kind: questionSet.kind,
    questionCount: questions.length,
    answerCount: questions.filter((q) => q.draftAnswer).length,
    chapters: questionSet.chapters.map((c) => ({
      title: c.title,
      description: c.description,
      questions: c.questions.map((q) => ({
        number: q.number,
        subheading: q.subheading,
        text: q.text,
        hint: q.hint,
        type: q.type,
        options: q.options,
        required: q.required,
        draftAnswer: q.draftAnswer,
      })),
    })),
    warnings,
    skipped,
    titleSuggestions,
  };
}

/**
 * Read an uploaded paper (Word, PDF or text) into text: the officer sees and can correct it in
 * the paste box, and the preview and the created consultation come from that text, as for a paste.
 * Throws InvalidError at field "paperFile" for a bad, encrypted, empty or oversized file.
 */
export async function previewUpload(bytes: Uint8Array, fileName: string, actor: Actor): Promise<{ text: string; preview: PastePreview }> {
  ownerOrganisationFor(actor);
  const paper = await extractPaper(bytes, fileName);
  let text = paper.text;
  if (utf8Bytes(text) > MAX_PASTE_BYTES) {
    const message = `The text of this file is ${(utf8Bytes(text) / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_PASTE_BYTES / 1024 / 1024} MB a paste may be. Upload just the part with the questions, or paste them`;
    throw new InvalidError(message, { paperFile: message });
  }
  text = text.replace(/\u0000/g, "");
  let preview: PastePreview;
  try {
    preview = previewPaste(text, actor);
  } catch (e) {
    if (e instanceof InvalidError) throw new InvalidError(e.message, { paperFile: e.message });
    throw e;
  }
  const source: NonNullable<PastePreview["source"]> = { kind: paper.kind, fileName: fileName.slice(0, 200), pages: paper.pages };
  if (paper.leftOut?.length) source.leftOut = paper.leftOut.slice(0, 50);
  return { text, preview: { ...preview, source } };
}

function parseAt<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidError && !Object.keys(e.fieldErrors).length) throw new InvalidError(e.message, { [field]: e.message });
    throw e;
  }
}

const pasteDetails = z.preprocess(
  gatherDates(["opensOn", "closesOn", "responseDeadline"]),
  detailsFields,
);

/** Check the details typed beside the preview; returns field errors rather than throwing. */
export function checkPasteDetails(values: Record<string, unknown>) {
  const r = pasteDetails.safeParse({ summary: "", audienceDescription: "", privacyNotice: "", ...values });
  return r.success ? { ok: true as const, details: r.data } : { ok: false as const, errors: zodFieldErrors(r.error.issues) };
}

/** Create a draft from the pasted text and the officer's details. */
export async function createFromPaste(db: Db, text: string, details: z.infer<typeof detailsFields>, actor: Actor) {
  ownerOrganisationFor(actor);
  const { questionSet } = parseAt("text", () => parseQuestionPaper(text, { title: details.title, kind: details.kind }));
  const set: QuestionSet = {
    ...questionSet,
    title: details.title,
    kind: details.kind,
    askedBy: details.askedBy || undefined,
    responseDeadline: details.responseDeadline,
    opensOn: details.opensOn,
    closesOn: details.closesOn,
    summary: details.summary || questionSet.summary,
    audienceDescription: details.audienceDescription || questionSet.audienceDescription,
    privacyNotice: details.privacyNotice || questionSet.privacyNotice,
  };
  // What the parser found must pass the question-set schema too; its problem is the paste's.
  try {
    return await importQuestionSet(db, set, actor);
  } catch (e) {
    if (e instanceof InvalidError) throw new InvalidError(e.message, { text: e.message });
    throw e;
  }
}
