// The receipt of an organisation's submitted comments: the reference, and each comment with
// its paragraph (the same list the emailed receipt carries). No JavaScript.
import type { GetServerSideProps } from "next";
import { loadDocumentPage, respondentPage } from "@/app/_server/documents";
import type { RespondProps } from "@/app/_server/respond";
import { CommentBody, StanceTag } from "@/components/documents/comment-bits";
import { RespondPage } from "@/components/response/respond-page";
import type { CommentStance } from "@/db/schema/documents";
import { getRepresentation } from "@/lib/documents/queries";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type View = {
  documentId: string;
  title: string;
  organisationName: string;
  org: string | null;
  reference: string;
  submittedAt: string;
  submittedBy: string;
  comments: { id: string; number: string; stance: CommentStance; text: string; quote: string; proposedChange: string }[];
};
type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: true });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell, organisation, orgParam } = loaded;
  const ref = typeof c.query.ref === "string" ? c.query.ref.slice(0, 40) : "";
  if (!organisation || !actor || !ref) {
    c.res.statusCode = 404;
    return { props: { shell, problem: "not_found", view: null } };
  }
  try {
    const rep = await getRepresentation(db, { reference: ref, organisationId: organisation.id, consultationOwnerOrganisationId: view.consultation.ownerOrganisationId }, actor);
    return {
      props: {
        shell,
        problem: null,
        view: {
          documentId: view.document.id,
          title: view.document.title,
          organisationName: organisation.name,
          org: orgParam,
          reference: rep.reference,
          submittedAt: formatDateTime(rep.submittedAt),
          submittedBy: rep.submittedByName ?? "",
          comments: rep.comments.map((k) => ({ id: k.id, number: k.number, stance: k.stance, text: k.text, quote: k.quote, proposedChange: k.proposedChange })),
        },
      },
    };
  } catch (e) {
    if (e instanceof NotFoundError) {
      c.res.statusCode = 404;
      return { props: { shell, problem: "not_found", view: null } };
    }
    throw e;
  }
});

export default function SubmittedPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const q = v.org ? `?org=${v.org}` : "";
  return (
    <RespondPage shell={shell} problem={problem} title={`Comments submitted: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Comments submitted</h1>
            <div className="govuk-panel__body">
              Your reference
              <br />
              <strong data-testid="representation-reference">{v.reference}</strong>
            </div>
          </div>
          <p className="govuk-body">
            {v.organisationName}&apos;s {v.comments.length === 1 ? "comment" : `${v.comments.length} comments`} on {v.title} {v.comments.length === 1 ? "was" : "were"} submitted by {v.submittedBy} on {v.submittedAt}. We have emailed you a copy.
          </p>
          <h2 className="govuk-heading-m">What you submitted</h2>
          <ul className="govuk-list" data-testid="receipt-comments">
            {v.comments.map((k) => (
              <li key={k.id} className="govuk-!-margin-bottom-6">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
                  Paragraph {k.number} <StanceTag stance={k.stance} />
                </h3>
                <CommentBody text={k.text} quote={k.quote} proposedChange={k.proposedChange} />
              </li>
            ))}
          </ul>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">The council will consider every comment and publish its response to each in the consultation statement.</p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/documents/${v.documentId}${q}`}>
              Back to the document
            </a>
          </p>
        </div>
      </div>
    </RespondPage>
  );
}
