// A stage's fields: name, dates and description.
import { DateInput, TextArea, TextInput } from "./editor-form";

export function StageFields() {
  return (
    <>
      <TextInput name="name" label="Name of the stage" hint="For example “Scoping stage” or “Partners comment on the evidence base”" />
      <DateInput name="startsOn" legend="Starts (optional)" hint="For example, 1 10 2026" />
      <DateInput name="dueOn" legend="Due (optional)" hint="The date this stage ends, or a meeting's date" />
      <TextArea name="description" label="What happens at this stage (optional)" rows={4} spellCheck />
    </>
  );
}

export function ChapterFields() {
  return (
    <>
      <TextInput name="title" label="Chapter title" hint="For example “Governance”. Sub-headings within a chapter are set on its questions." />
      <TextArea name="description" label="Introduction to the chapter (optional)" rows={4} spellCheck />
    </>
  );
}
