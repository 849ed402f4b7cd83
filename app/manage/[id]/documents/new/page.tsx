// Add a document to a consultation stage: paste its text or upload a Word file. The next page
// previews the sections and numbered paragraphs found, to fix before publishing.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, CheckboxField, FileField, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { listStages } from "@/lib/consultations/queries";
import { stageLabel } from "@/lib/consultations/stages";
import { managedConsultation } from "../../edit/page-context";
import { createDocumentAction } from "../actions";

export const metadata: Metadata = { title: "Add a document" };
export const dynamic = "force-dynamic";

export default async function NewDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db } = await managedConsultation(id, `/manage/${id}/documents/new`);
  const stageRows = await listStages(db, id);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={`/manage/${id}/documents`} className="govuk-back-link">
          Back to documents
        </Link>
        <h1 className="govuk-heading-l">Add a document</h1>
        {stageRows.length === 0 ? (
          <p className="govuk-body">
            Partners comment on a document at a stage of the consultation. <Link className="govuk-link" href={`/manage/${id}/edit/stages/new`}>Add a stage</Link> first.
          </p>
        ) : (
          <ActionForm action={createDocumentAction} permalink={`/manage/${id}/documents/new`}>
            <input type="hidden" name="consultationId" value={id} />
            <TextField name="title" label="Title" hint="For example “Evidence base: place”" />
            <TextAreaField name="summary" label="Summary (optional)" rows={3} />
            <SelectField
              name="stageId"
              label="Stage at which partners comment on it"
              hint="Comments are taken between the stage's start and due dates."
              options={[{ value: "", text: "Select a stage" }, ...stageRows.map((s) => ({ value: s.id, text: stageLabel(s.position + 1, s.name) }))]}
            />
            <TextField name="label" label="What this version is called" hint="For example “Evidence base”, “First draft” or “Final version”" defaultValue="Evidence base" />
            <CheckboxField name="openToAll" label="Let partners of any organisation comment, not only those invited" />
            <TextAreaField
              name="text"
              label="Paste the document's text"
              hint="Headings become sections; paragraphs keep their numbers (3, 3.2, 4.a) or are numbered for you. You can check and fix the split on the next page."
              rows={14}
            />
            <FileField name="documentFile" label="Or upload a Word document (.docx)" hint="Headings in Word's heading styles become sections." accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" />
            <SubmitButton>Continue to preview</SubmitButton>
          </ActionForm>
        )}
      </div>
    </div>
  );
}
