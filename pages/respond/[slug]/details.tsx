// Before checking answers: whether the council may publish the response (when it publishes
// responses; required), "tell me the outcome", and for a member of the public the optional
// "About you" questions. Served by the Pages Router with no JavaScript at all; posts back here
// (PRG: 303 to the check page).
import type { GetServerSideProps } from "next";
import { stateFromError } from "@/app/_server/form-state";
import Link from "next/link";
import { hrefFor, loadRespond, postedForm, redirectTo, respondentPage, type RespondProps } from "@/app/_server/respond";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { ABOUT_YOU_QUESTIONS, aboutYouField } from "@/lib/public/about-you";
import { saveResponseDetails } from "@/lib/public/commands";
import { CONSENT_FIELD, consentOptions, consentRequired, PUBLISHED_NAME_FIELD } from "@/lib/public/consent";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  org: string | null;
  title: string;
  isPublic: boolean;
  organisationName: string;
  askConsent: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  csrfToken: string;
};

type Props = RespondProps<View>;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { actor, db, ctx, shell } = loaded;
  if (!ctx.canEdit) return redirectTo(hrefFor(ctx)(), c.req.method === "POST" ? 303 : 307);
  const isPublic = ctx.respondentUserId !== null;
  const r = ctx.response;
  let values: Record<string, string> = {
    [CONSENT_FIELD]: r?.publishConsent ?? "",
    [PUBLISHED_NAME_FIELD]: r?.publishedName ?? (isPublic ? (actor.name ?? "") : ""),
    notifyOutcome: r?.notifyOutcome ? "yes" : "",
    ...Object.fromEntries(Object.entries((r?.aboutYou as Record<string, string> | null) ?? {}).map(([k, v]) => [aboutYouField(k), v])),
  };
  let errors: Record<string, string> = {};
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, str(v).slice(0, 1000)]));
    if (problem) errors = { _form: problem };
    else {
      try {
        await saveResponseDetails(
          db,
          {
            consultationId: ctx.consultation.id,
            organisationId: ctx.organisation.id,
            respondentUserId: ctx.respondentUserId,
            publishConsent: values[CONSENT_FIELD] || null,
            publishedName: values[PUBLISHED_NAME_FIELD] || null,
            notifyOutcome: values.notifyOutcome === "yes",
            aboutYouFields: fields,
          },
          actor,
        );
        return redirectTo(hrefFor(ctx)("/check"), 303);
      } catch (e) {
        errors = stateFromError(e, {}).errors ?? {};
      }
    }
    c.res.statusCode = 422;
  }
  return {
    props: {
      shell,
      problem: null,
      view: {
        slug: ctx.consultation.slug,
        org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
        title: ctx.consultation.title,
        isPublic,
        organisationName: ctx.organisation.name,
        askConsent: consentRequired(ctx.consultation),
        values,
        errors,
        csrfToken: shell.csrfToken,
      },
    },
  };
});

function ErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

