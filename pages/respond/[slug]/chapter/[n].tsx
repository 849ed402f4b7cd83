// One chapter of questions. Served by the Pages Router with no Next.js runtime JavaScript, so
// that a question page loads only its own small script (under 50 kB gzip, issue 8); the form
// posts back here, and getServerSideProps saves it (PRG: 303 on success; on a problem the page
// again, with the error summary and everything typed). With JavaScript the script validates
// as the person types and autosaves, posting here with intent=autosave.
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { assetUrl } from "@/app/_server/assets";
import { loadRespond, postedForm, redirectTo, respondentPage, saveChapterForm, type RespondProps } from "@/app/_server/respond";
import { ChapterForm, type AutosaveReport, type ChapterQuestion } from "@/components/response/chapter-form";
import { conflictsOf, type ConflictView } from "@/components/response/chapter-state";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import type { SummaryItem } from "@/components/ui/error-summary-view";
import type { FormState } from "@/components/ui/form-state";
import { formatDateTime } from "@/lib/format";
import { valueToForm, type FormFields } from "@/lib/questions/answers";
import { EMPTY_BASE } from "@/lib/responses/queries";
import { chapterDisplay, controlSettings } from "@/lib/responses/rules";
import { baseField, questionFieldId, questionPrefix } from "@/lib/responses/schemas";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  org: string | null;
  number: number;
  chapterCount: number;
  consultationTitle: string;
  title: string;
  description: string;
  returnTo: "check" | null;
  hidden: Record<string, string>;
  questions: ChapterQuestion[];
  values: FormFields;
  bases: Record<string, string>;
  anyRequired: boolean;
  allRequired: boolean;
  errors: Record<string, string>;
  conflicts: Record<string, ConflictView>;
  summary: SummaryItem[];
  status: string;
  autosave: AutosaveReport | null;
  script: string;
  /** The page's CSP nonce (proxy.ts), which the script tag must carry. */
  nonce: string;
};

type Props = RespondProps<View>;

function conditionText(showIf: { questionNumber: string; equals: string[] }) {
  const answers = showIf.equals.map((v) => `“${v}”`);
  const list = answers.length === 1 ? answers[0] : `${answers.slice(0, -1).join(", ")} or ${answers[answers.length - 1]}`;
  return `Answer this only if you answered ${list} to question ${showIf.questionNumber}.`;
}

/** A problem with the post as a whole rather than one answer (closed, refused, malformed). */
function generalProblem(state: FormState, ids: string[]): string | null {
  const errors = state.errors ?? {};
  if (errors._form) return errors._form;
  const other = Object.entries(errors).find(([key]) => !ids.some((id) => key === questionPrefix(id)));
  if (other) return other[1];
  if (state.ok === undefined && state.message && !Object.keys(errors).length) return state.message;
  return null;
}

