// The consultation's details, as fields of an EditorForm: used to create one and to change it.
import { DateInput, Radios, ShowWhen, TextArea, TextInput } from "./editor-form";

export function DetailsFields() {
  return (
    <>
      <TextInput name="title" label="Title" hint="As partners will see it, for example “Local Strategic Partnerships: Shaping their Future”" />
      <Radios
        name="kind"
        legend="What kind of consultation is it?"
        options={[
          { value: "questionnaire", text: "Questionnaire", hint: "The council asks its partners, and analyses their answers" },
          {
            value: "consultation_to_answer",
            text: "Consultation to answer",
            hint: "An outside body asks the council; partners' views inform the council's own answer to each question",
          },
        ]}
      />
      <ShowWhen field="kind" values={["consultation_to_answer"]}>
        <div className="app-conditional">
          <TextInput name="askedBy" label="Who is asking" hint="For a consultation to answer, for example ODPM" width="govuk-!-width-one-half" />
          <DateInput name="responseDeadline" legend="When the council's answer is due" hint="For example, 3 3 2026" />
        </div>
      </ShowWhen>
      <DateInput name="opensOn" legend="Opening date" hint="Partners can respond from this day. For example, 6 1 2026" />
      <DateInput name="closesOn" legend="Closing date" hint="Responses close at the end of this day (UK time)" />
      <TextArea name="summary" label="Summary" hint="What the consultation is about and why it matters. Leave a blank line between paragraphs." rows={6} spellCheck />
      <TextArea name="audienceDescription" label="Who may respond, and how" hint="Shown on the public page, for example “Members of the LSP Board, answering for their organisation”" rows={3} spellCheck />
      <TextArea name="privacyNotice" label="Privacy notice" hint="How respondents' names and email addresses are used and how long they are kept" rows={4} spellCheck />
    </>
  );
}
