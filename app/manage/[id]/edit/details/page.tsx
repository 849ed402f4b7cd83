import type { Metadata } from "next";
import Link from "next/link";
import { DetailsFields } from "@/components/editor/details-fields";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { ukDate } from "@/lib/consultations/dates";
import { dateParts } from "@/lib/consultations/schemas";
import { updateDetailsAction } from "../actions";
import { managedConsultation } from "../page-context";

export const metadata: Metadata = { title: "Change the details" };
export const dynamic = "force-dynamic";

export default async function DetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/manage/${id}/edit/details`;
  const { c } = await managedConsultation(id, path);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" href={`/manage/${id}/edit`}>
          Back to the consultation
        </Link>
        <h1 className="govuk-heading-l">Change the details</h1>
        <EditorForm
          action={updateDetailsAction}
          schema="details"
          permalink={path}
          hidden={{ consultationId: id }}
          defaults={{
            title: c.title,
            kind: c.kind,
            askedBy: c.askedBy ?? "",
            summary: c.summary,
            audienceDescription: c.audienceDescription,
            privacyNotice: c.privacyNotice,
            ...dateParts("opensOn", ukDate(c.opensAt)),
            ...dateParts("closesOn", ukDate(c.closesAt)),
            ...dateParts("responseDeadline", c.responseDeadline),
          }}
        >
          <DetailsFields />
          <Submit>Save details</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
