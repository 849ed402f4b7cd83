// Every organisation's submitted comments on a version of a document, by paragraph (with counts
// per paragraph) or by organisation, filtered by stance, organisation, answered or not, and
// searched in full text; each links to the page where the council answers it.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { commentsByOrganisationHtml, commentsByParagraphHtml } from "@/components/documents/comment-cards";
import { getDb } from "@/db/client";
import { COMMENT_STANCES, type CommentStance } from "@/db/schema/documents";
import { decodeCommentCursor, getCommentsOverview, getDocumentVersion } from "@/lib/documents/queries";
import { STANCE_LABELS } from "@/lib/documents/schemas";
import { getConsultation } from "@/lib/consultations/queries";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "../../../../../_server/session";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";
import { orPage } from "@/app/_server/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Comments on a document" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function CommentsPage({ params, searchParams }: { params: Promise<{ id: string; docId: string }>; searchParams: Search }) {
  const { id, docId } = await params;
  const sp = await searchParams;
  if (!isUuid(id) || !isUuid(docId)) notFound();
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const actor = await requirePermission("document.read_comments", resource, `/manage/${id}/documents/${docId}/comments`);
  const manages = can(actor, "document.manage", resource);
  const versionNumber = Number(one(sp.version)) || null;
  const view = await orPage(getDocumentVersion(db, { documentId: docId, version: versionNumber }, actor));
  if (view.consultation.id !== id || view.version.status !== "published") notFound();
  const stanceParam = one(sp.stance);
  const stance = (COMMENT_STANCES as readonly string[]).includes(stanceParam ?? "") ? (stanceParam as CommentStance) : null;
  const orgParam = one(sp.organisation);
  const organisationId = orgParam && isUuid(orgParam) ? orgParam : null;
  const answeredParam = one(sp.answered);
  const answered = answeredParam === "answered" || answeredParam === "unanswered" ? answeredParam : null;
  const q = (one(sp.q) ?? "").slice(0, 200);
  const by = one(sp.by) === "organisation" ? "organisation" : "paragraph";
  const after = decodeCommentCursor(one(sp.after));
  // One paragraph's comments (its "Only this paragraph" link): a paragraph of this version, or none;
  // one that is not this version's (a malformed link, another version's) is not found, not every paragraph.
  const overview = await orPage(getCommentsOverview(db, view, { stance, organisationId, paragraph: one(sp.paragraph) ?? null, answered, q, after, by }, actor));
  const { items: list, next, counts, organisations: orgs, total, unanswered, paragraph, paragraphs } = overview;
  const self = `/manage/${id}/documents/${docId}/comments`;
  const query = new URLSearchParams();
  if (versionNumber) query.set("version", String(versionNumber));
  if (stance) query.set("stance", stance);
  if (organisationId) query.set("organisation", organisationId);
  if (answered) query.set("answered", answered);
  if (q) query.set("q", q);
  if (by === "organisation") query.set("by", by);
  if (paragraph) query.set("paragraph", paragraph.id);
  const returnTo = `${self}${query.size ? `?${query}` : ""}`;

  // The list as one HTML string (components/documents/comment-cards.ts): 500 cards as React
  // elements cost many times the rest of the page to serve.
  const cards = { manages, self, returnTo, paragraphLinks: !paragraph };
  const listHtml = by === "paragraph" ? commentsByParagraphHtml(paragraphs, list, counts, cards) : commentsByOrganisationHtml(orgs, list, cards);

  return (
    <>
      <Link href={`/manage/${id}/documents/${docId}`} className="govuk-back-link">
        Back to the document
      </Link>
      {sp.answered === "1" && (
        <SuccessBanner titleId="answered-title" heading={<>The council&apos;s answer has been saved.</>} />
      )}
      <h1 className="govuk-heading-l">
        Comments on {view.document.title}
        <span className="govuk-caption-m">
          Version {view.version.version}: {view.version.label}
        </span>
      </h1>
      <p className="govuk-body" data-testid="comment-totals">
        {plural(total, "comment")}
        {paragraph ? ` on paragraph ${paragraph.number}` : ""} from {plural(orgs.length, "organisation")}; {unanswered} not answered yet.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" href={`/manage/${id}/documents/${docId}/statement?version=${view.version.version}`}>
          Consultation statement for this version
        </Link>
      </p>
      <form method="get" action={self} className="govuk-!-margin-bottom-6" data-testid="comment-filters">
        {versionNumber && <input type="hidden" name="version" value={versionNumber} />}
        {paragraph && <input type="hidden" name="paragraph" value={paragraph.id} />}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="f-by">
                Show
              </label>
              <select className="govuk-select" id="f-by" name="by" defaultValue={by}>
                <option value="paragraph">By paragraph</option>
                <option value="organisation">By organisation</option>
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="f-stance">
                Support or object
              </label>
              <select className="govuk-select" id="f-stance" name="stance" defaultValue={stance ?? ""}>
                <option value="">All</option>
                {COMMENT_STANCES.map((s) => (
                  <option key={s} value={s}>
                    {STANCE_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="f-organisation">
                Organisation
              </label>
              <select className="govuk-select" id="f-organisation" name="organisation" defaultValue={organisationId ?? ""}>
                <option value="">All</option>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {`${o.name} (${o.total})`}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="f-answered">
                Answered
              </label>
              <select className="govuk-select" id="f-answered" name="answered" defaultValue={answered ?? ""}>
                <option value="">All</option>
                <option value="unanswered">Not answered yet</option>
                <option value="answered">Answered</option>
              </select>
            </div>
          </div>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="f-q">
            Search the comments
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="f-q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
      </form>

      {paragraph && (
        <p className="govuk-body" data-testid="paragraph-filter">
          Showing the comments on paragraph {paragraph.number} only.{" "}
          <Link className="govuk-link" href={`${self}?${new URLSearchParams([...query].filter(([k]) => k !== "paragraph"))}`}>
            Show the comments on every paragraph
          </Link>
        </p>
      )}
      {list.length === 0 && <p className="govuk-body">No comments match.</p>}
      <div dangerouslySetInnerHTML={{ __html: listHtml }} />
      {(next || after) && (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of comments" data-testid="comments-pagination">
          {after && (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" href={returnTo}>
                <span className="govuk-pagination__link-title">First comments</span>
              </Link>
            </div>
          )}
          {next && (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" href={`${self}?${new URLSearchParams([...query, ["after", next]])}`} rel="next">
                <span className="govuk-pagination__link-title">Next comments</span>
              </Link>
            </div>
          )}
        </nav>
      )}
    </>
  );
}
