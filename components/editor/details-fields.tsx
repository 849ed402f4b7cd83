// The consultation's details, as fields of an EditorForm: used to create one and to change it.
import { DateInput, Radios, ShowWhen, TextArea, TextInput } from "./editor-form";

/**
 * `titleCode`: the code the title gives today, named in the reference code's hint.
 * `councilContact`: the council's contact officer (its letterhead), who is the contact when these are left empty.
 */
export function DetailsFields({ titleCode, councilContact }: { titleCode?: string; councilContact?: string } = {}) {
  return (
    <>
      <TextInput name="title" label="Title" hint="As partners will see it, for example “Local Strategic Partnerships: Shaping their Future”" />
      <TextInput
        name="referenceCode"
        label="Reference code (optional)"
        hint={`Starts the reference each response is given, for example LSPSTF-7K3F-92QX. 2 to 10 letters or numbers. Leave it empty to use the title’s initials${titleCode ? ` (${titleCode})` : ""}.`}
        width="govuk-input--width-10"
      />
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
      <h2 className="govuk-heading-m">Contact officer</h2>
      <p className="govuk-body" id="contact-officer-hint">
        Named on partners&rsquo; receipts; their replies go to this address.{" "}
        {councilContact ? `Leave both empty to use the council's contact officer, ${councilContact}.` : "Leave both empty to use the council's contact officer, set by an administrator on the letterhead page."}
      </p>
      <TextInput name="contactOfficerName" label="Contact officer's name" width="govuk-!-width-one-half" />
      <TextInput name="contactOfficerEmail" label="Contact officer's email address" width="govuk-!-width-one-half" />
      <TextArea name="privacyNotice" label="Privacy notice" hint="How respondents' names and email addresses are used and how long they are kept" rows={4} spellCheck />
    </>
  );
}
