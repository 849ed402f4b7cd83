"use server";
// The importer's actions: check and create from a pasted paper, or import a question-set file.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/components/ui/form-state";
import { MAX_PASTE_BYTES, checkPasteDetails, createFromPaste, previewPaste, previewUpload, tooLargeMessage, utf8Bytes, type PastePreview } from "@/lib/consultations/paste";
import { MAX_UPLOAD_BYTES } from "@/lib/question-sets/extract";
import { ownerOrganisationFor } from "@/lib/consultations/commands";
import { MAX_QUESTION_SET_BYTES, importQuestionSet, parseQuestionSetJson, type ImportError } from "@/lib/question-sets/import";
import { formAction } from "../../_server/action";

export type PasteState = FormState & { preview?: PastePreview };
export type JsonState = FormState & { importErrors?: ImportError[] };

const stringValues = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === "string" || Array.isArray(v))) as Record<string, string | string[]>;

const pasteInput = z.looseObject({
  intent: z.enum(["preview", "create"]).catch("preview"),
  text: z.string().default(""),
});

const pasteInner = formAction(pasteInput, async (input, { db, actor }) => {
  const values = stringValues(input);
  const preview = previewPaste(input.text, actor);
  if (input.intent === "preview") {
    const state: PasteState = { values: { ...values, title: values.title || preview.title, kind: values.kind || preview.kind }, preview };
    return state;
  }
  const checked = checkPasteDetails(values);
  if (!checked.ok) {
    const state: PasteState = { message: "There is a problem", errors: checked.errors, values, preview };
    return state;
  }
  const c = await createFromPaste(db, input.text, checked.details, actor);
  revalidatePath("/manage");
  redirect(`/manage/${c.id}/edit?imported=1`);
});

/** An uploaded paper: read into the paste box's text, and previewed, whatever button was pressed. */
const uploadInner = (file: { bytes: Uint8Array; name: string }) =>
  formAction(pasteInput, async (input, { actor }) => {
    const values = stringValues(input);
    const { text, preview } = await previewUpload(file.bytes, file.name, actor);
    const state: PasteState = { values: { ...values, text, title: values.title || preview.title, kind: values.kind || preview.kind }, preview };
    return state;
  });

export async function pasteImportAction(prev: PasteState, formData: FormData): Promise<PasteState> {
  const file = formData.get("paperFile");
  formData.delete("paperFile");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_UPLOAD_BYTES) {
      // Refused before reading; what was typed is kept.
      const message = `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; upload a file smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, or paste the questions instead`;
      const values: Record<string, string> = {};
      for (const [k, v] of formData.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) values[k] = k === "text" && utf8Bytes(v) > MAX_PASTE_BYTES ? "" : v;
      return { message, errors: { paperFile: message }, values };
    }
    return uploadInner({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name })(prev, formData);
  }
  const text = formData.get("text");
  if (typeof text === "string" && utf8Bytes(text) > MAX_PASTE_BYTES) {
    // Refused before parsing, and not sent back: the page stays light and nothing changes.
    const message = tooLargeMessage(utf8Bytes(text));
    const values: Record<string, string> = {};
    for (const [k, v] of formData.entries()) if (typeof v === "string" && k !== "text" && !k.startsWith("$ACTION")) values[k] = v;
    return { message, errors: { text: message }, values: { ...values, text: "" } };
  }
  return pasteInner(prev, formData);
}

const jsonInner = formAction(z.object({ json: z.string().default("") }), async (input, { db, actor }) => {
  ownerOrganisationFor(actor);
  const parsed = parseQuestionSetJson(input.json);
  if (!parsed.ok) {
    const n = parsed.errors.length;
    const message = n === 1 ? `The question set has a problem: ${parsed.errors[0].message}` : `The question set has ${n} problems; nothing was imported`;
    const state: JsonState = {
      message,
      errors: { json: message },
      values: { json: utf8Bytes(input.json) <= 200_000 ? input.json : "" },
      importErrors: parsed.errors,
    };
    return state;
  }
  const c = await importQuestionSet(db, parsed.set, actor);
  revalidatePath("/manage");
  redirect(`/manage/${c.id}/edit?imported=1`);
});

/** A chosen file takes the place of pasted JSON. */
export async function jsonImportAction(prev: JsonState, formData: FormData): Promise<JsonState> {
  const file = formData.get("jsonFile");
  formData.delete("jsonFile");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_QUESTION_SET_BYTES) {
      const m = `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; a question set must be smaller than ${MAX_QUESTION_SET_BYTES / 1024 / 1024} MB`;
      return { message: m, errors: { json: m }, values: { json: "" } };
    }
    formData.set("json", await file.text());
  }
  return jsonInner(prev, formData);
}
