"use client";
// The importer page's two forms. Paste: check the text, see what was found (chapters,
// sub-headings, numbered questions, draft answers) and every warning, correct the text and
// check again, then give the details and create. File: upload or paste a question-set JSON.
import type { FormState } from "@/components/ui/form-state";
import type { PastePreview } from "@/lib/consultations/paste";
import type { ImportError } from "@/lib/question-sets/import";
import { QUESTION_TYPE_LABELS } from "@/lib/consultations/schemas";
import { DateInput, EditorForm, Radios, ShowWhen, Submit, TextArea, TextInput } from "./editor-form";
import { PreviewBox, PreviewWarnings } from "./preview-parts";
import { UploadField } from "./upload-field";
import { plural } from "@/lib/text/plural";

type PasteState = FormState & { preview?: PastePreview };
type JsonState = FormState & { importErrors?: ImportError[] };

// Lines not imported are shown in full up to this length (a whole report pasted can run to 2 MB).
const SKIPPED_SHOWN = 20_000;

function Preview({ preview }: { preview: PastePreview }) {
  let n = 0;
  return (
    <PreviewBox testId="paste-preview">
      {preview.source && (
        <p className="govuk-body" data-testid="paste-source">
          Read from <strong>{preview.source.fileName}</strong> ({preview.source.kind === "docx" ? "Word document" : preview.source.kind === "pdf" ? `PDF, ${plural(preview.source.pages ?? 0, "page")}` : "text file"}). Its text is in the box above: correct it there and check again if anything below is wrong.
        </p>
      )}
      {preview.source?.leftOut && preview.source.leftOut.length > 0 && (
        <div className="govuk-body" data-testid="paste-left-out">
          <p className="govuk-body govuk-!-margin-bottom-1">Left out of the file&apos;s text as page furniture:</p>
          <ul className="govuk-list govuk-list--bullet">
            {preview.source.leftOut.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="govuk-body" data-testid="paste-counts">
        {plural(preview.questionCount, "question")} in {plural(preview.chapters.length, "chapter")}
        {preview.answerCount ? `, with ${preview.answerCount} draft ${preview.answerCount === 1 ? "answer" : "answers"}` : ""}.
      </p>
      {preview.warnings.length > 0 ? (
        <PreviewWarnings
          testId="paste-warnings"
          warnings={preview.warnings.map((w) => (
            <>
              Line {w.line}: {w.message}
              {w.text && <span className="app-quote-inline"> “{w.text.length > 160 ? `${w.text.slice(0, 160)}…` : w.text}”</span>}
            </>
          ))}
        />
      ) : (
        <p className="govuk-body" data-testid="paste-no-warnings">
          {preview.skipped.length > 0
            ? "No warnings: every line of the questions was placed, and the lines not imported are listed under “Text not imported” below."
            : "No warnings: every line of the questions was placed."}
        </p>
      )}
      {preview.chapters.map((ch, ci) => {
        let sub: string | undefined;
        return (
          <section key={ci} aria-labelledby={`pv-ch-${ci}`} className="govuk-!-margin-bottom-6" data-testid="preview-chapter">
            <h3 className="govuk-heading-s" id={`pv-ch-${ci}`}>
              Chapter {ci + 1}: {ch.title}
            </h3>
            {ch.description && (
              <div className="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-3" data-testid="preview-context">
                <span className="govuk-caption-s">Context (the chapter&apos;s description)</span>
                <p className="govuk-body-s app-pre govuk-!-margin-bottom-0">{ch.description}</p>
              </div>
            )}
            {ch.questions.length === 0 && <p className="govuk-body app-muted">No questions in this chapter.</p>}
            <ol className="govuk-list app-preview-list">
              {ch.questions.map((q) => {
                const heading = q.subheading && q.subheading !== sub ? q.subheading : null;
                sub = q.subheading;
                n++;
                return (
                  <li key={`${q.number}-${n}`}>
                    {heading && <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1 app-subheading">{heading}</p>}
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      <strong>{q.number}.</strong> {q.text}
                      {q.required && <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Required</strong>}
                    </p>
                    <p className="govuk-body-s govuk-!-margin-bottom-1 app-muted" data-testid="preview-type">
                      {QUESTION_TYPE_LABELS[q.type]}
                      {q.options && q.options.length > 0 && `: ${q.options.join(" / ")}`}
                    </p>
                    {q.hint && (
                      <div className="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-2" data-testid="preview-hint">
                        <span className="govuk-caption-s">Hint</span>
                        <p className="govuk-body-s app-pre govuk-!-margin-bottom-0">{q.hint}</p>
                      </div>
                    )}
                    {q.draftAnswer && (
                      <details className="govuk-details govuk-!-margin-bottom-2">
                        <summary className="govuk-details__summary">
                          <span className="govuk-details__summary-text">
                            Draft answer<span className="govuk-visually-hidden"> to question {q.number}</span>
                          </span>
                        </summary>
                        <div className="govuk-details__text app-pre">{q.draftAnswer}</div>
                      </details>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
      {preview.skipped.length > 0 && (
        <details className="govuk-details" data-testid="paste-skipped">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Text not imported ({plural(preview.skipped.length, "part")})
            </span>
          </summary>
          <div className="govuk-details__text">
            {preview.skipped.map((sk, i) => (
              <div key={i} className="govuk-!-margin-bottom-4">
                <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                  {sk.from === sk.to ? `Line ${sk.from}` : `Lines ${sk.from} to ${sk.to}`},{" "}
                  {sk.reason === "before_questions"
                    ? "before the questions start"
                    : sk.reason === "after_questions"
                      ? "after the questions end"
                      : "page numbers, running headers and form labels left out"}
                </p>
                <p className="govuk-body-s app-pre">
                  {sk.text.length > SKIPPED_SHOWN ? `${sk.text.slice(0, SKIPPED_SHOWN)}… (the rest, to line ${sk.to}, is in the text box above)` : sk.text}
                </p>
              </div>
            ))}
          </div>
        </details>
      )}
    </PreviewBox>
  );
}

export function PasteImportForm({ action }: { action: (prev: PasteState, data: FormData) => Promise<PasteState> }) {
  return (
    <EditorForm action={action as (p: FormState, d: FormData) => Promise<FormState>} permalink="/manage/import" testId="paste-form">
      {(state) => {
        const preview = (state as PasteState).preview;
        return (
          <>
            <UploadField
              name="paperFile"
              label="Upload the consultation paper"
              hint="A Word document (.docx), a PDF or a text file, up to 7 MB. Its text is put in the box below for you to check; a file you choose takes the place of anything in the box."
              accept=".docx,.pdf,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
            />
            <TextArea
              name="text"
              label="Paste the questions"
              labelClass="govuk-label--m"
              hint="Copy the consultation paper's list of key questions (or the whole report) and paste it here, up to 2 MB. Chapter headings, sub-headings, numbered questions (written 1. or 1: or Q1 or Question 1 or 1.1) and draft answers starting “A:” are recognised."
              rows={preview ? 10 : 18}
            />
            <Submit secondary={Boolean(preview)} name="intent" value="preview">
              {preview ? "Check again" : "Check the questions"}
            </Submit>
            {preview && (
              <>
                <Preview preview={preview} />
                <h2 className="govuk-heading-m">Details</h2>
                <p className="govuk-body">You can change these, and anything above, in the editor after creating the consultation.</p>
                <TextInput
                  name="title"
                  label="Title"
                  hint={preview.titleSuggestions.length > 1 ? `Title lines found in the paper: ${preview.titleSuggestions.slice(0, 4).map((t) => `“${t}”`).join(", ")}` : undefined}
                />
                <Radios
                  name="kind"
                  legend="What kind of consultation is it?"
                  options={[
                    { value: "questionnaire", text: "Questionnaire", hint: "The council asks its partners" },
                    { value: "consultation_to_answer", text: "Consultation to answer", hint: "An outside body asks the council; draft answers are kept as the council's drafts" },
                  ]}
                />
                <ShowWhen field="kind" values={["consultation_to_answer"]}>
                  <TextInput name="askedBy" label="Who is asking" hint="For example ODPM" width="govuk-!-width-one-half" />
                  <DateInput name="responseDeadline" legend="When the council's answer is due (optional)" hint="For example, 3 3 2026" />
                </ShowWhen>
                <DateInput name="opensOn" legend="Opening date (optional)" hint="Needed before publishing. For example, 6 1 2026" />
                <DateInput name="closesOn" legend="Closing date (optional)" hint="Needed before publishing" />
                <Submit name="intent" value="create">
                  Create consultation
                </Submit>
              </>
            )}
          </>
        );
      }}
    </EditorForm>
  );
}

export function JsonImportForm({ action }: { action: (prev: JsonState, data: FormData) => Promise<JsonState> }) {
  return (
    <EditorForm action={action as (p: FormState, d: FormData) => Promise<FormState>} permalink="/manage/import" testId="json-form">
      {(state) => {
        const errors = (state as JsonState).importErrors;
        return (
          <>
            {errors && errors.length > 0 && (
              <div className="app-import-errors" data-testid="json-errors">
                <h3 className="govuk-heading-s">Problems in the file</h3>
                <table className="govuk-table app-table--small">
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">Where</th>
                      <th scope="col" className="govuk-table__header">Problem</th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {errors.map((e, i) => (
                      <tr className="govuk-table__row" key={i}>
                        <td className="govuk-table__cell">
                          <code className="app-code">{e.path}</code>
                        </td>
                        <td className="govuk-table__cell">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <UploadField name="jsonFile" label="Question-set file" hint="A .json file exported from this service, or written to the published format" accept=".json,application/json" />
            <TextArea name="json" label="Or paste the JSON" rows={6} />
            <Submit secondary>Import file</Submit>
          </>
        );
      }}
    </EditorForm>
  );
}
