import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { stageValues } from "@/lib/consultations/editor";
import { editBase } from "@/lib/input/edit-merge";
import { ConfirmStep } from "@/components/ui/confirm-step";
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
          <ConfirmStep
            title={`Are you sure you want to delete the stage “${s.name}”?`}
            action={deleteStageAction}
            hidden={{ consultationId: id, itemId: s.id }}
            confirmLabel="Yes, delete this stage"
            cancelHref={path}
            permalink={`${path}?delete=1`}
          >
            <p className="govuk-body">The stage and its dates are removed from the timeline. The audit log keeps a copy.</p>
          </ConfirmStep>
        ) : (
          <>
            <h1 className="govuk-heading-l">Change a stage</h1>
            <EditorForm
              action={saveStageAction}
              schema="stage"
              permalink={path}
              hidden={{ consultationId: id, stageId: s.id, editBase: editBase(stageValues(s)) }}
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
