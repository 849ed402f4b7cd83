// The page body for adding a chapter or a stage to a consultation: back link, heading, and the
// editor form with the item's fields. The pages under app/manage/[id]/edit/*/new check access
// and pass their server action.
import Link from "next/link";
import type { ReactNode } from "react";
import type { FormState } from "@/components/ui/form-state";
import { EditorForm, Submit } from "./editor-form";

type Props = {
  consultationId: string;
  item: "chapter" | "stage";
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  /** The item's fields (ChapterFields or StageFields). */
  children: ReactNode;
};

export function AddItemPage({ consultationId, item, action, children }: Props) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${consultationId}/edit#${item}s`}>
          Back to the consultation
        </Link>
        <h1 className="govuk-heading-l">Add a {item}</h1>
        <EditorForm action={action} schema={item} permalink={addItemPath(consultationId, item)} hidden={{ consultationId }}>
          {children}
          <Submit>Add {item}</Submit>
        </EditorForm>
      </div>
    </div>
  );
}

export function addItemPath(consultationId: string, item: "chapter" | "stage"): string {
  return `/manage/${consultationId}/edit/${item}s/new`;
}
