import type { Metadata } from "next";
import Link from "next/link";
import { DetailsFields } from "@/components/editor/details-fields";
import { EditorForm, Submit } from "@/components/editor/editor-form";
import { loadLetterhead } from "@/lib/branding/commands";
import { ukDate } from "@/lib/consultations/dates";
import { contactLine } from "@/lib/exports/covering-letter";
import { defaultReferenceCode } from "@/lib/consultations/reference-code";
import { dateParts } from "@/lib/consultations/schemas";
import { detailsValues } from "@/lib/consultations/editor";
import { editBase } from "@/lib/input/edit-merge";
import { updateDetailsAction } from "../actions";
import { managedConsultation } from "../page-context";

export const metadata: Metadata = { title: "Change the details" };
export const dynamic = "force-dynamic";

export default async function DetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/manage/${id}/edit/details`;
  const { c, db } = await managedConsultation(id, path);
  const council = await loadLetterhead(db, c.ownerOrganisationId);
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
          hidden={{ consultationId: id, editBase: editBase(detailsValues(c)) }}
          defaults={{
            title: c.title,
            referenceCode: c.referenceCode ?? "",
            kind: c.kind,
            askedBy: c.askedBy ?? "",
            summary: c.summary,
            audienceDescription: c.audienceDescription,
            privacyNotice: c.privacyNotice,
            contactOfficerName: c.contactOfficerName,
            contactOfficerEmail: c.contactOfficerEmail,
            ...dateParts("opensOn", ukDate(c.opensAt)),
            ...dateParts("closesOn", ukDate(c.closesAt)),
            ...dateParts("responseDeadline", c.responseDeadline),
          }}
        >
          <DetailsFields
            titleCode={defaultReferenceCode(c.title)}
            councilContact={council.contactName || council.contactEmail ? contactLine({ name: council.contactName, email: council.contactEmail, phone: "" }) : undefined}
          />
          <Submit>Save details</Submit>
        </EditorForm>
      </div>
    </div>
  );
}
