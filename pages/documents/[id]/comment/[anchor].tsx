// Comment on one paragraph, for the organisation: support, object or comment, the comment, and
// optionally the passage it is about and a change proposed in the document's own words. Saved
// as a draft the organisation's colleagues share; a colleague's newer save is never overwritten:
// theirs is shown in the form and what this person typed is kept beside it to copy. No JavaScript:
// the reader's page opens the [data-comment-panel] block in place when it has JavaScript.
import type { GetServerSideProps } from "next";
import { loadDocumentPage, postedForm, redirectTo, respondentPage, stateFromError } from "@/app/_server/documents";
import type { RespondProps } from "@/app/_server/respond";
import { PlainPostForm, RadiosQuestion } from "@/components/documents/post-form";
import { RespondPage } from "@/components/response/respond-page";
import { fieldDescribedBy, LabelledField } from "@/components/ui/field-parts";
import { ErrorSummaryView, type SummaryItem } from "@/components/ui/error-summary-view";
import type { FormState } from "@/components/ui/form-state";
import { COMMENT_STANCES } from "@/db/schema/documents";
import { saveComment, type CommentSnapshot } from "@/lib/documents/commands";
import { listOwnComments } from "@/lib/documents/queries";
import { saveCommentSchema, STANCE_LABELS } from "@/lib/documents/schemas";
import { zodFieldErrors } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type View = {
  documentId: string;
  title: string;
  versionLabel: string;
  organisationName: string;
  org: string | null;
  paragraph: { id: string; anchor: string; number: string; text: string };
  closedMessage: string | null;
  hidden: Record<string, string>;
  values: { stance: string; text: string; proposedChange: string; quote: string };
  errors: Record<string, string>;
  summary: SummaryItem[];
  /** After a conflict: who saved the newer version, and what this person had typed. */
  conflict: { by: string; at: string; yours: { stance: string; text: string; proposedChange: string; quote: string } } | null;
  editing: boolean;
  commentId: string | null;
};

type Props = RespondProps<View>;

const FIELDS = ["stance", "text", "proposedChange", "quote"] as const;
const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: true, latest: true });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell, organisation, orgParam, href } = loaded;
  const anchor = String(c.params?.anchor ?? "");
  const paragraph = view.paragraphs.find((p) => p.anchor === anchor);
  if (!paragraph || !organisation || !actor) {
    c.res.statusCode = 404;
    return { props: { shell, problem: "not_found", view: null } };
  }
  const commentId = typeof c.query.comment === "string" && /^[0-9a-f-]{36}$/i.test(c.query.comment) ? c.query.comment : null;
  const own = await listOwnComments(db, { versionId: view.version.id, organisationId: organisation.id, consultationOwnerOrganisationId: view.consultation.ownerOrganisationId }, actor);
  const existing = commentId ? own.find((k) => k.id === commentId && k.status === "draft" && k.paragraphId === paragraph.id) : undefined;
  if (commentId && !existing) {
    c.res.statusCode = 404;
    return { props: { shell, problem: "not_found", view: null } };
  }

  let state: FormState = {};
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    if (problem) state = { message: problem, errors: { _form: problem }, values: fields };
    else {
      const parsed = saveCommentSchema.safeParse({ ...fields, documentId: view.document.id, organisationId: organisation.id, paragraphId: paragraph.id, commentId: existing?.id ?? "" });
      if (!parsed.success) state = { message: "There is a problem", errors: zodFieldErrors(parsed.error.issues), values: fields };
      else {
        try {
          await saveComment(db, parsed.data, actor);
          return redirectTo(href("/comments", { saved: "1" }), 303);
        } catch (e) {
          state = stateFromError(e, fields);
        }
      }
    }
  }

  const conflict = state.conflict as { current: CommentSnapshot; attempted: CommentSnapshot } | undefined;
  const fromPost = state.values ?? {};
  // After a conflict the form shows the colleague's version, edited from theirs next time.
  const values = conflict
    ? { stance: conflict.current.stance, text: conflict.current.text, proposedChange: conflict.current.proposedChange, quote: conflict.current.quote }
    : c.req.method === "POST"
      ? { stance: str(fromPost.stance), text: str(fromPost.text), proposedChange: str(fromPost.proposedChange), quote: str(fromPost.quote) }
      : { stance: existing?.stance ?? "", text: existing?.text ?? "", proposedChange: existing?.proposedChange ?? "", quote: existing?.quote ?? "" };
  const baseEditVersion = conflict ? conflict.current.editVersion : c.req.method === "POST" ? Number(str(fromPost.baseEditVersion)) || 0 : (existing?.editVersion ?? 0);
  const errors = conflict ? {} : (state.errors ?? {});
  const summary: SummaryItem[] = [];
  if (conflict) summary.push({ href: "#f-text", text: state.message ?? "" });
  else {
    if (errors._form) summary.push({ href: "#main-content", text: errors._form });
    for (const f of FIELDS) if (errors[f]) summary.push({ href: `#f-${f}`, text: errors[f]! });
  }
  const result: View = {
    documentId: view.document.id,
    title: view.document.title,
    versionLabel: `Version ${view.version.version}: ${view.version.label}`,
    organisationName: organisation.name,
    org: orgParam,
    paragraph: { id: paragraph.id, anchor: paragraph.anchor, number: paragraph.number, text: paragraph.text },
    closedMessage: view.windowMessage,
    hidden: { csrfToken: shell.csrfToken, baseEditVersion: String(baseEditVersion) },
    values,
    errors,
    summary,
    conflict: conflict
      ? {
          by: conflict.current.updatedByName ?? "Someone else in your organisation",
          at: formatDateTime(conflict.current.updatedAt),
          yours: { stance: conflict.attempted.stance, text: conflict.attempted.text, proposedChange: conflict.attempted.proposedChange, quote: conflict.attempted.quote },
        }
      : null,
    editing: !!existing,
    commentId: existing?.id ?? null,
  };
  return { props: { shell, problem: null, view: result } };
});

