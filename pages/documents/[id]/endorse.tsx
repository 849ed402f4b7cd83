// A named signatory records their organisation's decision on the final version: endorse,
// endorse with reservations, or not endorse (with the reservations or reasons), and their
// position. The form carries the SHA-256 of the text shown, so a decision is only ever recorded
// against exactly that text. No JavaScript.
import type { GetServerSideProps } from "next";
import { loadDocumentPage, postedForm, redirectTo, respondentPage, stateFromError } from "@/app/_server/documents";
import { problemPage, type RespondProps } from "@/app/_server/respond";
import { PlainPostForm, RadiosQuestion } from "@/components/documents/post-form";
import { RespondPage } from "@/components/response/respond-page";
import { fieldDescribedBy, LabelledField } from "@/components/ui/field-parts";
import { ErrorSummaryView, type SummaryItem } from "@/components/ui/error-summary-view";
import type { FormState } from "@/components/ui/form-state";
import { ENDORSEMENT_DECISIONS } from "@/db/schema/documents";
import { endorseDocument, endorsingOrganisations, getEndorsements } from "@/lib/documents/endorsements";
import { endorseSchema } from "@/lib/documents/schemas";
import { zodFieldErrors } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

const OPTION_LABELS: Record<(typeof ENDORSEMENT_DECISIONS)[number], string> = {
  endorse: "We endorse the final version",
  endorse_with_reservations: "We endorse it, with reservations",
  not_endorse: "We do not endorse it",
};

type View = {
  documentId: string;
  title: string;
  versionLabel: string;
  organisationName: string;
  org: string | null;
  closedMessage: string | null;
  recorded: { decision: string; by: string; at: string } | null;
  hash: string;
  hidden: Record<string, string>;
  values: { decision: string; reservations: string; position: string };
  errors: Record<string, string>;
  summary: SummaryItem[];
  sections: { anchor: string; heading: string; paragraphs: { anchor: string; number: string; text: string }[] }[];
};
type Props = RespondProps<View>;

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: false, latest: true });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell } = loaded;
  if (!actor) {
    if (c.req.method === "POST") {
      c.res.statusCode = 401;
      return { props: { shell, problem: "session_ended", view: null } };
    }
    return redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(c.resolvedUrl)}`);
  }
  const orgs = await endorsingOrganisations(db, view.document, actor);
  const orgParam = typeof c.query.org === "string" ? c.query.org : null;
  const organisation = (orgParam ? orgs.find((o) => o.id === orgParam) : orgs[0]) ?? null;
  if (!organisation) return problemPage(c, shell, "forbidden");
  const state0 = await getEndorsements(db, { documentId: view.document.id }, actor);
  if (!state0.final || state0.final.id !== view.version.id) return problemPage(c, shell, "not_found");
  const q = orgs.length > 1 ? `?org=${organisation.id}` : "";
  let state: FormState = {};
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    if (problem) state = { message: problem, errors: { _form: problem }, values: fields };
    else {
      const parsed = endorseSchema.safeParse({ ...fields, documentId: view.document.id, organisationId: organisation.id });
      if (!parsed.success) state = { message: "There is a problem", errors: zodFieldErrors(parsed.error.issues), values: fields };
      else {
        try {
          await endorseDocument(db, parsed.data, actor);
          return redirectTo(`/documents/${view.document.id}/endorsements${q ? `${q}&` : "?"}recorded=1`, 303);
        } catch (e) {
          state = stateFromError(e, fields);
        }
      }
    }
  }
  const mine = state0.endorsements.find((e) => e.organisationId === organisation.id);
  const fromPost = state.values ?? {};
  const errors = state.errors ?? {};
  const summary: SummaryItem[] = [];
  if (errors._form || errors.expectedHash) summary.push({ href: "#main-content", text: errors._form ?? errors.expectedHash! });
  for (const f of ["decision", "reservations", "position"]) if (errors[f]) summary.push({ href: `#f-${f}`, text: errors[f]! });
  const result: View = {
    documentId: view.document.id,
    title: view.document.title,
    versionLabel: `Version ${view.version.version}: ${view.version.label}`,
    organisationName: organisation.name,
    org: orgs.length > 1 ? organisation.id : null,
    closedMessage: state0.window === "open" ? null : "Endorsement of the final version has closed.",
    recorded: mine ? { decision: mine.decisionLabel, by: `${mine.signatoryName}, ${mine.signatoryPosition}`, at: formatDateTime(mine.decidedAt) } : null,
    hash: state0.final.storedHash,
    hidden: { csrfToken: shell.csrfToken, expectedHash: state0.final.storedHash },
    values: { decision: str(fromPost.decision), reservations: str(fromPost.reservations), position: str(fromPost.position) },
    errors,
    summary,
    sections: view.sections.map((s) => ({ anchor: s.anchor, heading: s.heading, paragraphs: s.paragraphs.map((p) => ({ anchor: p.anchor, number: p.number, text: p.text })) })),
  };
  return { props: { shell, problem: null, view: result } };
});

