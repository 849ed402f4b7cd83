import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { chapterValues } from "@/lib/consultations/editor";
import { editBase } from "@/lib/input/edit-merge";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { ChapterFields } from "@/components/editor/stage-fields";
import { getStructure } from "@/lib/consultations/queries";
import { deleteChapterAction, saveChapterAction } from "../../actions";
import { managedConsultation } from "../../page-context";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Change a chapter" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; sectionId: string }>; searchParams: Promise<{ delete?: string }> };

export default async function ChapterPage({ params, searchParams }: Props) {
  const { id, sectionId } = await params;
  const confirmDelete = (await searchParams).delete === "1";
  const path = `/manage/${id}/edit/chapters/${sectionId}`;
  const { db } = await managedConsultation(id, path);
  const chapters = (await getStructure(db, id)).chapters;
  const index = chapters.findIndex((x) => x.id === sectionId);
  if (index === -1) notFound();
  const ch = chapters[index];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit#chapter-${ch.id}`}>
          Back to the consultation
        </Link>
        {confirmDelete ? (
          <ConfirmStep
            title={`Are you sure you want to delete chapter ${index + 1}, “${ch.title}”?`}
            action={deleteChapterAction}
            hidden={{ consultationId: id, itemId: ch.id }}
            confirmLabel="Yes, delete this chapter"
            cancelHref={path}
            permalink={`${path}?delete=1`}
          >
            {ch.questions.length > 0 && (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  Its {plural(ch.questions.length, "question")} ({ch.questions.map((q) => q.number).join(", ")}) and any draft answers to
                  them will be deleted too. The audit log keeps a copy.
                </strong>
              </div>
            )}
          </ConfirmStep>
        ) : (
          <>
            <span className="govuk-caption-l">Chapter {index + 1}</span>
            <h1 className="govuk-heading-l">Change a chapter</h1>
            <EditorForm action={saveChapterAction} schema="chapter" permalink={path} hidden={{ consultationId: id, sectionId: ch.id, editBase: editBase(chapterValues(ch)) }} defaults={{ title: ch.title, description: ch.description }}>
              <ChapterFields />
              <div className="app-button-row">
                <Submit>Save chapter</Submit>
                <Link className="govuk-link app-delete-link" href={`${path}?delete=1`}>
                  Delete this chapter
                </Link>
              </div>
            </EditorForm>
          </>
        )}
      </div>
    </div>
  );
}
