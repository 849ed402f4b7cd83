// One chapter of questions as a plain form that posts to its own page, so it works with no
// JavaScript: rendered on the server only, for the Pages Router's chapter page. The page's
// small script (components/response/enhance/chapter.ts) adds, when JavaScript runs: checks as
// the person types (the same zod schemas the server uses), same-page show-if, character
// counts, and a draft saved two seconds after the last change, with a visible "Saved" state.
// The data-* attributes below are what that script reads.
import { Fragment } from "react";
import { QuestionField, type FieldQuestion } from "@/components/question/question-field";
import { ErrorSummaryView, type SummaryItem } from "@/components/ui/error-summary-view";
import type { ShowIf } from "@/db/schema/consultations";
import type { FormFields } from "@/lib/questions/answers";
import type { ControlSettings } from "@/lib/responses/rules";
import { scriptJson } from "@/lib/escape";
import { baseField, questionFieldId, questionPrefix, resolveField } from "@/lib/responses/fields";
import type { ConflictView } from "./chapter-state";

export type ChapterQuestion = { question: FieldQuestion; settings: ControlSettings; conditional: ShowIf | null; condition: string | null };

/** What an autosave post tells the script (read from the page it gets back). */
export type AutosaveReport = {
  result: "saved" | "partial" | "conflict" | "problem";
  problem: string | null;
  /** New bases of the answers saved. */
  bases: Record<string, string>;
  /** Questions a colleague changed meanwhile (their panels are in the page). */
  conflicts: string[];
};

type Props = {
  /** The page's own URL, where the form posts. */
  permalink: string;
  hidden: Record<string, string>;
  questions: ChapterQuestion[];
  values: FormFields;
  bases: Record<string, string>;
  markOptional: boolean;
  errors: Record<string, string>;
  conflicts: Record<string, ConflictView>;
  summary: SummaryItem[];
  status: string;
  autosave: AutosaveReport | null;
  /** Above the error summary (the back link). */
  top?: React.ReactNode;
  /** Between the error summary and the questions (caption, heading, guidance). */
  intro?: React.ReactNode;
  /** Where the script is (with a version, so a new build is fetched). */
  script: string;
  /** The page's Content-Security-Policy nonce (proxy.ts): without it the script is refused. */
  nonce?: string;
};

export function ChapterForm({ permalink, hidden, questions, values, bases, markOptional, errors, conflicts, summary, status, autosave, top, intro, script, nonce }: Props) {
  const hasSubheadings = questions.some((d) => d.question.subheading);
  let lastSubheading: string | null = null;
  return (
    <>
      {top}
      <ErrorSummaryView items={summary} />
      {intro}
      <form method="post" action={permalink} noValidate data-chapter-form="">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {questions.map(({ question: q, settings, conditional, condition }) => {
          const heading = hasSubheadings && q.subheading && q.subheading !== lastSubheading ? q.subheading : null;
          if (q.subheading) lastSubheading = q.subheading;
          const conflict = conflicts[q.id];
          return (
            <Fragment key={q.id}>
              {heading && <h2 className="govuk-heading-m app-subheading">{heading}</h2>}
              <div data-question={q.id} data-conditional={conditional ? "" : undefined}>
                <input type="hidden" name={baseField(q.id)} value={bases[q.id] ?? ""} />
                <QuestionField
                  question={q}
                  settings={settings}
                  values={values}
                  error={conflict ? conflict.message : errors[questionPrefix(q.id)]}
                  condition={condition ?? undefined}
                  markOptional={markOptional}
                  headingLevel={hasSubheadings ? 3 : 2}
                >
                  {conflict && <ConflictPanel id={q.id} conflict={conflict} />}
                </QuestionField>
              </div>
            </Fragment>
          );
        })}
        <script type="application/json" data-questions="" dangerouslySetInnerHTML={{ __html: scriptJson(questions.map((d) => ({ ...d.question, showIf: d.conditional }))) }} />
        <p className="govuk-body app-autosave app-autosave--idle" role="status" data-autosave={autosave ? JSON.stringify(autosave) : undefined}>
          {status}
        </p>
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="continue" className="govuk-button" data-module="govuk-button">
            Save and continue
          </button>
          <button type="submit" name="intent" value="later" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Save and come back later
          </button>
        </div>
      </form>
      <script src={script} defer nonce={nonce || undefined} />
    </>
  );
}

/** A colleague's newer answer beside this person's, with the choice of which to keep. */
export function ConflictPanel({ id, conflict }: { id: string; conflict: ConflictView }) {
  const fid = questionFieldId(id);
  return (
    <div className="app-conflict" data-testid="conflict" data-base={conflict.base} data-message={conflict.message}>
      <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">
        {conflict.by} saved a different answer{conflict.at ? ` at ${conflict.at}` : ""}:
      </p>
      <div className="app-conflict__theirs govuk-body">{conflict.text || "(no answer)"}</div>
      <p className="govuk-body">
        Your answer is in the box above and has not been saved yet. You can copy from their answer into yours. Choose which to
        keep, then use a Save button.
      </p>
      <div className="govuk-form-group govuk-!-margin-bottom-0">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Which answer do you want to keep?</legend>
          <div className="govuk-radios govuk-radios--small">
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" id={`${fid}-keep-mine`} name={resolveField(id)} type="radio" value={`mine:${conflict.base}`} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${fid}-keep-mine`}>
                Keep my answer, with any changes I have made to it
              </label>
            </div>
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" id={`${fid}-keep-theirs`} name={resolveField(id)} type="radio" value={`theirs:${conflict.base}`} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${fid}-keep-theirs`}>
                Use {conflict.by}&apos;s answer instead
              </label>
            </div>
          </div>
        </fieldset>
      </div>
    </div>
  );
}
