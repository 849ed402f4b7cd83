// A document for reading and commenting: the version shown (and which others there are), its
// stage and whether comments are open, and each numbered paragraph with its anchor; a partner
// whose organisation may comment gets a "Comment on paragraph 3.2" link under each paragraph.
// Served by the Pages Router with no Next.js JavaScript; anyone may read a published document.
// Where the person may comment, the page loads one small script of its own (document-comment.js,
// components/documents/enhance) that opens the comment form in place; the links work without it.
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { assetUrl } from "@/app/_server/assets";
import { loadDocumentPage, respondentPage } from "@/app/_server/documents";
import type { RespondProps } from "@/app/_server/respond";
import { documentTextHtml } from "@/components/documents/document-text";
import { RespondPage } from "@/components/response/respond-page";
import { stageLabel } from "@/lib/consultations/stages";
import { endorsingOrganisations } from "@/lib/documents/endorsements";
import { listOwnComments } from "@/lib/documents/queries";
import { formatDate } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type Paragraph = { anchor: string; number: string; text: string; own: number };
type View = {
  documentId: string;
  title: string;
  summary: string;
  consultationTitle: string;
  consultationSlug: string;
  version: { version: number; label: string; publishedAt: string };
  isLatest: boolean;
  versions: { version: number; label: string; current: boolean }[];
  stage: string;
  stageDates: string;
  windowOpen: boolean;
  windowMessage: string | null;
  sections: { anchor: string; heading: string; paragraphs: Paragraph[] }[];
  organisationName: string | null;
  org: string | null;
  canComment: boolean;
  drafts: number;
  submitted: number;
  signedIn: boolean;
  manageHref: string | null;
  saved: boolean;
  /** The version shown is the final text put for endorsement. */
  final: boolean;
  canEndorse: boolean;
  /** The comment-in-place script and the page's CSP nonce, where the person may comment. */
  script: string | null;
  nonce: string;
  /** The consultation's questionnaire the document goes with (Breckland's paper and its partner questionnaire), while it is open. */
  questionnaireHref: string | null;
};

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: false });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell, organisation, orgParam } = loaded;
  const own = organisation && actor
    ? await listOwnComments(db, { versionId: view.version.id, organisationId: organisation.id, consultationOwnerOrganisationId: view.consultation.ownerOrganisationId }, actor)
    : [];
  const ownBy = new Map<string, number>();
  for (const k of own) ownBy.set(k.paragraphId, (ownBy.get(k.paragraphId) ?? 0) + 1);
  const published = view.versions.filter((v) => v.status === "published");
  const canComment = !!organisation && view.window === "open";
  const final = !!view.version.finalHash && view.isLatest;
  const canEndorse = final && view.consultation.status === "open" && (await endorsingOrganisations(db, view.document, actor)).length > 0;
  const result: View = {
    documentId: view.document.id,
    title: view.document.title,
    summary: view.document.summary,
    consultationTitle: view.consultation.title,
    consultationSlug: view.consultation.slug,
    version: { version: view.version.version, label: view.version.label, publishedAt: view.version.publishedAt ? formatDate(view.version.publishedAt) : "" },
    isLatest: view.isLatest,
    versions: published.map((v) => ({ version: v.version, label: v.label, current: v.id === view.version.id })),
    stage: view.stage ? stageLabel(view.stage.position + 1, view.stage.name) : "",
    stageDates: view.stage?.startsOn && view.stage?.dueOn ? `${formatDate(view.stage.startsOn)} to ${formatDate(view.stage.dueOn)}` : "",
    windowOpen: view.window === "open",
    windowMessage: view.windowMessage,
    sections: view.sections.map((s) => ({
      anchor: s.anchor,
      heading: s.heading,
      paragraphs: s.paragraphs.map((p) => ({ anchor: p.anchor, number: p.number, text: p.text, own: ownBy.get(p.id) ?? 0 })),
    })),
    organisationName: organisation?.name ?? null,
    org: orgParam,
    canComment,
    drafts: own.filter((k) => k.status === "draft").length,
    submitted: own.filter((k) => k.status === "submitted").length,
    signedIn: !!actor,
    manageHref: view.manages ? `/manage/${view.consultation.id}/documents/${view.document.id}/comments?version=${view.version.version}` : null,
    saved: c.query.saved === "1",
    final,
    canEndorse,
    script: canComment ? assetUrl("document-comment.js") : null,
    questionnaireHref: view.consultation.kind === "questionnaire" && view.consultation.status === "open" ? `/respond/${encodeURIComponent(view.consultation.slug)}` : null,
    nonce: typeof c.req.headers["x-nonce"] === "string" ? c.req.headers["x-nonce"] : "",
  };
  return { props: { shell, problem: null, view: result } };
});

