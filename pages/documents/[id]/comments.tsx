// The organisation's comments on the document's newest version: its drafts, which any colleague
// may change or delete, and a button that submits them as the organisation's representation;
// then what was submitted, with the council's answers once given. No JavaScript.
import type { GetServerSideProps } from "next";
import { loadDocumentPage, postedForm, redirectTo, respondentPage, stateFromError } from "@/app/_server/documents";
import type { RespondProps } from "@/app/_server/respond";
import { CommentBody, outcomeText, StanceTag } from "@/components/documents/comment-bits";
import { RespondPage } from "@/components/response/respond-page";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import type { CommentOutcome, CommentStance } from "@/db/schema/documents";
import { deleteComment, submitComments } from "@/lib/documents/commands";
import { listOwnComments } from "@/lib/documents/queries";
import { formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type Item = {
  id: string;
  number: string;
  anchor: string;
  stance: CommentStance;
  text: string;
  quote: string;
  proposedChange: string;
  updated: string;
  reference: string | null;
  response: string | null;
  outcome: CommentOutcome | null;
};
type View = {
  documentId: string;
  title: string;
  versionLabel: string;
  organisationName: string;
  org: string | null;
  open: boolean;
  windowMessage: string | null;
  drafts: Item[];
  submitted: Item[];
  csrfToken: string;
  problem: string | null;
  saved: boolean;
  deleted: boolean;
};

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: true });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell, organisation, orgParam, href } = loaded;
  if (!organisation || !actor) return { props: { shell, problem: "forbidden", view: null } };
  let problem: string | null = null;
  if (c.req.method === "POST") {
    const { fields, problem: p } = await postedForm(c);
    if (p) problem = p;
    else {
      try {
        if (fields.intent === "delete" && typeof fields.commentId === "string" && /^[0-9a-f-]{36}$/i.test(fields.commentId)) {
          await deleteComment(db, { documentId: view.document.id, organisationId: organisation.id, commentId: fields.commentId }, actor);
          return redirectTo(href("/comments", { deleted: "1" }), 303);
        }
        if (fields.intent === "submit") {
          const done = await submitComments(db, { documentId: view.document.id, organisationId: organisation.id }, actor);
          return redirectTo(href("/submitted", { ref: done.representation.reference }), 303);
        }
        problem = "Choose what to do: delete a comment or submit your comments.";
      } catch (e) {
        problem = stateFromError(e, fields).message ?? null;
      }
    }
  }
  const own = await listOwnComments(db, { versionId: view.version.id, organisationId: organisation.id, consultationOwnerOrganisationId: view.consultation.ownerOrganisationId }, actor);
  const item = (k: (typeof own)[number]): Item => ({
    id: k.id,
    number: k.paragraphNumber,
    anchor: k.paragraphAnchor,
    stance: k.stance,
    text: k.text,
    quote: k.quote,
    proposedChange: k.proposedChange,
    updated: `${k.updatedByName ?? "Someone"}, ${formatDateTime(k.updatedAt)}`,
    reference: k.reference,
    response: k.response,
    outcome: k.outcome,
  });
  const result: View = {
    documentId: view.document.id,
    title: view.document.title,
    versionLabel: `Version ${view.version.version}: ${view.version.label}`,
    organisationName: organisation.name,
    org: orgParam,
    open: view.window === "open",
    windowMessage: view.windowMessage,
    drafts: own.filter((k) => k.status === "draft").map(item),
    submitted: own.filter((k) => k.status === "submitted").map(item),
    csrfToken: shell.csrfToken,
    problem,
    saved: c.query.saved === "1",
    deleted: c.query.deleted === "1",
  };
  return { props: { shell, problem: null, view: result } };
});

