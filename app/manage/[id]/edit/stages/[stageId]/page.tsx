import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { RowAction } from "@/components/editor/row-action";
import { StageFields } from "@/components/editor/stage-fields";
import { getStructure } from "@/lib/consultations/queries";
import { dateParts } from "@/lib/consultations/schemas";
import { deleteStageAction, saveStageAction } from "../../actions";
import { managedConsultation } from "../../page-context";

export const metadata: Metadata = { title: "Change a stage" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; stageId: string }>; searchParams: Promise<{ delete?: string }> };

export default async function StagePage({ params, searchParams }: Props) {
  const { id, stageId } = await params;
  const confirmDelete = (await searchParams).delete === "1";
  const path = `/manage/${id}/edit/stages/${stageId}`;
  const { db } = await managedConsultation(id, path);
  const s = (await getStructure(db, id)).stages.find((x) => x.id === stageId);
  if (!s) notFound();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit#stages`}>
          Back to the consultation
        </Link>
        {confirmDelete ? (
          <>
            <h1 className="govuk-heading-l">Delete the stage “{s.name}”?</h1>
            <div className="app-button-row">
              <RowAction action={deleteStageAction} permalink={`${path}?delete=1`} hidden={{ consultationId: id, itemId: s.id }} label="Yes, delete this stage" variant="warning" />
              <Link className="govuk-link" href={path}>
                No, keep it
              </Link>
            </div>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Change a stage</h1>
            <EditorForm
              action={saveStageAction}
              schema="stage"
              permalink={path}
              hidden={{ consultationId: id, stageId: s.id }}
              defaults={{ name: s.name, description: s.description, ...dateParts("startsOn", s.startsOn), ...dateParts("dueOn", s.dueOn) }}
            >
              <StageFields />
              <div className="app-button-row">
                <Submit>Save stage</Submit>
                <Link className="govuk-link app-delete-link" href={`${path}?delete=1`}>
                  Delete this stage
                </Link>
              </div>
            </EditorForm>
          </>
        )}
      </div>
    </div>
  );
}
