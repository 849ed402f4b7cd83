import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { QuestionFields } from "@/components/editor/question-fields";
import { getStructure } from "@/lib/consultations/queries";
import { saveQuestionAction } from "../../../../actions";
import { earlierQuestions, managedConsultation } from "../../../../page-context";

export const metadata: Metadata = { title: "Add a question" };
export const dynamic = "force-dynamic";

/** The next number after the highest plain number used, as a suggestion. */
function nextNumber(numbers: string[]): string {
  const plain = numbers.map((n) => Number(n)).filter((n) => Number.isInteger(n));
  return String((plain.length ? Math.max(...plain) : 0) + 1);
}

export default async function NewQuestionPage({ params }: { params: Promise<{ id: string; sectionId: string }> }) {
  const { id, sectionId } = await params;
  const path = `/manage/${id}/edit/chapters/${sectionId}/questions/new`;
  const { db } = await managedConsultation(id, path);
  const { chapters } = await getStructure(db, id);
  const index = chapters.findIndex((c) => c.id === sectionId);
  if (index === -1) notFound();
  const all = chapters.flatMap((c) => c.questions);
  const lastSub = chapters[index].questions.at(-1)?.subheading ?? "";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit#chapter-${sectionId}`}>
          Back to the consultation
        </Link>
        <span className="govuk-caption-l">
          Chapter {index + 1}: {chapters[index].title}
        </span>
        <h1 className="govuk-heading-l">Add a question</h1>
        <EditorForm
          action={saveQuestionAction}
          schema="question"
          permalink={path}
          hidden={{ consultationId: id, sectionId }}
          defaults={{ number: nextNumber(all.map((q) => q.number)), subheading: lastSub, type: "long_text", required: false, text: "", hint: "", options: "" }}
        >
          <QuestionFields earlier={earlierQuestions(chapters, { sectionId })} answered={0} />
          <Submit>Add question</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