export default function OwnCommentsPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const q = (params: Record<string, string> = {}) => {
    const s = new URLSearchParams({ ...params, ...(v.org ? { org: v.org } : {}) }).toString();
    return s ? `?${s}` : "";
  };
  const banner = v.saved ? "Your comment has been saved as a draft for your organisation." : v.deleted ? "The comment has been deleted." : null;
  return (
    <RespondPage shell={shell} problem={problem} title={`Your organisation's comments: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <a href={`/documents/${v.documentId}${q()}`} className="govuk-back-link">
            Back to the document
          </a>
          <ErrorSummaryView items={v.problem ? [{ href: "#submit", text: v.problem }] : []} />
          {banner && (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="banner-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="banner-title">
                  Success
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">{banner}</p>
              </div>
            </div>
          )}
          <span className="govuk-caption-l">
            {v.title}, {v.versionLabel}
          </span>
          <h1 className="govuk-heading-l">{v.organisationName}&apos;s comments</h1>
          {v.windowMessage && <div className="govuk-inset-text">{v.windowMessage}</div>}

          <h2 className="govuk-heading-m">Drafts not yet submitted</h2>
          {v.drafts.length === 0 ? (
            <p className="govuk-body">There are no draft comments. Use the “Comment on paragraph” links in the document to add one.</p>
          ) : (
            v.drafts.map((k) => (
              <div className="govuk-summary-card" key={k.id} data-testid="draft-comment">
                <div className="govuk-summary-card__title-wrapper">
                  <h3 className="govuk-summary-card__title">
                    Paragraph {k.number} <StanceTag stance={k.stance} />
                  </h3>
                  {v.open && (
                    <ul className="govuk-summary-card__actions">
                      <li className="govuk-summary-card__action">
                        <a className="govuk-link" href={`/documents/${v.documentId}/comment/${k.anchor}${q({ comment: k.id })}`}>
                          Change<span className="govuk-visually-hidden"> the comment on paragraph {k.number}</span>
                        </a>
                      </li>
                    </ul>
                  )}
                </div>
                <div className="govuk-summary-card__content">
                  <CommentBody text={k.text} quote={k.quote} proposedChange={k.proposedChange} />
                  <p className="govuk-body-s">Last saved by {k.updated}</p>
                  {v.open && (
                    <form method="post" action={`/documents/${v.documentId}/comments${q()}`}>
                      <input type="hidden" name="csrfToken" value={v.csrfToken} />
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="commentId" value={k.id} />
                      <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                        Delete<span className="govuk-visually-hidden"> the comment on paragraph {k.number}</span>
                      </button>
                    </form>
                  )}
                </div>
              </div>
            ))
          )}
          {v.open && v.drafts.length > 0 && (
            <form method="post" action={`/documents/${v.documentId}/comments${q()}`} id="submit">
              <input type="hidden" name="csrfToken" value={v.csrfToken} />
              <input type="hidden" name="intent" value="submit" />
              <h2 className="govuk-heading-m">Submit your comments</h2>
              <p className="govuk-body">
                This sends {v.drafts.length === 1 ? "the comment above" : `the ${v.drafts.length} comments above`} to the council as {v.organisationName}&apos;s representation. You will get a reference and an email listing each comment. Submitted comments cannot be changed, but you can add more while the stage is open.
              </p>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Submit {v.drafts.length === 1 ? "1 comment" : `${v.drafts.length} comments`}
              </button>
            </form>
          )}

          {v.submitted.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Submitted</h2>
              {v.submitted.map((k) => (
                <div className="govuk-summary-card" key={k.id} data-testid="submitted-comment">
                  <div className="govuk-summary-card__title-wrapper">
                    <h3 className="govuk-summary-card__title">
                      Paragraph {k.number} <StanceTag stance={k.stance} />
                    </h3>
                  </div>
                  <div className="govuk-summary-card__content">
                    <CommentBody text={k.text} quote={k.quote} proposedChange={k.proposedChange} />
                    <p className="govuk-body-s">Reference {k.reference}</p>
                    {k.response && (
                      <div className="govuk-inset-text">
                        <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Council&apos;s response: {outcomeText(k.outcome)}</p>
                        <p className="govuk-body app-pre-wrap govuk-!-margin-bottom-0">{k.response}</p>
                      </div>
                    )}
                  </div>
                </div>
              ))}
            </>
          )}
        </div>
      </div>
    </RespondPage>
  );
}
