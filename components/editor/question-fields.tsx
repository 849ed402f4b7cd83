"use client";
// A question's fields: number, wording, type, options, limits and show-if. With JavaScript the
// options and limits that do not apply to the chosen type are hidden; without it all are
// shown, labelled with the types they apply to, and the server drops those that do not apply.
import { useFormContext } from "react-hook-form";
import { LIMITS_BY_TYPE, QUESTION_TYPE_LABELS, QUESTION_TYPES, TYPES_WITH_OPTIONS } from "@/lib/consultations/schemas";
import { Checkbox, Radios, SelectInput, ShowWhen, TextArea, TextInput } from "./editor-form";
import { plural } from "@/lib/text/plural";

const TYPE_HINTS: Record<string, string> = {
  long_text: "A paragraph or more, for example “What are your key priorities?”",
  short_text: "A line, for example a name",
  single_choice: "Pick one from a list you write",
  multiple_choice: "Tick any from a list you write",
  agreement_scale: "Strongly agree to strongly disagree, or a scale you write",
  ranking: "Put the options you write in order of priority",
  number: "A number, with optional smallest and largest",
  date: "A day, month and year",
  yes_no: "Yes or no, with room to explain",
  rag_status: "Red, Amber, Green or Achieved, with commentary",
};

const typesUsing = (limit: string) => QUESTION_TYPES.filter((t) => (LIMITS_BY_TYPE[t] as string[]).includes(limit));

export type EarlierQuestion = { number: string; text: string; values: string[] | null };

function ShowIfChoices({ earlier }: { earlier: EarlierQuestion[] }) {
  const rhf = useFormContext();
  const chosen = rhf?.watch("showIfQuestion") as string | undefined;
  const q = earlier.find((e) => e.number === chosen);
  if (!q) return null;
  return (
    <p className="govuk-body-s" aria-live="polite" data-testid="showif-choices">
      Question {q.number}&apos;s answers: {q.values ? q.values.map((v) => `“${v}”`).join(", ") : "any number"}
    </p>
  );
}

export function QuestionFields({ chapters, earlier, answered }: { chapters?: { id: string; title: string }[]; earlier: EarlierQuestion[]; answered: number }) {
  return (
    <>
      {chapters && chapters.length > 1 && (
        <SelectInput name="sectionId" label="Chapter" options={chapters.map((c, i) => ({ value: c.id, text: `Chapter ${i + 1}: ${c.title}` }))} />
      )}
      <TextInput name="number" label="Question number" hint="As printed in the paper, for example 12, 2.3 or Q4" width="govuk-input--width-5" />
      <TextInput name="subheading" label="Sub-heading (optional)" hint="The heading this question sits under within its chapter, for example “Regional engagement”" />
      <TextArea name="text" label="Question" rows={4} spellCheck />
      <TextArea name="hint" label="Hint (optional)" hint="Help shown under the question" rows={2} spellCheck />
      <Radios
        name="type"
        legend="Type of answer"
        hint={answered ? `Partners have already given ${plural(answered, "answer")}, so the type cannot change.` : undefined}
        small
        options={QUESTION_TYPES.map((t) => ({ value: t, text: QUESTION_TYPE_LABELS[t], hint: TYPE_HINTS[t] }))}
      />
      <Checkbox name="required" label="Respondents must answer this question" />

      <ShowWhen field="type" values={TYPES_WITH_OPTIONS}>
        <TextArea
          name="options"
          label="Options, one on each line"
          hint="For single choice, multiple choice and ranking questions (at least 2). For an agreement scale, leave empty to use Strongly agree … Strongly disagree."
          rows={6}
        />
      </ShowWhen>

      <ShowWhen field="type" values={[...typesUsing("minLength"), ...typesUsing("maxLength"), ...typesUsing("min"), ...typesUsing("minSelections")]}>
        <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Limits (optional)</legend>
          <div className="app-limits">
            <ShowWhen field="type" values={typesUsing("minLength")}>
              <TextInput name="minLength" label="Fewest characters" hint="Long and short text" width="govuk-input--width-5" inputMode="numeric" />
            </ShowWhen>
            <ShowWhen field="type" values={typesUsing("maxLength")}>
              <TextInput name="maxLength" label="Most characters" hint="Text, and the explanation of yes/no or RAG answers" width="govuk-input--width-5" inputMode="numeric" />
            </ShowWhen>
            <ShowWhen field="type" values={typesUsing("min")}>
              <TextInput name="min" label="Smallest number allowed" hint="Number questions" width="govuk-input--width-5" inputMode="decimal" />
              <TextInput name="max" label="Largest number allowed" hint="Number questions" width="govuk-input--width-5" inputMode="decimal" />
            </ShowWhen>
            <ShowWhen field="type" values={typesUsing("minSelections")}>
              <TextInput name="minSelections" label="Fewest choices" hint="Multiple choice and ranking" width="govuk-input--width-5" inputMode="numeric" />
              <TextInput name="maxSelections" label="Most choices" hint="Multiple choice and ranking (for a ranking: how many to rank)" width="govuk-input--width-5" inputMode="numeric" />
            </ShowWhen>
          </div>
        </fieldset>
      </ShowWhen>

      <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Show this question only after a particular answer (optional)</legend>
        {earlier.length === 0 ? (
          <p className="govuk-body">No earlier question has answers to choose from (a choice, agreement scale, yes/no, RAG status or number question).</p>
        ) : (
          <>
            <SelectInput
              name="showIfQuestion"
              label="Earlier question"
              options={[{ value: "", text: "Always show this question" }, ...earlier.map((e) => ({ value: e.number, text: `${e.number}. ${e.text.length > 70 ? `${e.text.slice(0, 70)}…` : e.text}` }))]}
            />
            <ShowIfChoices earlier={earlier} />
            <TextArea name="showIfEquals" label="Answers that show this question, one on each line" hint="For example Yes" rows={2} />
          </>
        )}
      </fieldset>
    </>
  );
}
