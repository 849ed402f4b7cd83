import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { JsonImportForm, PasteImportForm } from "@/components/editor/import-forms";
import { organisationsWithRole } from "@/lib/auth/policy";
import { requireActor } from "../../_server/session";
import { jsonImportAction, pasteImportAction } from "./actions";

export const metadata: Metadata = { title: "Import questions" };
export const dynamic = "force-dynamic";

export default async function ImportPage() {
  const actor = await requireActor("/manage/import");
  if (!organisationsWithRole(actor, "officer").length) forbidden();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link className="govuk-back-link" href="/manage">
          Back to consultations
        </Link>
        <h1 className="govuk-heading-l">Import questions</h1>
      </div>
      <div className="govuk-grid-column-two-thirds">
        <p className="govuk-body">
          Turn a consultation paper&apos;s questions into a draft consultation. Nothing is saved until you choose “Create consultation”, and you can change everything in the editor
          afterwards.
        </p>
        <PasteImportForm action={pasteImportAction} />
        <h2 className="govuk-heading-l govuk-!-margin-top-9" id="json">
          Import a question-set file
        </h2>
        <p className="govuk-body">
          A question set is a consultation&apos;s structure as JSON: what “Download as a question-set file” gives you. The format is described by its{" "}
          <a className="govuk-link" href="/api/v1/question-set.schema.json">
            JSON Schema
          </a>
          .
        </p>
        <JsonImportForm action={jsonImportAction} />
      </div>
    </div>
  );
}