export default function DocumentPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const link = (rest = "", params: Record<string, string> = {}, hash = "") => {
    const q = new URLSearchParams({ ...params, ...(v.org ? { org: v.org } : {}) }).toString();
    return `/documents/${v.documentId}${rest}${q ? `?${q}` : ""}${hash ? `#${hash}` : ""}`;
  };
  return (
    <RespondPage shell={shell} problem={problem} title={`${v.title} (version ${v.version.version})`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link href={`/consultations/${encodeURIComponent(v.consultationSlug)}`} className="govuk-back-link">
            Back to the consultation
          </Link>
          <span className="govuk-caption-l">{v.consultationTitle}</span>
          <h1 className="govuk-heading-xl">{v.title}</h1>
          <p className="govuk-body-l" data-testid="version-reading">
            You are reading version {v.version.version}: {v.version.label}
            {v.version.publishedAt ? `, published ${v.version.publishedAt}` : ""}.
          </p>
          {v.summary && <p className="govuk-body">{v.summary}</p>}
          {v.questionnaireHref && (
            <p className="govuk-body" data-testid="document-questionnaire">
              This document goes with the questionnaire{" "}
              <a className="govuk-link" href={v.questionnaireHref}>
                {v.consultationTitle}
              </a>
              .
            </p>
          )}
          <dl className="govuk-summary-list govuk-summary-list--no-border">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Stage</dt>
              <dd className="govuk-summary-list__value">
                {v.stage}
                {v.stageDates && (
                  <>
                    <br />
                    {v.stageDates}
                  </>
                )}
              </dd>
            </div>
            {v.versions.length > 1 && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Other versions</dt>
                <dd className="govuk-summary-list__value">
                  <ul className="govuk-list">
                    {v.versions
                      .filter((x) => !x.current)
                      .map((x) => (
                        <li key={x.version}>
                          <a className="govuk-link" href={link("", { version: String(x.version) })}>
                            Version {x.version}: {x.label}
                          </a>
                        </li>
                      ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
          {v.saved && (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="saved-title">
                  Success
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">Your comment has been saved as a draft for your organisation.</p>
              </div>
            </div>
          )}
          {v.windowMessage ? (
            <div className="govuk-inset-text" data-testid="window-message">
              {v.windowMessage}
            </div>
          ) : v.canComment ? (
            <div className="govuk-inset-text" data-testid="commenting-as">
              You are commenting for {v.organisationName}. Comments are saved as drafts that everyone in your organisation can see and change, until one of
              you submits them. <a className="govuk-link" href={link("/comments")}>Your organisation&apos;s comments</a> (<span data-drafts-count="">{v.drafts}</span> draft,{" "}
              {v.submitted} submitted).
            </div>
          ) : !v.signedIn ? (
            <div className="govuk-inset-text">
              Comments are open. <a className="govuk-link" href={`/sign-in?callbackUrl=${encodeURIComponent(`/documents/${v.documentId}`)}`}>Sign in</a> to comment for your organisation.
            </div>
          ) : null}
          {v.final && (
            <p className="govuk-body" data-testid="endorsement-links">
              {v.canEndorse && (
                <>
                  <a className="govuk-link" href={`/documents/${v.documentId}/endorse`}>
                    Record your organisation&apos;s decision on the final version
                  </a>
                  <br />
                </>
              )}
              <a className="govuk-link" href={`/documents/${v.documentId}/endorsements`}>
                See who has endorsed the final version
              </a>
            </p>
          )}
          {!v.canComment && v.submitted + v.drafts > 0 && (
            <p className="govuk-body">
              <a className="govuk-link" href={link("/comments", v.isLatest ? {} : { version: String(v.version.version) })}>
                Your organisation&apos;s comments on this version
              </a>
            </p>
          )}
          {v.manageHref && (
            <p className="govuk-body">
              <a className="govuk-link" href={v.manageHref}>
                Read and answer the comments on this version
              </a>
            </p>
          )}
        </div>
      </div>
      <div className="govuk-grid-row">
        {/* One HTML string (components/documents/document-text.ts): 600 paragraphs as React elements cost three times the cheapest page's server CPU. */}
        <div className="govuk-grid-column-two-thirds" data-testid="document-text" dangerouslySetInnerHTML={{ __html: documentTextHtml(v.sections, v.canComment ? (anchor) => link(`/comment/${anchor}`) : null) }} />
      </div>
      {v.script && (
        <>
          <div className="govuk-visually-hidden" role="status" aria-live="polite" data-comment-live="" />
          <script src={v.script} defer nonce={v.nonce || undefined} />
        </>
      )}
    </RespondPage>
  );
}