function RadioGroup(props: { name: string; legend: string; hint?: string; options: { value: string; text: string; hint?: string }[]; value: string; error?: string; size?: "m" | "s" }) {
  const id = `f-${props.name}`;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${props.size ?? "s"}`}>{props.legend}</legend>
        {props.hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {props.hint}
          </div>
        )}
        <ErrorText id={id} error={props.error} />
        <div className="govuk-radios govuk-radios--small">
          {props.options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${i}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input className="govuk-radios__input" id={oid} name={props.name} type="radio" value={o.value} defaultChecked={props.value === o.value} aria-describedby={o.hint ? `${oid}-item-hint` : undefined} />
                <label className="govuk-label govuk-radios__label" htmlFor={oid}>
                  {o.text}
                </label>
                {o.hint && (
                  <div id={`${oid}-item-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export default function DetailsPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  const heading = v.isPublic ? (v.askConsent ? "Publishing your response, and about you" : "About you") : "Publishing your response";
  const summary = Object.entries(v.errors).map(([field, text]) => ({ href: field === "_form" ? "#main-content" : `#f-${field}`, text }));
  const nameError = v.errors[PUBLISHED_NAME_FIELD];
  return (
    <RespondPage shell={shell} problem={problem} title={summary.length ? `Error: ${heading}` : heading}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link href={href()} className="govuk-back-link">
            Back to your response
          </Link>
          <ErrorSummaryView items={summary} />
          <span className="govuk-caption-l">{v.title}</span>
          <h1 className="govuk-heading-l">{heading}</h1>
          <form method="post" action={href("/details")} noValidate>
            <input type="hidden" name="csrfToken" value={v.csrfToken} />
            {v.askConsent && (
              <>
                <RadioGroup
                  name={CONSENT_FIELD}
                  legend={v.isPublic ? "May we publish your response?" : `May we publish ${v.organisationName}'s response?`}
                  hint={
                    v.isPublic
                      ? "We check written answers before publishing and remove personal details. We never publish your email address."
                      : "Organisations' responses are published under the organisation's name."
                  }
                  options={consentOptions(v.isPublic ? null : v.organisationName)}
                  value={v.values[CONSENT_FIELD] ?? ""}
                  error={v.errors[CONSENT_FIELD]}
                  size="m"
                />
                {v.isPublic && (
                  <div className={`govuk-form-group${nameError ? " govuk-form-group--error" : ""}`}>
                    <label className="govuk-label" htmlFor={`f-${PUBLISHED_NAME_FIELD}`}>
                      Name to publish with your response
                    </label>
                    <div id={`f-${PUBLISHED_NAME_FIELD}-hint`} className="govuk-hint">
                      Only if you chose to publish with your name.
                    </div>
                    <ErrorText id={`f-${PUBLISHED_NAME_FIELD}`} error={nameError} />
                    <input
                      className={`govuk-input govuk-!-width-two-thirds${nameError ? " govuk-input--error" : ""}`}
                      id={`f-${PUBLISHED_NAME_FIELD}`}
                      name={PUBLISHED_NAME_FIELD}
                      type="text"
                      autoComplete="name"
                      spellCheck={false}
                      defaultValue={v.values[PUBLISHED_NAME_FIELD] ?? ""}
                      aria-describedby={`f-${PUBLISHED_NAME_FIELD}-hint${nameError ? ` f-${PUBLISHED_NAME_FIELD}-error` : ""}`}
                    />
                  </div>
                )}
              </>
            )}
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="f-notifyOutcome" name="notifyOutcome" type="checkbox" value="yes" defaultChecked={v.values.notifyOutcome === "yes"} />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="f-notifyOutcome">
                    Email me when the council publishes the outcome of this consultation
                  </label>
                </div>
              </div>
            </div>
            {v.isPublic && (
              <>
                <h2 className="govuk-heading-m">About you</h2>
                <p className="govuk-body">These questions are optional. They help the council see who it has heard from. We never publish them beside your response.</p>
                {ABOUT_YOU_QUESTIONS.map((q) =>
                  q.kind === "choice" ? (
                    <RadioGroup
                      key={q.key}
                      name={aboutYouField(q.key)}
                      legend={`${q.text} (optional)`}
                      options={q.options!}
                      value={v.values[aboutYouField(q.key)] ?? ""}
                      error={v.errors[aboutYouField(q.key)]}
                    />
                  ) : (
                    <div key={q.key} className={`govuk-form-group${v.errors[aboutYouField(q.key)] ? " govuk-form-group--error" : ""}`}>
                      <label className="govuk-label govuk-label--s" htmlFor={`f-${aboutYouField(q.key)}`}>
                        {q.text} (optional)
                      </label>
                      {q.hint && (
                        <div id={`f-${aboutYouField(q.key)}-hint`} className="govuk-hint">
                          {q.hint}
                        </div>
                      )}
                      <ErrorText id={`f-${aboutYouField(q.key)}`} error={v.errors[aboutYouField(q.key)]} />
                      <input
                        className={`govuk-input govuk-input--width-5${v.errors[aboutYouField(q.key)] ? " govuk-input--error" : ""}`}
                        id={`f-${aboutYouField(q.key)}`}
                        name={aboutYouField(q.key)}
                        type="text"
                        spellCheck={false}
                        autoComplete="off"
                        defaultValue={v.values[aboutYouField(q.key)] ?? ""}
                        aria-describedby={[q.hint && `f-${aboutYouField(q.key)}-hint`, v.errors[aboutYouField(q.key)] && `f-${aboutYouField(q.key)}-error`].filter(Boolean).join(" ") || undefined}
                      />
                    </div>
                  ),
                )}
              </>
            )}
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Save and continue
            </button>
          </form>
        </div>
      </div>
    </RespondPage>
  );
}
