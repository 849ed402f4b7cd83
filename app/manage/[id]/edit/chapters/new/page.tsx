import type { Metadata } from "next";
import Link from "next/link";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { ChapterFields } from "@/components/editor/stage-fields";
import { saveChapterAction } from "../../actions";
import { managedConsultation } from "../../page-context";

export const metadata: Metadata = { title: "Add a chapter" };
export const dynamic = "force-dynamic";

export default async function NewChapterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/manage/${id}/edit/chapters/new`;
  await managedConsultation(id, path);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit#chapters`}>
          Back to the consultation
        </Link>
        <h1 className="govuk-heading-l">Add a chapter</h1>
        <EditorForm action={saveChapterAction} schema="chapter" permalink={path} hidden={{ consultationId: id }}>
          <ChapterFields />
          <Submit>Add chapter</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
