import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm, CheckboxField, FileField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { getBrandingForAdmin } from "@/lib/branding/commands";
import { MAX_LOGO_BYTES } from "@/lib/branding/logo";
import { DEFAULT_LETTER_TEMPLATE, PLACEHOLDERS } from "@/lib/branding/template";
import { orPage, pageContext } from "@/app/_server/page";
import { saveBrandingAction } from "./actions";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "Letterhead" };
export const dynamic = "force-dynamic";

/** The council's letterhead: what its covering letters, documents and receipts carry. */
export default async function BrandingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const path = `/admin/organisations/${id}/branding`;
  const { actor, db } = await pageContext(path);
  const b = await orPage(getBrandingForAdmin(db, id, actor));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href="/admin/organisations" className="govuk-back-link">
          Back to organisations
        </a>
        <span className="govuk-caption-l">{b.organisationName}</span>
        <h1 className="govuk-heading-l">Letterhead</h1>
        <p className="govuk-body">
          The council&rsquo;s covering letters and response documents carry these details. Receipts emailed to partners name the contact officer
          and replies go to them, unless a consultation names its own contact officer.
        </p>
        <ActionForm action={saveBrandingAction} permalink={path}>
          <input type="hidden" name="organisationId" value={id} />
          <TextField name="councilName" label="Council name" hint={`As printed at the top of each letter. Leave empty to use “${b.organisationName}”.`} defaultValue={b.councilName === b.organisationName ? "" : b.councilName} width="govuk-!-width-two-thirds" />
          <h2 className="govuk-heading-m">Logo</h2>
          {b.logo ? (
            <>
              <p className="govuk-body">The current logo:</p>
              {/* eslint-disable-next-line @next/next/no-img-element -- a database image served by our own route */}
              <img className="app-logo-preview" src={`/organisations/${id}/logo?v=${b.logoUpdatedAt?.getTime() ?? 0}`} alt={`${b.councilName} logo`} />
              <CheckboxField name="removeLogo" label="Remove the logo" />
            </>
          ) : (
            <p className="govuk-body">No logo yet.</p>
          )}
          <FileField
            name="logo"
            label={b.logo ? "Replace the logo (optional)" : "Upload a logo (optional)"}
            hint={`A PNG or JPEG image, ${MAX_LOGO_BYTES / 1024 / 1024} MB or smaller. If the page shows a problem, choose the file again.`}
            accept="image/png,image/jpeg"
          />
          <TextAreaField name="postalAddress" label="Postal address" hint="One line of the address on each line" rows={5} defaultValue={b.postalAddress} />
          <h2 className="govuk-heading-m">Contact officer</h2>
          <TextField name="contactName" label="Contact officer’s name" defaultValue={b.contactName} width="govuk-!-width-two-thirds" autoComplete="off" />
          <TextField name="contactEmail" label="Contact officer’s email address" type="email" defaultValue={b.contactEmail} width="govuk-!-width-two-thirds" autoComplete="off" />
          <TextField name="contactPhone" label="Contact officer’s phone number" type="tel" defaultValue={b.contactPhone} width="govuk-input--width-20" autoComplete="off" />
          <h2 className="govuk-heading-m">Signatory</h2>
          <TextField name="signatoryName" label="Signatory’s name" hint="Who signs the covering letter when the answers have not been signed off yet; a signed-off letter is signed by the person who approved it" defaultValue={b.signatoryName} width="govuk-!-width-two-thirds" autoComplete="off" />
          <TextField name="signatoryTitle" label="Signatory’s job title" hint="For example, Chief Executive" defaultValue={b.signatoryTitle} width="govuk-!-width-two-thirds" />
          <h2 className="govuk-heading-m">Covering letter</h2>
          <TextAreaField
            name="letterTemplate"
            label="Letter text"
            hint="Plain text. Leave a blank line between paragraphs. Leave empty to use the standard letter shown below."
            rows={12}
            defaultValue={b.letterTemplate}
          />
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Placeholders you can use</span>
            </summary>
            <div className="govuk-details__text">
              <dl className="govuk-summary-list">
                {Object.entries(PLACEHOLDERS).map(([name, what]) => (
                  <div className="govuk-summary-list__row" key={name}>
                    <dt className="govuk-summary-list__key">
                      <code>{`{{${name}}}`}</code>
                    </dt>
                    <dd className="govuk-summary-list__value">{what}</dd>
                  </div>
                ))}
              </dl>
              <p className="govuk-body">The standard letter:</p>
              <pre className="app-pre">{DEFAULT_LETTER_TEMPLATE}</pre>
            </div>
          </details>
          <SubmitButton>Save letterhead</SubmitButton>
        </ActionForm>
      </div>
    </div>
  );
}