export default function EndorsePage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const q = v.org ? `?org=${v.org}` : "";
  const e = v.errors;
  return (
    <RespondPage shell={shell} problem={problem} title={`Endorse the final version: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <a href={`/documents/${v.documentId}${q}`} className="govuk-back-link">
            Back to the document
          </a>
          <ErrorSummaryView items={v.summary} />
          <span className="govuk-caption-l">
            {v.title}, {v.versionLabel}
          </span>
          <h1 className="govuk-heading-l">Record {v.organisationName}&apos;s decision on the final version</h1>
          {v.recorded ? (
            <div className="govuk-inset-text" data-testid="already-recorded">
              {v.organisationName}&apos;s decision is recorded: {v.recorded.decision.toLowerCase()}, signed by {v.recorded.by}, {v.recorded.at}.{" "}
              <a className="govuk-link" href={`/documents/${v.documentId}/endorsements`}>
                See every organisation&apos;s decision
              </a>
            </div>
          ) : v.closedMessage ? (
            <div className="govuk-inset-text">{v.closedMessage}</div>
          ) : (
            <>
              <p className="govuk-body">
                Read the final text below before you decide. Your decision is recorded against exactly this text, identified by its SHA-256 fingerprint:
              </p>
              <p className="govuk-body-s app-monospace app-break-all" data-testid="final-hash">
                {v.hash}
              </p>
              <PlainPostForm action={`/documents/${v.documentId}/endorse${q}`} hidden={v.hidden} submitLabel="Record our decision" cancelHref={`/documents/${v.documentId}${q}`}>
                <RadiosQuestion
                  id="f-decision"
                  name="decision"
                  legend={`Does ${v.organisationName} endorse the final version?`}
                  legendSize="m"
                  options={ENDORSEMENT_DECISIONS.map((d) => ({ value: d, label: OPTION_LABELS[d] }))}
                  value={v.values.decision}
                  error={e.decision}
                />
                <LabelledField
                  id="f-reservations"
                  label="Your organisation's reservations, or why it does not endorse the final version"
                  hint="Needed unless you endorse it without reservations. It is published with your decision."
                  error={e.reservations}
                >
                  <textarea
                    className={`govuk-textarea${e.reservations ? " govuk-textarea--error" : ""}`}
                    id="f-reservations"
                    name="reservations"
                    rows={5}
                    defaultValue={v.values.reservations}
                    aria-describedby={fieldDescribedBy("f-reservations", true, e.reservations)}
                    spellCheck
                  />
                </LabelledField>
                <LabelledField id="f-position" label={`Your position in ${v.organisationName}`} hint="For example, Chief Executive. Your name and position are published with the decision." error={e.position}>
                  <input
                    className={`govuk-input govuk-!-width-two-thirds${e.position ? " govuk-input--error" : ""}`}
                    id="f-position"
                    name="position"
                    type="text"
                    autoComplete="organization-title"
                    defaultValue={v.values.position}
                    aria-describedby={fieldDescribedBy("f-position", true, e.position)}
                  />
                </LabelledField>
              </PlainPostForm>
            </>
          )}
          <h2 className="govuk-heading-m">The final text</h2>
          <div data-testid="document-text">
            {v.sections.map((s) => (
              <section key={s.anchor}>
                {s.heading && <h3 className="govuk-heading-s">{s.heading}</h3>}
                {s.paragraphs.map((p) => (
                  <p className="govuk-body" key={p.anchor}>
                    <strong className="app-doc-number">{p.number}</strong> {p.text}
                  </p>
                ))}
              </section>
            ))}
          </div>
        </div>
      </div>
    </RespondPage>
  );
}
