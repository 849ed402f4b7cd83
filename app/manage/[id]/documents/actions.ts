"use server";
// Server actions of the officer's document pages: add a document (pasted or a Word file), save
// and publish a version, start the next one, and answer a comment. Each goes through formAction
// (session → zod → lib, which checks permission and audits).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createDocument, publishVersion, respondToComment, saveVersionText, startNextVersion } from "@/lib/documents/commands";
import { putForEndorsement } from "@/lib/documents/endorsements";
import { publishStatement } from "@/lib/documents/statement";
import { putForEndorsementSchema } from "@/lib/documents/schemas";
import { createDocumentSchema, respondToCommentSchema, saveVersionTextSchema, startVersionSchema } from "@/lib/documents/schemas";
import { InvalidError } from "@/lib/errors";
import { extractPaper } from "@/lib/question-sets/extract";
import { formAction } from "../../../_server/action";

const base = (consultationId: string) => `/manage/${consultationId}/documents`;

export const createDocumentAction = formAction(createDocumentSchema, async (input, { db, actor, formData }) => {
  const file = formData.get("documentFile");
  let text = input.text;
  if (file instanceof File && file.size > 0) {
    try {
      text = (await extractPaper(new Uint8Array(await file.arrayBuffer()), file.name, { markHeadings: true })).text;
    } catch (e) {
      if (e instanceof InvalidError) throw new InvalidError("There is a problem", { documentFile: Object.values(e.fieldErrors)[0] ?? e.message });
      throw e;
    }
  }
  const created = await createDocument(db, { ...input, text }, actor);
  revalidatePath(base(input.consultationId));
  redirect(`${base(input.consultationId)}/${created.document.id}?created=1`);
});

const versionForm = saveVersionTextSchema.extend({ consultationId: z.uuid(), documentId: z.uuid() });

export const saveVersionTextAction = formAction(versionForm, async (input, { db, actor }) => {
  await saveVersionText(db, input, actor);
  redirect(`${base(input.consultationId)}/${input.documentId}?saved=1#preview`);
});

const publishForm = z.object({ consultationId: z.uuid(), documentId: z.uuid(), versionId: z.uuid() });

export const publishVersionAction = formAction(publishForm, async (input, { db, actor }) => {
  await publishVersion(db, { versionId: input.versionId }, actor);
  revalidatePath(base(input.consultationId));
  redirect(`${base(input.consultationId)}/${input.documentId}?published=1`);
});

export const startVersionAction = formAction(startVersionSchema.extend({ consultationId: z.uuid() }), async (input, { db, actor }) => {
  await startNextVersion(db, input, actor);
  redirect(`${base(input.consultationId)}/${input.documentId}?started=1`);
});

const respondForm = respondToCommentSchema.extend({ consultationId: z.uuid(), documentId: z.uuid(), returnTo: z.string().optional() });

export const respondToCommentAction = formAction(respondForm, async (input, { db, actor }) => {
  await respondToComment(db, input, actor);
  const back = input.returnTo && input.returnTo.startsWith(`${base(input.consultationId)}/${input.documentId}/comments`) ? input.returnTo : `${base(input.consultationId)}/${input.documentId}/comments`;
  redirect(`${back}${back.includes("?") ? "&" : "?"}answered=1#comment-${input.commentId}`);
});

const finalForm = putForEndorsementSchema.extend({ consultationId: z.uuid() });

export const putForEndorsementAction = formAction(finalForm, async (input, { db, actor }) => {
  await putForEndorsement(db, input, actor);
  revalidatePath(`${base(input.consultationId)}/${input.documentId}`);
  redirect(`${base(input.consultationId)}/${input.documentId}/endorsements?final=1`);
});

const statementForm = z.object({ consultationId: z.uuid(), documentId: z.uuid(), version: z.coerce.number().int().min(1) });

export const publishStatementAction = formAction(statementForm, async (input, { db, actor }) => {
  await publishStatement(db, { documentId: input.documentId, version: input.version }, actor);
  revalidatePath(`${base(input.consultationId)}/${input.documentId}/statement`);
  redirect(`${base(input.consultationId)}/${input.documentId}/statement?version=${input.version}&published=1`);
});
