import type { Metadata } from "next";
import Link from "next/link";
import { BankChoices } from "@/components/editor/bank-choices";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/action-form";
import { SearchForm } from "@/components/ui/search-form";
import { getStructure } from "@/lib/consultations/queries";
import { BANK_PAGE, BANK_QUERY_MAX, searchQuestionBank } from "@/lib/consultations/question-bank";
import { QUESTION_TYPE_LABELS } from "@/lib/consultations/schemas";
import { InvalidError } from "@/lib/errors";
import { addFromBankAction } from "../actions";
import { managedConsultation } from "../page-context";

export const metadata: Metadata = { title: "Reuse questions from earlier consultations" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ q?: string | string[]; chapter?: string | string[] }> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Search the council's other consultations' questions and add copies to a chapter of this one. */
export default async function QuestionBankPage({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const query = one(sp.q).slice(0, 1000);
  const chapterParam = one(sp.chapter);
  const path = `/manage/${id}/edit/question-bank`;
  const { db, c, actor } = await managedConsultation(id, path);
  const { chapters } = await getStructure(db, id);
  const locked = c.status === "closed" || c.status === "archived";
  let found: Awaited<ReturnType<typeof searchQuestionBank>> | null = null;
  let searchError: string | null = null;
  try {
    found = await searchQuestionBank(db, { consultationId: id, query }, actor);
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    searchError = e.message;
  }
  const chapter = chapters.find((ch) => ch.id === chapterParam);
  const self = `${path}?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(chapter ? { chapter: chapter.id } : {}) })}`;
  const options = [
    ...(chapter ? [] : [{ value: "", text: "Select a chapter" }]),
    ...chapters.map((ch, i) => ({ value: ch.id, text: `Chapter ${i + 1}: ${ch.title}` })),
  ];

  return (
    <>
      <Link className="govuk-back-link" href={`/manage/${id}/edit${chapter ? `#chapter-${chapter.id}` : "#chapters"}`}>
        Back to the consultation
      </Link>
      <h1 className="govuk-heading-l">Reuse questions from earlier consultations</h1>
      <p className="govuk-body">
        Search the questions of your council&apos;s other consultations by their wording or hint. Only your council&apos;s
        consultations are searched.
      </p>

      <SearchForm
        action={path}
        label="Search questions"
        hint={<>For example: housing, &quot;community safety&quot; or partnership -police</>}
        error={searchError}
        defaultValue={query}
        maxLength={BANK_QUERY_MAX}
        hidden={{ chapter: chapter?.id }}
        width="govuk-!-width-two-thirds"
      />

      {locked ? (
        <p className="govuk-body">This consultation is closed, so no questions can be added.</p>
      ) : chapters.length === 0 ? (
        <p className="govuk-body">
          Add a chapter first:{" "}
          <Link className="govuk-link" href={`/manage/${id}/edit/chapters/new`}>
            add a chapter
          </Link>
          .
        </p>
      ) : found && found.questions.length === 0 ? (
        <p className="govuk-body" data-testid="bank-empty">
          {query ? `No questions in your council's other consultations match “${query}”.` : "Your council has no other consultations with questions yet."}
        </p>
      ) : found ? (
        <ActionForm action={addFromBankAction} permalink={self}>
          <input type="hidden" name="consultationId" value={id} />
          <BankChoices
            legend={query ? `Questions matching “${query}”` : "Questions from your council's latest consultations"}
            choices={found.questions.map((q) => ({
              id: q.id,
              text: q.text,
              details: [
                `Type: ${QUESTION_TYPE_LABELS[q.type]}${q.required ? ", required" : ""}`,
                ...(q.options.length ? [`Options: ${q.options.join("; ")}`] : []),
                ...(q.hint ? [`Hint: ${q.hint}`] : []),
                `From: ${q.consultationTitle}, question ${q.number} (${q.chapter})`,
              ],
            }))}
          />
          {found.more && <p className="govuk-body-s">Showing the best {BANK_PAGE} matches. Search for more particular words to find others.</p>}
          <SelectField name="sectionId" label="Add the selected questions to" labelClass="govuk-label--s" defaultValue={chapter?.id ?? ""} options={options} />
          <SubmitButton>Add selected questions</SubmitButton>
        </ActionForm>
      ) : null}
    </>
  );
}
