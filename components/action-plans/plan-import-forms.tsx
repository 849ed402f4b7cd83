"use client";
// The action-plan importer's forms: paste a plan in the layout of Rochford's Strategic Action
// Plan, check what was found with every warning, correct and check again, then create; or
// paste a plan file (JSON, docs/action-plan-format.md). Both work without JavaScript.
import { EditorForm, SelectInput, Submit, TextArea, TextInput } from "@/components/editor/editor-form";
import { PreviewBox, PreviewWarnings } from "@/components/editor/preview-parts";
import type { FormState } from "@/components/ui/form-state";
import type { PlanJsonState, PlanPasteState } from "@/app/action-plans/edit-actions";

type Action<S> = (prev: S, data: FormData) => Promise<S>;

function Preview({ preview }: { preview: NonNullable<PlanPasteState["preview"]> }) {
  const { imported: p, counts: c } = preview;
  return (
    <PreviewBox testId="plan-preview">
      <p className="govuk-body" data-testid="plan-preview-counts">
        {c.priorities} strategic priorities, {c.indicators} indicators, {c.milestones} milestones, {c.projects} funded projects and {c.risks} risks.
      </p>
      {p.warnings.length > 0 ? <PreviewWarnings testId="plan-preview-warnings" warnings={p.warnings} /> : <p className="govuk-body">No warnings: every line was placed.</p>}
      {p.priorities.map((pr) => (
        <section key={pr.number} aria-labelledby={`pv-p-${pr.number}`} className="govuk-!-margin-bottom-4" data-testid="plan-preview-priority">
          <h3 className="govuk-heading-s" id={`pv-p-${pr.number}`}>
            Strategic Priority {pr.number}: {pr.title}
          </h3>
          <p className="govuk-body-s">Lead: {pr.leadText || "none"}</p>
          {pr.indicators.length > 0 && (
            <ul className="govuk-list govuk-list--bullet">
              {pr.indicators.map((i) => (
                <li key={i.code}>
                  <strong>{i.code}</strong> {i.title}: baseline {i.baseline ?? "none"}
                  {i.baselineDate ? ` (${i.baselineDate})` : ""}; targets {i.targets.map((t) => `${t.label} ${t.value}`).join(", ") || "none"}
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body-s">
            {pr.milestones.length} milestones, {pr.projects.length} funded projects, {pr.risks.length} risks.
          </p>
        </section>
      ))}
    </PreviewBox>
  );
}

const HOW = { exact: "matched by its name", words: "matched by the words of its name", initials: "matched by its initials" } as const;

/** Each priority's lead organisation, as matched from the paper's words; the officer may change any. */
function LeadChoices({ preview }: { preview: NonNullable<PlanPasteState["preview"]> }) {
  const options = [{ value: "", text: "The council, for now (choose in the editor)" }, ...preview.organisations.map((o) => ({ value: o.id, text: o.name }))];
  const nameOf = new Map(preview.organisations.map((o) => [o.id, o.name]));
  return (
    <fieldset className="govuk-fieldset" data-testid="plan-preview-leads">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
        <h2 className="govuk-fieldset__heading">Who leads each priority</h2>
      </legend>
      <p className="govuk-body">The lead organisation owns the priority&apos;s milestones, projects and indicators, and makes its returns.</p>
      {preview.owners.map((m) => (
        <SelectInput
          key={m.priority}
          name={`lead-${m.priority}`}
          label={`Strategic Priority ${m.priority}: lead organisation`}
          hint={`The plan says “${m.leadText || "nothing"}”: ${m.organisationId ? `${HOW[m.how!]}, ${nameOf.get(m.organisationId)}` : "no organisation matched"}.`}
          options={options}
        />
      ))}
    </fieldset>
  );
}

export function PlanPasteForm({ action }: { action: Action<PlanPasteState> }) {
  return (
    <EditorForm action={action as Action<FormState>} permalink="/action-plans/import" testId="plan-paste-form">
      {(state) => {
        const preview = (state as PlanPasteState).preview;
        return (
          <>
            <TextArea
              name="text"
              label="Paste the action plan"
              labelClass="govuk-label--m"
              hint="The whole plan as text: “Strategic Priority 1: …” headings, indicator lines with baseline and targets, the milestone / outcome / RAG table, risks and mitigations, and the appendix of funded projects."
              rows={preview ? 10 : 18}
            />
            <Submit secondary={Boolean(preview)} name="intent" value="preview">
              {preview ? "Check again" : "Check the plan"}
            </Submit>
            {preview && (
              <>
                <Preview preview={preview} />
                <LeadChoices preview={preview} />
                <TextInput name="title" label="Title of the plan" />
                <Submit name="intent" value="create">
                  Create the plan
                </Submit>
              </>
            )}
          </>
        );
      }}
    </EditorForm>
  );
}

export function PlanJsonForm({ action }: { action: Action<PlanJsonState> }) {
  return (
    <EditorForm action={action as Action<FormState>} permalink="/action-plans/import#json" testId="plan-json-form">
      {(state) => {
        const problems = (state as PlanJsonState).problems;
        return (
          <>
            <TextArea name="json" label="Paste a plan file (JSON)" labelClass="govuk-label--m" hint="A file downloaded from a plan's editor (format council-consult/action-plan, version 1)." rows={8} />
            {problems && problems.length > 0 && (
              <ul className="govuk-list govuk-list--bullet govuk-error-message" data-testid="plan-json-problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.path ? `${p.path}: ` : ""}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
            <Submit>Import the plan file</Submit>
          </>
        );
      }}
    </EditorForm>
  );
}
