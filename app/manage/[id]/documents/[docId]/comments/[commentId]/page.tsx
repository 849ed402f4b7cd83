// The council's answer to one comment: the paragraph and the comment, then the response and
// its outcome (changed, not changed, partly, noted).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CommentBody, StanceTag } from "@/components/documents/comment-bits";
import { ActionForm, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { COMMENT_OUTCOMES } from "@/db/schema/documents";
import { getDocumentView, listComments, listIssues } from "@/lib/documents/queries";
import { OUTCOME_LABELS } from "@/lib/documents/schemas";
import { managedConsultation } from "../../../../edit/page-context";
import { respondToCommentAction } from "../../../actions";
import { isUuid } from "@/lib/sql";
import { orPage, param } from "@/app/_server/page";

export const metadata: Metadata = { title: "Answer a comment" };
export const dynamic = "force-dynamic";

export default async function AnswerCommentPage({ params, searchParams }: { params: Promise<{ id: string; docId: string; commentId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id, docId, commentId } = await params;
  const sp = await searchParams;
  if (!isUuid(docId) || !isUuid(commentId)) notFound();
  const { db, actor } = await managedConsultation(id, `/manage/${id}/documents/${docId}/comments/${commentId}`);
  const view = await orPage(getDocumentView(db, { documentId: docId }, actor));
  if (view.consultation.id !== id) notFound();
  // The comment may be on any published version of this document.
  let comment = null;
  let versionId = "";
  for (const v of view.versions.filter((x) => x.status === "published").reverse()) {
    [comment] = await listComments(db, { versionId: v.id, commentId }, actor);
    versionId = v.id;
    if (comment) break;
  }
  if (!comment) notFound();
  const issues = await listIssues(db, versionId, actor);
  const returnTo = param(sp.returnTo);
  const back = returnTo?.startsWith(`/manage/${id}/documents/${docId}/comments`) ? returnTo : `/manage/${id}/documents/${docId}/comments`;
  const permalink = `/manage/${id}/documents/${docId}/comments/${commentId}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={back} className="govuk-back-link">
          Back to the comments
        </Link>
        <h1 className="govuk-heading-l">
          Answer {comment.organisationName}&apos;s comment on paragraph {comment.paragraphNumber}
        </h1>
        <div className="govuk-inset-text">{view.paragraphs.find((p) => p.id === comment.paragraphId)?.text ?? ""}</div>
        <h2 className="govuk-heading-m">
          The comment <StanceTag stance={comment.stance} />
        </h2>
        <CommentBody text={comment.text} quote={comment.quote} proposedChange={comment.proposedChange} />
        <ActionForm action={respondToCommentAction} permalink={permalink}>
          <input type="hidden" name="consultationId" value={id} />
          <input type="hidden" name="documentId" value={docId} />
          <input type="hidden" name="commentId" value={comment.id} />
          <input type="hidden" name="baseEditVersion" value={comment.responseEditVersion ?? 0} />
          <input type="hidden" name="returnTo" value={back} />
          <TextAreaField name="response" label="The council's response" labelClass="govuk-label--m" hint="How the comment was taken into account. This is published in the consultation statement." defaultValue={comment.response ?? ""} rows={6} />
          <SelectField
            name="outcome"
            label="Outcome"
            labelClass="govuk-label--s"
            defaultValue={comment.outcome ?? ""}
            options={[{ value: "", text: "Select the outcome" }, ...COMMENT_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] }))]}
          />
          <TextField
            name="issueTitle"
            label="Main issue (optional)"
            labelClass="govuk-label--s"
            hint={issues.length ? `Group comments that raise the same issue under one title. Issues so far: ${issues.map((i) => `“${i.title}” (${i.comments})`).join(", ")}.` : "Group comments that raise the same issue under one title, for the consultation statement."}
            defaultValue={comment.issueTitle ?? ""}
          />
          <SubmitButton>Save the answer</SubmitButton>
        </ActionForm>
      </div>
    </div>
  );
}
