import type { Metadata } from "next";
import { AddItemPage, addItemPath } from "@/components/editor/add-item-page";
import { ChapterFields } from "@/components/editor/stage-fields";
import { saveChapterAction } from "../../actions";
import { managedConsultation } from "../../page-context";

export const metadata: Metadata = { title: "Add a chapter" };
export const dynamic = "force-dynamic";

export default async function NewChapterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await managedConsultation(id, addItemPath(id, "chapter"));
  return (
    <AddItemPage consultationId={id} item="chapter" action={saveChapterAction}>
      <ChapterFields />
    </AddItemPage>
  );
}
