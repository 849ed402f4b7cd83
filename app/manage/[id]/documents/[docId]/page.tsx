// One document for the officer: its versions; the draft version's text to edit, with a preview
// of the sections and numbered paragraphs it splits into, and the button that publishes it; or,
// once published, the next version to start (as an edit of the last) for a later stage.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import { stageLabel } from "@/lib/consultations/stages";
import { getDocumentManagePage } from "@/lib/documents/queries";
import { splitDocument } from "@/lib/documents/split";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { managedConsultation } from "../../edit/page-context";
import { publishVersionAction, putForEndorsementAction, saveVersionTextAction, startVersionAction } from "../actions";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";
import { orPage } from "@/app/_server/page";

export const metadata: Metadata = { title: "Document" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ id: string; docId: string }>; searchParams: Search }) {
  const { id, docId } = await params;
  const sp = await searchParams;
  if (!isUuid(docId)) notFound();
  const { db, actor } = await managedConsultation(id, `/manage/${id}/documents/${docId}`);
  const view = await orPage(getDocumentManagePage(db, { consultationId: id, documentId: docId }, actor));
  const { latest, draft, stages: stageRows, totals } = view;
  const published = view.versions.filter((v) => v.status === "published");
  const preview = draft ? splitDocument(draft.sourceText) : null;
  const lastStage = stageRows.findIndex((s) => s.id === latest.stageId);
  const nextStage = stageRows[lastStage + 1] ?? stageRows[lastStage];
  const base = `/manage/${id}/documents/${docId}`;
  const banner = sp.published ? "Version published. Partners can comment while its stage is open." : sp.started ? "New version started from the last one. Edit its text, then publish it." : sp.created ? "Document added. Check the split below, then publish it." : sp.saved ? "Text saved." : null;

  return (
    <>
      <Link href={`/manage/${id}/documents`} className="govuk-back-link">
        Back to documents
      </Link>
      {banner && (
        <SuccessBanner titleId="doc-banner-title" heading={banner} />
      )}
      <h1 className="govuk-heading-l">{view.document.title}</h1>
      <Table data-testid="document-versions" caption="Versions" captionSize="m" columns={["Version", "Stage", "Status", "Comments"]}>
        {view.versions.map((v) => (
          <Tr key={v.id} data-version-id={v.id}>
            <Td>
              {v.status === "published" ? (
                <Link className="govuk-link" href={`/documents/${docId}?version=${v.version}`}>
                  Version {v.version}: {v.label}
                </Link>
              ) : (
                `Version ${v.version}: ${v.label}`
              )}
            </Td>
            <Td>{stageLabel(v.stagePosition + 1, v.stageName)}</Td>
            <Td>
              <Tag status={v.status === "published" ? "open" : "draft"}>{label(v.status)}</Tag>
              {v.publishedAt ? ` ${formatDate(v.publishedAt)}` : ""}
            </Td>
            <Td>
              {v.status === "published" ? (
                <Link className="govuk-link" href={`${base}/comments?version=${v.version}`}>
                  {totals.get(v.id) ?? 0} submitted<span className="govuk-visually-hidden"> on version {v.version}</span>
                </Link>
              ) : (
                "Not yet published"
              )}
            </Td>
          </Tr>
        ))}
      </Table>
      {published.length >= 2 && (
        <p className="govuk-body">
          <Link className="govuk-link" href={`${base}/compare?from=${published[published.length - 2]!.version}&to=${published[published.length - 1]!.version}`}>
            Compare version {published[published.length - 2]!.version} with version {published[published.length - 1]!.version}
          </Link>
        </p>
      )}

      {draft && preview ? (
        <>
          <h2 className="govuk-heading-m">
            Version {draft.version}: {draft.label} (not published)
          </h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <ActionForm action={saveVersionTextAction} permalink={base}>
                <input type="hidden" name="consultationId" value={id} />
                <input type="hidden" name="documentId" value={docId} />
                <input type="hidden" name="versionId" value={draft.id} />
                <input type="hidden" name="baseEditVersion" value={draft.editVersion} />
                <TextAreaField
                  name="text"
                  label="Text"
                  labelClass="govuk-label--s"
                  hint="A line starting “## ” is a heading. A blank line separates paragraphs. Each paragraph starts with its number. Join two paragraphs by removing the blank line between them; split one by adding a blank line."
                  defaultValue={draft.sourceText}
                  rows={30}
                />
                <SubmitButton secondary>Save and preview</SubmitButton>
              </ActionForm>
              <p className="govuk-body-s">Last saved {formatDateTime(draft.updatedAt)}.</p>
            </div>
            <div className="govuk-grid-column-one-half">
              <h3 className="govuk-heading-s" id="preview">
                Preview: {preview.sections.length} sections, {preview.sections.reduce((n, s) => n + s.paragraphs.length, 0)} paragraphs
              </h3>
              {preview.warnings.length > 0 && (
                <div className="govuk-warning-text">
                  <span className="govuk-warning-text__icon" aria-hidden="true">
                    !
                  </span>
                  <div className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    <ul className="govuk-list">
                      {preview.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </div>
                </div>
              )}
              <div data-testid="document-preview">
                {preview.sections.map((s, i) => (
                  <section key={i}>
                    {s.heading && <h4 className="govuk-heading-s">{s.heading}</h4>}
                    {s.paragraphs.map((p) => (
                      <p className="govuk-body-s" key={p.number}>
                        <strong>{p.number}</strong> {p.text}
                      </p>
                    ))}
                  </section>
                ))}
              </div>
            </div>
          </div>
          <ActionForm action={publishVersionAction} permalink={base}>
            <input type="hidden" name="consultationId" value={id} />
            <input type="hidden" name="documentId" value={docId} />
            <input type="hidden" name="versionId" value={draft.id} />
            <p className="govuk-body">Publishing fixes this version&apos;s paragraphs. Partners can comment on it while its stage is open; later changes go in a new version.</p>
            <SubmitButton>Publish version {draft.version}</SubmitButton>
          </ActionForm>
        </>
      ) : (
        <>
          <h2 className="govuk-heading-m">Endorsement by partners</h2>
          {latest.finalHash ? (
            <p className="govuk-body" data-testid="final-put">
              Version {latest.version} was put to partner organisations for endorsement on {formatDateTime(latest.finalAt!)}.{" "}
              <Link className="govuk-link" href={`${base}/endorsements`}>
                See their decisions
              </Link>
            </p>
          ) : (
            <ActionForm action={putForEndorsementAction} permalink={base}>
              <input type="hidden" name="consultationId" value={id} />
              <input type="hidden" name="documentId" value={docId} />
              <input type="hidden" name="version" value={latest.version} />
              <p className="govuk-body">
                When version {latest.version} is the final text, put it to partner organisations for endorsement. Its text is fixed by a SHA-256 fingerprint, it takes no
                more comments, and each invited organisation&apos;s signatory records whether it endorses it.
              </p>
              <SubmitButton secondary>Put version {latest.version} for endorsement</SubmitButton>
            </ActionForm>
          )}
          <h2 className="govuk-heading-m">Start the next version</h2>
          <p className="govuk-body">The next version starts as a copy of version {latest.version}, for you to edit. Paragraphs keep their links and comments history when they carry forward.</p>
          <ActionForm action={startVersionAction} permalink={base}>
            <input type="hidden" name="consultationId" value={id} />
            <input type="hidden" name="documentId" value={docId} />
            <SelectField
              name="stageId"
              label="Stage at which partners comment on it"
              defaultValue={nextStage?.id}
              options={stageRows.map((s) => ({ value: s.id, text: stageLabel(s.position + 1, s.name) }))}
            />
            <TextField name="label" label="What this version is called" hint="For example “First draft” or “Final version”" />
            <SubmitButton secondary>Start version {latest.version + 1}</SubmitButton>
          </ActionForm>
        </>
      )}
    </>
  );
}