function basesFrom(values: FormState["values"], ids: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const v = values?.[baseField(id)];
    if (typeof v === "string") out[id] = v;
  }
  return out;
}

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { actor, db, ctx, href, shell } = loaded;
  const n = String(c.params?.n ?? "");
  const number = /^\d{1,4}$/.test(n) ? Number(n) : NaN;
  const chapter = ctx.chapters[number - 1];
  if (!chapter) {
    c.res.statusCode = 404;
    return { props: { shell, problem: "not_found", view: null } };
  }

  // A post: save, then go on (303), or show this page again with what came back.
  let state: FormState = {};
  let autosave = false;
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    autosave = fields.intent === "autosave";
    if (problem) state = { message: problem, errors: { _form: problem }, values: fields };
    else {
      const outcome = await saveChapterForm(db, actor, fields, ctx);
      if ("redirect" in outcome) return redirectTo(outcome.redirect, 303);
      state = outcome.state;
    }
  } else if (!ctx.canEdit) {
    // Closed, not yet open, or submitted without amendments: the overview says why.
    return redirectTo(href());
  }

  const shown = chapterDisplay(ctx.chapters, number - 1, ctx.values);
  const ids = shown.map((d) => d.question.id);
  const questions: ChapterQuestion[] = shown.map(({ question, conditional }) => ({
    question,
    settings: controlSettings(question),
    conditional,
    condition: conditional ? conditionText(conditional) : null,
  }));
  const stored: FormFields = {};
  const storedBases: Record<string, string> = {};
  for (const { question: q } of shown) {
    const a = ctx.answers.get(q.id);
    Object.assign(stored, valueToForm(q, a?.value ?? null, questionPrefix(q.id)));
    storedBases[q.id] = a?.base ?? EMPTY_BASE;
  }
  const errors = state.errors ?? {};
  const conflicts = conflictsOf(state);
  const general = generalProblem(state, ids);
  const summary: SummaryItem[] = [
    ...(general ? [{ href: "#main-content", text: general }] : []),
    ...ids
      .filter((id) => conflicts[id]?.message || errors[questionPrefix(id)])
      .map((id) => ({ href: `#${questionFieldId(id)}`, text: conflicts[id]?.message || errors[questionPrefix(id)]! })),
  ];
  const returnTo = c.query.return === "check" ? "check" : null;
  const response = ctx.response;
  const report: AutosaveReport | null = autosave
    ? {
        result: general ? "problem" : Object.keys(conflicts).length ? "conflict" : Object.keys(errors).length ? "partial" : "saved",
        problem: general,
        bases: basesFrom(state.values, ids),
        conflicts: Object.keys(conflicts),
      }
    : null;
  const view: View = {
    slug: ctx.consultation.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    number,
    chapterCount: ctx.chapters.length,
    consultationTitle: ctx.consultation.title,
    title: chapter.title,
    description: chapter.description,
    returnTo,
    hidden: {
      csrfToken: shell.csrfToken,
      slug: ctx.consultation.slug,
      chapter: String(number),
      organisationId: ctx.organisation.id,
      ...(returnTo ? { returnTo } : {}),
    },
    questions,
    values: state.values && !autosave ? state.values : stored,
    // The base each answer was edited from: the stored one, or the one the post carried (moved
    // on where it was saved), so that a colleague's save in between is still noticed.
    bases: { ...storedBases, ...basesFrom(state.values, ids) },
    anyRequired: shown.some((d) => d.question.required),
    allRequired: shown.every((d) => d.question.required),
    errors,
    conflicts,
    summary,
    status: response
      ? `Last saved${response.lastEditedByName ? ` by ${response.lastEditedByName}` : ""}, ${formatDateTime(response.lastEditedAt)}.`
      : "",
    autosave: report,
    script: assetUrl("respond-chapter.js"),
    nonce: typeof c.req.headers["x-nonce"] === "string" ? c.req.headers["x-nonce"] : "",
  };
  return { props: { shell, problem: null, view } };
});

export default function ChapterPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  const backLink = (
    <Link href={v.returnTo ? href("/check") : href()} className="govuk-back-link">
      {v.returnTo ? "Back to check your answers" : "Back to all chapters"}
    </Link>
  );
  const heading = (
    <>
      <span className="govuk-caption-l">
        Chapter {v.number} of {v.chapterCount}
        <span className="govuk-visually-hidden">, {v.consultationTitle}</span>
      </span>
      <h1 className="govuk-heading-l">{v.title}</h1>
      {v.description &&
        v.description.split(/\n{2,}/).map((p, i) => (
          <p className="govuk-body app-pre-wrap" key={i}>
            {p}
          </p>
        ))}
    </>
  );
  return (
    <RespondPage shell={shell} problem={problem} title={`Chapter ${v.number}: ${v.consultationTitle}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {v.questions.length === 0 ? (
            <>
              {backLink}
              {heading}
              <p className="govuk-body">None of the questions in this chapter apply, given your earlier answers.</p>
              <Link className="govuk-button" href={v.number < v.chapterCount ? href(`/chapter/${v.number + 1}`) : href("/check")}>
                Continue
              </Link>
            </>
          ) : (
            <ChapterForm
              top={backLink}
              intro={
                <>
                  {heading}
                  {!v.anyRequired && (
                    <p className="govuk-body">Answer the questions your organisation has a view on. You can leave any of them blank.</p>
                  )}
                  {v.anyRequired && !v.allRequired && <p className="govuk-body">Questions marked “(optional)” can be left blank.</p>}
                </>
              }
              permalink={href(`/chapter/${v.number}`, v.returnTo ? { return: "check" } : {})}
              hidden={v.hidden}
              questions={v.questions}
              values={v.values}
              bases={v.bases}
              markOptional={v.anyRequired && !v.allRequired}
              errors={v.errors}
              conflicts={v.conflicts}
              summary={v.summary}
              status={v.status}
              autosave={v.autosave}
              script={v.script}
              nonce={v.nonce}
            />
          )}
        </div>
      </div>
    </RespondPage>
  );
}
