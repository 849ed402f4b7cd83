import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { storedQuestionValues } from "@/lib/consultations/editor";
import { editBase } from "@/lib/input/edit-merge";
import { QuestionFields } from "@/components/editor/question-fields";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { answerCountsByQuestion } from "@/lib/consultations/overview";
import { getStructure } from "@/lib/consultations/queries";
import { deleteQuestionAction, saveQuestionAction } from "../../actions";
import { earlierQuestions, managedConsultation } from "../../page-context";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Edit a question" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; questionId: string }>; searchParams: Promise<{ delete?: string }> };

const s = (v: number | undefined) => (v === undefined ? "" : String(v));

export default async function QuestionPage({ params, searchParams }: Props) {
  const { id, questionId } = await params;
  const confirmDelete = (await searchParams).delete === "1";
  const path = `/manage/${id}/edit/questions/${questionId}`;
  const { db, c } = await managedConsultation(id, path);
  const { chapters } = await getStructure(db, id);
  const chapterIndex = chapters.findIndex((ch) => ch.questions.some((q) => q.id === questionId));
  if (chapterIndex === -1) notFound();
  const q = chapters[chapterIndex].questions.find((x) => x.id === questionId)!;
  const answered = (await answerCountsByQuestion(db, id)).get(q.id) ?? 0;
  const back = `/manage/${id}/edit#question-${q.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={back}>
          Back to the consultation
        </Link>
        <span className="govuk-caption-l">
          Chapter {chapterIndex + 1}: {chapters[chapterIndex].title}
        </span>
        {confirmDelete ? (
          <>
            {answered > 0 ? (
              <>
              <h1 className="govuk-heading-l">Delete question {q.number}?</h1>
              <p className="govuk-body app-quote">{q.text}</p>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  Partners have given {plural(answered, "answer")} to this question, so it cannot be deleted. You can still change its wording.
                </strong>
              </div>
              </>
            ) : (
              <ConfirmStep
                title={`Are you sure you want to delete question ${q.number}?`}
                action={deleteQuestionAction}
                hidden={{ consultationId: id, itemId: q.id }}
                confirmLabel="Yes, delete this question"
                cancelHref={path}
                permalink={`${path}?delete=1`}
              >
                <p className="govuk-body app-quote">{q.text}</p>
                {c.kind === "consultation_to_answer" && <p className="govuk-body">Any draft of the council&apos;s answer to it is deleted too; the audit log keeps a copy.</p>}
              </ConfirmStep>
            )}
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Edit question {q.number}</h1>
            {answered > 0 && (
              <div className="govuk-inset-text">
                Partners have given {plural(answered, "answer")} to this question. You can fix its wording and add options; changing its type,
                deleting it or removing an option someone chose would orphan their answers, so those are refused. Changes are recorded in the audit log
                {c.status === "open" ? " and published straight away as a new version" : ""}.
              </div>
            )}
            <EditorForm
              action={saveQuestionAction}
              schema="question"
              permalink={path}
              hidden={{ consultationId: id, questionId: q.id, editBase: editBase(storedQuestionValues(q)) }}
              defaults={{
                sectionId: q.sectionId,
                number: q.number,
                subheading: q.subheading ?? "",
                text: q.text,
                hint: q.hint,
                type: q.type,
                required: q.required,
                options: q.options.join("\n"),
                minLength: s(q.limits.minLength),
                maxLength: s(q.limits.maxLength),
                min: s(q.limits.min),
                max: s(q.limits.max),
                minSelections: s(q.limits.minSelections),
                maxSelections: s(q.limits.maxSelections),
                showIfQuestion: q.showIf?.questionNumber ?? "",
                showIfEquals: q.showIf?.equals.join("\n") ?? "",
              }}
            >
              {chapters.length <= 1 && <input type="hidden" name="sectionId" value={q.sectionId} />}
              <QuestionFields chapters={chapters.map((ch) => ({ id: ch.id, title: ch.title }))} earlier={earlierQuestions(chapters, { questionId: q.id })} answered={answered} />
              <div className="app-button-row">
                <Submit>Save question</Submit>
                <Link className="govuk-link" href={`/manage/${id}/preview?question=${q.id}`}>
                  Preview
                </Link>
                <Link className="govuk-link app-delete-link" href={`${path}?delete=1`}>
                  Delete this question
                </Link>
              </div>
            </EditorForm>
          </>
        )}
      </div>
    </div>
  );
}
