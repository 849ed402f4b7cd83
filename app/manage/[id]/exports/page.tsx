import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DownloadLinks } from "@/components/exports/download-links";
import { ExportJobsTable } from "@/components/exports/export-jobs-table";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { getConsultation } from "@/lib/consultations/queries";
import { getExportsOverview } from "@/lib/exports/overview";
import { XLSX_MAX_ROWS } from "@/lib/exports/responses-export";
import { formatDateTime, label } from "@/lib/format";
import { requirePermission } from "../../../_server/session";
import { requestExportAction } from "./actions";
import { isUuid } from "@/lib/sql";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Exports" };
export const dynamic = "force-dynamic";

export default async function ExportsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const actor = await requirePermission("consultation.read_responses", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }, `/manage/${id}/exports`);
  const o = await getExportsOverview(db, id, actor);
  const base = `/manage/${id}/exports`;
  const pending = o.jobs.some((j) => j.status === "queued" || j.status === "running");
  return (
    <>
      <h1 className="govuk-heading-l">Exports</h1>

      {o.councilResponse && (
        <section aria-labelledby="council-response-heading" className="govuk-!-margin-bottom-8" data-testid="council-response-exports">
          <h2 className="govuk-heading-m" id="council-response-heading">
            The council&apos;s response{c.askedBy ? ` to ${c.askedBy}` : ""}
          </h2>
          <p className="govuk-body">
            {o.councilResponse.signedOff ? (
              <>
                <Tag status="signed_off">Signed off</Tag> by {o.councilResponse.approvedBy}, {formatDateTime(o.councilResponse.approvedAt)}. The documents
                carry the sign-off and the hash of the approved answers.
              </>
            ) : (
              <>
                <Tag status={o.councilResponse.answerSetStatus}>{label(o.councilResponse.answerSetStatus)}</Tag> Not signed off yet: every page of these
                documents is marked DRAFT.
              </>
            )}
          </p>
          <p className="govuk-body">Each question with the council&apos;s answer, chapter by chapter, as the consultation asks for it.</p>
          <DownloadLinks
            label="The council's response"
            links={[
              { href: `${base}/council-response.docx`, text: "Download as Word (DOCX)" },
              { href: `${base}/council-response.pdf`, text: "Download as PDF" },
              { href: `${base}/council-response.html`, text: "Open the print view (HTML)", hint: "to read or print in the browser", newTab: true },
            ]}
          />
          <h3 className="govuk-heading-s" id="covering-letter-heading">
            As a letter on the council&apos;s letterhead
          </h3>
          <p className="govuk-body">
            A covering letter to {c.askedBy || "whoever asked"} with the council&apos;s logo, address and signatory, and the answers as an annex. An
            administrator sets the letterhead and the letter&apos;s text.
          </p>
          <DownloadLinks
            label="Covering letter and annex"
            links={[
              { href: `${base}/covering-letter.docx`, text: "Download the covering letter and annex as Word (DOCX)" },
              { href: `${base}/covering-letter.pdf`, text: "Download the covering letter and annex as PDF" },
              { href: `${base}/covering-letter.html`, text: "Open the covering letter's print view (HTML)", newTab: true },
            ]}
          />
        </section>
      )}

      {o.collatedReport && (
        <section aria-labelledby="collated-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="collated-heading">
            Collated report for the committee
          </h2>
          <p className="govuk-body">For each question: what partners said (counts, then their answers), the council&apos;s draft answer and the committee&apos;s comments.</p>
          <DownloadLinks
            label="Collated report"
            links={[
              { href: `${base}/collated-report.docx`, text: "Download collated report as Word (DOCX)" },
              { href: `${base}/collated-report.pdf`, text: "Download collated report as PDF" },
              { href: `${base}/collated-report.html`, text: "Open the collated report's print view (HTML)", newTab: true },
            ]}
          />
        </section>
      )}

      <section aria-labelledby="responses-heading" className="govuk-!-margin-bottom-8" data-testid="responses-exports">
        <h2 className="govuk-heading-m" id="responses-heading">
          All responses as data
        </h2>
        <p className="govuk-body">
          {plural(o.submitted, "submitted response")}. Drafts that partners have not
          submitted are not included.
        </p>
        <DownloadLinks
          label="Responses"
          links={[
            { href: `${base}/responses-wide.csv`, text: "Download CSV: one row per response", hint: "a column for each question" },
            { href: `${base}/responses-long.csv`, text: "Download CSV: one row per answer", hint: "for analysis tools" },
            ...(o.direct ? [{ href: `${base}/responses.xlsx`, text: "Download Excel workbook (XLSX)", hint: "both layouts, one sheet each" }] : []),
          ]}
        />
        {!o.direct && (
          <div className="govuk-inset-text">
            With more than {o.directLimit.toLocaleString("en-GB")} responses the Excel workbook is prepared in the background. Ask for it below and download
            it here when it is ready. A sheet holds at most {XLSX_MAX_ROWS.toLocaleString("en-GB")} rows: rows past that go on in the next sheet,
            “Answers (2)” and so on.
          </div>
        )}

        <h3 className="govuk-heading-s">Prepare an export in the background</h3>
        <p className="govuk-body">
          For large exports: the file is made on the server and kept here for {plural(o.keepDays, "day")} for you and your colleagues to
          download, then deleted (it holds what respondents wrote).
        </p>
        <ActionForm action={requestExportAction} permalink={base}>
          <input type="hidden" name="consultationId" value={id} />
          <SelectField
            name="format"
            label="Format"
            defaultValue={o.direct ? "csv-wide" : "xlsx"}
            options={[
              { value: "xlsx", text: "Excel workbook (XLSX), both layouts" },
              { value: "csv-wide", text: "CSV, one row per response" },
              { value: "csv-long", text: "CSV, one row per answer" },
            ]}
          />
          <SubmitButton secondary>Prepare export</SubmitButton>
        </ActionForm>
        <ExportJobsTable consultationId={id} jobs={o.jobs} />
        {pending && (
          <p className="govuk-body">
            <Link className="govuk-link" href={base}>
              Refresh to see if the export is ready
            </Link>
          </p>
        )}
      </section>

      <section aria-labelledby="api-heading">
        <h2 className="govuk-heading-m" id="api-heading">
          Through the API
        </h2>
        <p className="govuk-body">
          Other systems can read this consultation and its responses as JSON, or fetch the CSV, with an API key from an administrator. See the{" "}
          <Link className="govuk-link" href="/api-docs">
            API reference
          </Link>
          .
        </p>
      </section>
    </>
  );
}
