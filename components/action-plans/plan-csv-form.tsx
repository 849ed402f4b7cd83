"use client";
// CSV import of a plan's indicators or milestones, with the problems listed row by row.
import { EditorForm, Radios, Submit, TextArea } from "@/components/editor/editor-form";
import type { FormState } from "@/components/ui/form-state";
import type { PlanCsvState } from "@/app/action-plans/edit-actions";

export function PlanCsvForm({ action, planId, permalink }: { action: (prev: PlanCsvState, data: FormData) => Promise<PlanCsvState>; planId: string; permalink: string }) {
  return (
    <EditorForm action={action as (p: FormState, d: FormData) => Promise<FormState>} permalink={permalink} hidden={{ planId }} testId="plan-csv-form">
      {(state) => {
        const rows = (state as PlanCsvState).rowErrors;
        return (
          <>
            {state.ok && state.message && (
              <p className="govuk-body govuk-!-font-weight-bold" role="status" data-testid="csv-imported">
                {state.message}
              </p>
            )}
            <Radios
              name="kind"
              legend="What does the CSV hold?"
              options={[
                { value: "indicators", text: "Indicators" },
                { value: "milestones", text: "Milestones and funded projects" },
              ]}
            />
            <TextArea name="csv" label="Paste the CSV" rows={8} />
            {rows && rows.length > 0 && (
              <table className="govuk-table" data-testid="csv-row-errors">
                <caption className="govuk-table__caption govuk-table__caption--s">Problems, by row (nothing was imported)</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Row</th>
                    <th scope="col" className="govuk-table__header">Column</th>
                    <th scope="col" className="govuk-table__header">Problem</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {rows.map((r, i) => (
                    <tr className="govuk-table__row" key={i}>
                      <td className="govuk-table__cell">{r.row}</td>
                      <td className="govuk-table__cell">{r.column}</td>
                      <td className="govuk-table__cell">{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Submit>Import the CSV</Submit>
          </>
        );
      }}
    </EditorForm>
  );
}
