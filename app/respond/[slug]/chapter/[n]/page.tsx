import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ChapterForm, type ChapterQuestion } from "@/components/response/chapter-form";
import { getDb } from "@/db/client";
import { getConsultationBySlug } from "@/lib/consultations/queries";
import { formatDateTime } from "@/lib/format";
import { valueToForm, type FormFields } from "@/lib/questions/answers";
import { EMPTY_BASE } from "@/lib/responses/queries";
import { chapterDisplay, controlSettings } from "@/lib/responses/rules";
import { questionPrefix } from "@/lib/responses/schemas";
import { saveChapterAction } from "../../../actions";
import { loadRespondPage, type RespondSearch } from "../../../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; n: string }>; searchParams: RespondSearch };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  const c = await getConsultationBySlug(await getDb(), slug);
  return { title: c ? `Chapter ${n}: ${c.title}` : "Answer the questions" };
}

function conditionText(showIf: { questionNumber: string; equals: string[] }) {
  const answers = showIf.equals.map((v) => `“${v}”`);
  const list = answers.length === 1 ? answers[0] : `${answers.slice(0, -1).join(", ")} or ${answers[answers.length - 1]}`;
  return `Answer this only if you answered ${list} to question ${showIf.questionNumber}.`;
}

export default async function ChapterPage({ params, searchParams }: Props) {
  const { slug, n } = await params;
  const search = await searchParams;
  const number = /^\d{1,4}$/.test(n) ? Number(n) : NaN;
  const { ctx, href } = await loadRespondPage(slug, search, `/respond/${slug}/chapter/${n}`);
  const chapter = ctx.chapters[number - 1];
  if (!chapter) notFound();
  // Closed, not yet open, or submitted without amendments: the overview says why.
  if (!ctx.canEdit) redirect(href());

  const shown = chapterDisplay(ctx.chapters, number - 1, ctx.values);
  const questions: ChapterQuestion[] = shown.map(({ question, conditional }) => ({
    question,
    settings: controlSettings(question),
    conditional,
    condition: conditional ? conditionText(conditional) : null,
  }));
  const initialValues: FormFields = {};
  const bases: Record<string, string> = {};
  for (const { question: q } of shown) {
    const stored = ctx.answers.get(q.id);
    Object.assign(initialValues, valueToForm(q, stored?.value ?? null, questionPrefix(q.id)));
    bases[q.id] = stored?.base ?? EMPTY_BASE;
  }
  const returnTo = search.return === "check" ? "check" : null;
  const anyRequired = shown.some((d) => d.question.required);
  const allRequired = shown.every((d) => d.question.required);
  const response = ctx.response;

  const backLink = (
    <Link href={returnTo ? href("/check") : href()} className="govuk-back-link">
      {returnTo ? "Back to check your answers" : "Back to all chapters"}
    </Link>
  );
  const heading = (
    <>
      <span className="govuk-caption-l">
        Chapter {number} of {ctx.chapters.length}
        <span className="govuk-visually-hidden">, {ctx.consultation.title}</span>
      </span>
      <h1 className="govuk-heading-l">{chapter.title}</h1>
      {chapter.description &&
        chapter.description.split(/\n{2,}/).map((p, i) => (
          <p className="govuk-body app-pre-wrap" key={i}>
            {p}
          </p>
        ))}
    </>
  );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {shown.length === 0 ? (
          <>
            {backLink}
            {heading}
            <p className="govuk-body">None of the questions in this chapter apply, given your earlier answers.</p>
            <Link className="govuk-button" href={number < ctx.chapters.length ? href(`/chapter/${number + 1}`) : href("/check")}>
              Continue
            </Link>
          </>
        ) : (
          <ChapterForm
            top={backLink}
            intro={
              <>
                {heading}
                {!anyRequired && (
                  <p className="govuk-body">Answer the questions your organisation has a view on. You can leave any of them blank.</p>
                )}
                {anyRequired && !allRequired && <p className="govuk-body">Questions marked “(optional)” can be left blank.</p>}
              </>
            }
            action={saveChapterAction}
            permalink={href(`/chapter/${number}`, returnTo ? { return: "check" } : {})}
            hidden={{
              slug: ctx.consultation.slug,
              chapter: String(number),
              organisationId: ctx.organisation.id,
              ...(returnTo ? { returnTo } : {}),
            }}
            questions={questions}
            initialValues={initialValues}
            bases={bases}
            markOptional={anyRequired && !allRequired}
            initiallyVisible={shown.filter((d) => d.conditional && ctx.progress.visibleIds.has(d.question.id)).map((d) => d.question.id)}
            lastSaved={
              response
                ? `Last saved${response.lastEditedByName ? ` by ${response.lastEditedByName}` : ""}, ${formatDateTime(response.lastEditedAt)}.`
                : null
            }
          />
        )}
      </div>
    </div>
  );
}