export default function CommentPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const q = v.org ? `?org=${v.org}` : "";
  const back = `/documents/${v.documentId}${q}#${v.paragraph.anchor}`;
  const actionQuery = new URLSearchParams({ ...(v.org ? { org: v.org } : {}), ...(v.commentId ? { comment: v.commentId } : {}) }).toString();
  const action = `/documents/${v.documentId}/comment/${v.paragraph.anchor}${actionQuery ? `?${actionQuery}` : ""}`;
  return (
    <RespondPage shell={shell} problem={problem} title={`Comment on paragraph ${v.paragraph.number}: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <a href={back} className="govuk-back-link">
            Back to the document
          </a>
          <ErrorSummaryView items={v.summary} />
          <span className="govuk-caption-l">
            {v.title}, {v.versionLabel}
          </span>
          <h1 className="govuk-heading-l">Comment on paragraph {v.paragraph.number}</h1>
          <div className="govuk-inset-text" data-testid="paragraph-text">
            <strong>{v.paragraph.number}</strong> {v.paragraph.text}
          </div>
          {/* The reader's page opens this block in place with JavaScript (document-comment.js). */}
          <div data-comment-panel="">
            {v.closedMessage ? (
              <p className="govuk-body" data-testid="window-message">
                {v.closedMessage}
              </p>
            ) : (
              <>
                {v.conflict && (
                  <div className="govuk-warning-text" data-testid="comment-conflict">
                    <span className="govuk-warning-text__icon" aria-hidden="true">
                      !
                    </span>
                    <div className="govuk-warning-text__text">
                      <span className="govuk-visually-hidden">Warning</span>
                      {v.conflict.by} saved this comment at {v.conflict.at}, after you opened it. The form now shows their version. Yours was not saved: it is below, to copy into the form if you want to keep it.
                    </div>
                  </div>
                )}
                {v.conflict && (
                  <div className="govuk-form-group">
                    <label className="govuk-label govuk-label--s" htmlFor="yours">
                      What you typed ({STANCE_LABELS[v.conflict.yours.stance as keyof typeof STANCE_LABELS] ?? ""})
                    </label>
                    <textarea className="govuk-textarea" id="yours" rows={5} readOnly defaultValue={[v.conflict.yours.text, v.conflict.yours.proposedChange && `Proposed change: ${v.conflict.yours.proposedChange}`].filter(Boolean).join("\n\n")} />
                  </div>
                )}
                <p className="govuk-body">You are commenting for {v.organisationName}. Your colleagues can see and change this comment until your organisation submits its comments.</p>
                <PlainPostForm action={action} hidden={v.hidden} submitLabel="Save comment" cancelHref={back}>
                  <RadiosQuestion
                    id="f-stance"
                    name="stance"
                    legend="Does your organisation support this paragraph, object to it, or want to comment?"
                    small
                    options={COMMENT_STANCES.map((s) => ({ value: s, label: STANCE_LABELS[s] }))}
                    value={v.values.stance}
                    error={v.errors.stance}
                  />
                  <LabelledField id="f-text" label="Your comment" error={v.errors.text}>
                    <textarea className={`govuk-textarea${v.errors.text ? " govuk-textarea--error" : ""}`} id="f-text" name="text" rows={6} defaultValue={v.values.text} aria-describedby={fieldDescribedBy("f-text", false, v.errors.text)} spellCheck />
                  </LabelledField>
                  <LabelledField id="f-quote" label="The passage your comment is about (optional)" hint="Copy the words from the paragraph exactly." error={v.errors.quote}>
                    <input className={`govuk-input${v.errors.quote ? " govuk-input--error" : ""}`} id="f-quote" name="quote" type="text" defaultValue={v.values.quote} aria-describedby={fieldDescribedBy("f-quote", true, v.errors.quote)} />
                  </LabelledField>
                  <LabelledField id="f-proposedChange" label="The change you propose (optional)" hint="Write the paragraph, or the words, as your organisation would like them to read." error={v.errors.proposedChange}>
                    <textarea
                      className={`govuk-textarea${v.errors.proposedChange ? " govuk-textarea--error" : ""}`}
                      id="f-proposedChange"
                      name="proposedChange"
                      rows={4}
                      defaultValue={v.values.proposedChange}
                      aria-describedby={fieldDescribedBy("f-proposedChange", true, v.errors.proposedChange)}
                      spellCheck
                    />
                  </LabelledField>
                </PlainPostForm>
              </>
            )}
          </div>
        </div>
      </div>
    </RespondPage>
  );
}
