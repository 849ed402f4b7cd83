import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { DetailsFields } from "@/components/editor/details-fields";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { organisationsWithRole } from "@/lib/auth/policy";
import { requireActor } from "../../_server/session";
import { createConsultationAction } from "./actions";

export const metadata: Metadata = { title: "Create a consultation" };
export const dynamic = "force-dynamic";

export default async function NewConsultationPage() {
  const actor = await requireActor("/manage/new");
  if (!organisationsWithRole(actor, "officer").length) forbidden();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href="/manage">
          Back to consultations
        </Link>
        <h1 className="govuk-heading-l">Create a consultation</h1>
        <p className="govuk-body">
          Start with the details; you add chapters and questions next. To turn a consultation paper&apos;s list of questions into a consultation, or to load a question-set
          file, <Link className="govuk-link" href="/manage/import">import the questions</Link> instead.
        </p>
        <EditorForm action={createConsultationAction} schema="details" permalink="/manage/new" defaults={{ kind: "questionnaire" }}>
          <DetailsFields />
          <Submit>Create consultation</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
