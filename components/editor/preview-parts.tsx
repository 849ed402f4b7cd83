// The parts both importers' previews share (question sets: components/editor/import-forms.tsx;
// action plans: components/action-plans/plan-import-forms.tsx): the "What we found" box, and
// the warning of what needs checking with every warning listed.
import type { ReactNode } from "react";
import { plural } from "@/lib/text/plural";

export function PreviewBox({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <section aria-labelledby="preview-heading" className="app-preview-box" data-testid={testId}>
      <h2 className="govuk-heading-m" id="preview-heading">
        What we found
      </h2>
      {children}
    </section>
  );
}

export function PreviewWarnings({ testId, warnings }: { testId: string; warnings: ReactNode[] }) {
  return (
    <div className="govuk-warning-text" data-testid={testId}>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <div className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {plural(warnings.length, "thing needs", "things need")} checking. Correct the text above and check again, or fix it in the editor after creating.
        <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-font-weight-regular">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
