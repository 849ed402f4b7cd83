import type { Metadata } from "next";
import { AddItemPage, addItemPath } from "@/components/editor/add-item-page";
import { StageFields } from "@/components/editor/stage-fields";
import { saveStageAction } from "../../actions";
import { managedConsultation } from "../../page-context";

export const metadata: Metadata = { title: "Add a stage" };
export const dynamic = "force-dynamic";

export default async function NewStagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await managedConsultation(id, addItemPath(id, "stage"));
  return (
    <AddItemPage consultationId={id} item="stage" action={saveStageAction}>
      <StageFields />
    </AddItemPage>
  );
}
