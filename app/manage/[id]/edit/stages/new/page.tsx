import type { Metadata } from "next";
import Link from "next/link";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { StageFields } from "@/components/editor/stage-fields";
import { saveStageAction } from "../../actions";
import { managedConsultation } from "../../page-context";

export const metadata: Metadata = { title: "Add a stage" };
export const dynamic = "force-dynamic";

export default async function NewStagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/manage/${id}/edit/stages/new`;
  await managedConsultation(id, path);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit#stages`}>
          Back to the consultation
        </Link>
        <h1 className="govuk-heading-l">Add a stage</h1>
        <EditorForm action={saveStageAction} schema="stage" permalink={path} hidden={{ consultationId: id }}>
          <StageFields />
          <Submit>Add stage</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
