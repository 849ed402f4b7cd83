import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { findOrganisations, getOrganisation, previewMerge } from "@/lib/admin/organisations";
import { readOrganisationSearch } from "@/lib/input/search";
import { InvalidError } from "@/lib/errors";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { mergeOrganisationsAction } from "../../actions";
import { ChooseOrganisationForm } from "../choose-organisation";
import { isUuid } from "@/lib/sql";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Merge organisations" };

/**
 * The confirmation step of a merge: what will move, and what stops it. A page of its own
 * (reached by a GET form), so it works the same without JavaScript.
 */
export default async function MergePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/organisations/${id}`;
  const { actor, db } = await pageContext(`${base}/merge`);
  const org = await orPage(getOrganisation(db, id, actor));
  const sp = await searchParams;
  const intoId = param(sp.intoId) ?? "";
  const search = readOrganisationSearch(sp.org);
  let preview: Awaited<ReturnType<typeof previewMerge>> | null = null;
  // A search (`org`, from the form on this page) with nothing chosen yet is not an error; a refused search is, at its field.
  let error: string | undefined = sp.org === undefined || intoId ? "Select the organisation to keep" : undefined;
  if (isUuid(intoId)) {
    try {
      preview = await orPage(previewMerge(db, { organisationId: id, intoId }, actor));
    } catch (e) {
      if (!(e instanceof InvalidError)) throw e;
      error = e.fieldErrors.intoId ?? e.message;
    }
  }
  if (!preview) {
    // No organisation chosen (or not a valid one): the choice again, with the error beside it.
    const choices = await orPage(findOrganisations(db, { q: search.q, except: org.id }, actor));
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <a href={base} className="govuk-back-link">
            Back to {org.name}
          </a>
          <ErrorSummaryView fields={{ org: search.error, intoId: error }} />
          <h1 className="govuk-heading-l">Merge {org.name} into another organisation</h1>
          <ChooseOrganisationForm action={`${base}/merge`} searchAction={`${base}/merge`} search={search} choices={choices} error={error} chosen={intoId} />
        </div>
      </div>
    );
  }
  const { from, into, conflicts } = preview;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href={base} className="govuk-back-link">
          Back to {from.name}
        </a>
        <h1 className="govuk-heading-l">
          Merge {from.name} into {into.name}?
        </h1>
        {conflicts.length > 0 ? (
          <div className="govuk-warning-text" data-testid="merge-conflicts">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <div className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              These organisations cannot be merged: both have responded to the same consultation or sent a progress return for
              the same period, and merging would lose one of them:
              <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2">
                {conflicts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              Ask one of them to withdraw or combine its answers first.
            </div>
          </div>
        ) : (
          <>
            <p className="govuk-body">These move from {from.name} to {into.name}:</p>
            <ul className="govuk-list govuk-list--bullet" data-testid="merge-moves">
              <li>{plural(preview.people, "person", "people")} and their roles</li>
              <li>{plural(preview.invitations, "invitation", "invitations")}</li>
              <li>{plural(preview.responses, "response", "responses")}</li>
              <li>{plural(preview.progressReturns, "progress return", "progress returns")}, and the action-plan items and indicators it reports on</li>
            </ul>
            {preview.endorsements > 0 && (
              <p className="govuk-body" data-testid="merge-endorsements">
                {plural(preview.endorsements, "endorsement", "endorsements")} of a final document {preview.endorsements === 1 ? "was" : "were"} signed for {from.name}.{" "}
                {preview.endorsements === 1 ? "It stays" : "They stay"} on record as signed, and {preview.endorsements === 1 ? "is" : "are"} shown as {into.name}&apos;s decision{preview.endorsements === 1 ? "" : "s"}.
              </p>
            )}
            <p className="govuk-body">{from.name} is then removed from every list. This cannot be undone.</p>
            <ActionForm action={mergeOrganisationsAction} permalink={`${base}/merge?intoId=${into.id}`}>
              <input type="hidden" name="organisationId" value={from.id} />
              <input type="hidden" name="intoId" value={into.id} />
              <div className="govuk-button-group">
                <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                  Yes, merge into {into.name}
                </button>
                <a className="govuk-link" href={base}>
                  Cancel
                </a>
              </div>
            </ActionForm>
          </>
        )}
      </div>
    </div>
  );
}
