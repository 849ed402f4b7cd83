// How a member of the public starts: the privacy notice first, then an email address. Where
// the officer allows it, they start answering at once and are emailed a link back; otherwise
// they are emailed a sign-in link (a new address becomes a member of the public). Served by the
// Pages Router with no JavaScript at all.
import type { GetServerSideProps } from "next";
import { stateFromError } from "@/app/_server/form-state";
import { pagesActor } from "@/app/_server/pages-router";
import { postedForm, redirectTo, respondentPage, returnCookieName, setReturnCookie, shellFor, type RespondProps } from "@/app/_server/respond";
import { HoneypotField } from "@/components/public/honeypot-field";
import { PrivacyNotice } from "@/components/public/privacy-notice";
import { RespondPage } from "@/components/response/respond-page";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { getDb } from "@/db/client";
import { clientAddress } from "@/lib/auth/request-origin";
import { waitText } from "@/lib/auth/throttle";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { allowPublicStart, startWithoutSignIn } from "@/lib/public/commands";
import { isHoneypotTripped } from "@/lib/public/honeypot";
import { getPublicStart } from "@/lib/public/queries";
import { startWithoutSignInSchema } from "@/lib/public/schemas";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  title: string;
  summary: string;
  closesAt: string | null;
  closedMessage: string | null;
  withoutSignIn: boolean;
  publishes: boolean;
  notice: string;
  retentionMonths: number;
  email: string;
  error: string | null;
  /** After the post: the address we emailed. */
  sentTo: string | null;
  csrfToken: string;
};

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const slug = String(c.params?.slug ?? "");
  const actor = await pagesActor(c.req, c.res);
  const shell = shellFor(c, actor);
  // Already signed in, or already started here: straight to the response.
  if (actor || c.req.cookies[returnCookieName(slug)]) return redirectTo(`/respond/${slug}`, c.req.method === "POST" ? 303 : 307);
  const db = await getDb();
  let start;
  try {
    start = await getPublicStart(db, slug);
  } catch (e) {
    if (e instanceof NotFoundError) {
      c.res.statusCode = 404;
      return { props: { shell, problem: "not_found", view: null } };
    }
    throw e;
  }
  let email = "";
  let error: string | null = null;
  let sentTo: string | null = null;
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    email = typeof fields.email === "string" ? fields.email.slice(0, 320) : "";
    const parsed = startWithoutSignInSchema.safeParse({ email });
    if (problem) error = problem;
    else if (isHoneypotTripped(fields)) sentTo = email; // Told what a person would be; nothing made or sent.
    else if (!parsed.success) error = parsed.error.issues[0]!.message;
    else if (!start.allowUnauthenticated) error = "Sign in to respond to this consultation";
    else {
      const limit = await allowPublicStart(db, { email: parsed.data.email, client: clientAddress(new Headers(c.req.headers as Record<string, string>)) });
      if (!limit.allowed) {
        c.res.statusCode = 429;
        c.res.setHeader("Retry-After", String(limit.retryAfterSeconds));
        error = `Too many responses have been started from here. Try again in ${waitText(limit.retryAfterSeconds)}.`;
      } else {
        try {
          const started = await startWithoutSignIn(db, { slug, email: parsed.data.email });
          if (started.kind === "started") {
            setReturnCookie(c, slug, started.token);
            return redirectTo(`/respond/${slug}`, 303);
          }
          sentTo = parsed.data.email;
        } catch (e) {
          error = stateFromError(e, {}).message ?? null;
        }
      }
    }
    if (error && c.res.statusCode === 200) c.res.statusCode = 422;
  }
  return {
    props: {
      shell,
      problem: null,
      view: {
        slug,
        title: start.title,
        summary: start.summary,
        closesAt: start.closesAt ? formatDateTime(start.closesAt) : null,
        closedMessage: start.closedMessage,
        withoutSignIn: start.allowUnauthenticated,
        publishes: start.publishResponses !== "no",
        notice: start.privacyNotice,
        retentionMonths: start.retentionMonths,
        email,
        error,
        sentTo,
        csrfToken: shell.csrfToken,
      },
    },
  };
});

export default function StartPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  if (v.sentTo) {
    return (
      <RespondPage shell={shell} problem={null} title="Check your email">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <span className="govuk-caption-l">{v.title}</span>
            <h1 className="govuk-heading-l">Check your email</h1>
            <p className="govuk-body">
              We have sent an email to <strong>{v.sentTo}</strong>. Follow the link in it to carry on with your response.
            </p>
            <p className="govuk-body">The email can take a few minutes to arrive. Check your spam or junk folder if you cannot find it.</p>
          </div>
        </div>
      </RespondPage>
    );
  }
  const action = v.withoutSignIn ? `/respond/${v.slug}/start` : "/sign-in/email";
  return (
    <RespondPage shell={shell} problem={null} title={v.error ? `Error: Respond to ${v.title}` : `Respond to ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {v.error && <ErrorSummaryView items={[{ href: "#email", text: v.error }]} />}
          <span className="govuk-caption-l">Have your say</span>
          <h1 className="govuk-heading-l">{v.title}</h1>
          {v.summary && <p className="govuk-body">{v.summary}</p>}
          {v.closesAt && <p className="govuk-body">This consultation closes on {v.closesAt}.</p>}
          {v.closedMessage ? (
            <div className="govuk-inset-text">{v.closedMessage}</div>
          ) : (
            <>
              <PrivacyNotice notice={v.notice} retentionMonths={v.retentionMonths} />
              {v.publishes && (
                <p className="govuk-body">
                  The council publishes responses to this consultation. Before you submit, we will ask whether we may publish yours, with your name or
                  without it, or not at all.
                </p>
              )}
              <h2 className="govuk-heading-m">Start your response</h2>
              <form method="post" action={action} noValidate>
                <input type="hidden" name="csrfToken" value={v.csrfToken} />
                {!v.withoutSignIn && (
                  <>
                    <input type="hidden" name="publicFor" value={v.slug} />
                    <input type="hidden" name="callbackUrl" value={`/respond/${v.slug}`} />
                  </>
                )}
                <div className={`govuk-form-group${v.error ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label govuk-label--s" htmlFor="email">
                    Email address
                  </label>
                  <div id="email-hint" className="govuk-hint">
                    {v.withoutSignIn
                      ? "We will email you a link back to your response, and a copy of it when you submit. You do not need an account."
                      : "We will email you a link to sign in. You do not need a password."}
                  </div>
                  {v.error && (
                    <p id="email-error" className="govuk-error-message">
                      <span className="govuk-visually-hidden">Error:</span> {v.error}
                    </p>
                  )}
                  <input
                    className={`govuk-input${v.error ? " govuk-input--error" : ""}`}
                    id="email"
                    name="email"
                    type="email"
                    spellCheck={false}
                    autoComplete="email"
                    defaultValue={v.email}
                    aria-describedby={v.error ? "email-hint email-error" : "email-hint"}
                  />
                </div>
                <HoneypotField />
                <button type="submit" className="govuk-button" data-module="govuk-button">
                  {v.withoutSignIn ? "Start now" : "Email me a sign-in link"}
                </button>
              </form>
            </>
          )}
        </div>
      </div>
    </RespondPage>
  );
}
