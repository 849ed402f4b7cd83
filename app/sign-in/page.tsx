import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { fieldDescribedBy, LabelledField } from "@/components/ui/field-parts";
import { getDb } from "@/db/client";
import { listDemoUsers } from "@/lib/auth/actor";
import { SIGN_IN_EMAIL_ERRORS } from "@/lib/auth/schemas";
import { throttleMessage } from "@/lib/auth/throttle";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { appUrl, isAzureAdConfigured, isDemoMode } from "@/lib/config";
import { label } from "@/lib/format";
import { wrongAddress } from "../_server/canonical-origin";
import { csrfToken } from "../_server/csrf";
import { getActor } from "../_server/session";
import { SIGN_IN_TYPED_COOKIE } from "./typed";

type Props = { searchParams: Promise<Record<string, string | undefined>> };

/** GOV.UK: a page showing an error says so first in its title. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: (await searchParams).error ? "Error: Sign in" : "Sign in" };
}

/** Refusals of what was typed, shown at the email field as well as in the summary. */
const FIELD_ERRORS: Record<string, string> = SIGN_IN_EMAIL_ERRORS;

const ERRORS: Record<string, string> = {
  ...FIELD_ERRORS,
  Verification: "That sign-in link has expired or has already been used. Enter your email address to get a new one.",
  AccessDenied: "You cannot sign in with that account. Ask the council to add you.",
  CredentialsSignin: "That demo user is not available.",
  EmailSignin: "We could not send a sign-in email. Try again.",
  Default: "Something went wrong signing you in. Try again.",
};

/** This page at the canonical address, with the same query (see canonical-origin.ts). */
function canonicalSignIn(canonical: string, params: Record<string, string | undefined>): string {
  const url = new URL("/sign-in", canonical);
  for (const [k, v] of Object.entries(params)) if (typeof v === "string") url.searchParams.set(k, v);
  return url.toString();
}


export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl, appUrl());
  const elsewhere = await wrongAddress();
  if (elsewhere?.redirect) redirect(canonicalSignIn(elsewhere.canonical, params));
  if (await getActor()) redirect(callbackUrl);
  const token = await csrfToken();
  const demo = isDemoMode() ? await listDemoUsers(await getDb()) : [];
  const throttled = throttleMessage(params.error, params.retryAt);
  const error = throttled ?? (params.error ? (ERRORS[params.error] ?? ERRORS.Default) : null);
  const fieldError = params.error === "TooManyEmails" ? throttled : params.error ? (FIELD_ERRORS[params.error] ?? null) : null;
  const typed = fieldError ? ((await cookies()).get(SIGN_IN_TYPED_COOKIE)?.value ?? "") : "";

  return (
    <>
      <ErrorSummaryView fields={{ email: error }} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Sign in</h1>
          {elsewhere && (
            <div className="govuk-warning-text" data-testid="wrong-address">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                You reached this service at {elsewhere.reached}, where signing in does not work. Use{" "}
                <a className="govuk-link" href={canonicalSignIn(elsewhere.canonical, { callbackUrl })}>
                  {elsewhere.canonical}
                </a>{" "}
                instead.
              </strong>
            </div>
          )}
          <p className="govuk-body">
            Enter the email address the council has for you. We will email you a link to sign in; it works once and
            expires in 24 hours.
          </p>
          <form method="post" action="/sign-in/email" noValidate>
            <input type="hidden" name="csrfToken" value={token} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <LabelledField id="email" label="Email address" error={fieldError ?? undefined}>
              <input
                className={`govuk-input govuk-!-width-two-thirds${fieldError ? " govuk-input--error" : ""}`}
                id="email"
                name="email"
                type="email"
                autoComplete="email"
                spellCheck={false}
                defaultValue={typed}
                aria-describedby={fieldDescribedBy("email", null, fieldError)}
                required
              />
            </LabelledField>
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Email me a sign-in link
            </button>
          </form>
          {isAzureAdConfigured() && (
            <form method="post" action="/api/auth/signin/azure-ad">
              <input type="hidden" name="csrfToken" value={token} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button type="submit" className="govuk-button govuk-button--secondary">
                Council staff: sign in with Microsoft
              </button>
            </form>
          )}
        </div>
      </div>
      {demo.length > 0 && (
        <section aria-labelledby="demo-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="demo-heading">
            Demo users
          </h2>
          <p className="govuk-body">
            This is a demonstration. Sign in as any of these people to see the service as they would. Emails, including
            sign-in links, go to the <a className="govuk-link" href="/admin/outbox">outbox</a> (sign in as the
            administrator to read it).
          </p>
          <div className="app-demo-users">
            {demo.map((u) => (
              <form key={u.id} method="post" action="/api/auth/callback/demo">
                <input type="hidden" name="csrfToken" value={token} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <input type="hidden" name="email" value={u.email} />
                <p className="govuk-body govuk-!-margin-bottom-1">
                  <strong>{u.name}</strong>
                </p>
                <p className="govuk-body-s govuk-!-margin-bottom-1">{u.organisationName}</p>
                <p className="govuk-body-s">{u.roles.length ? u.roles.map(label).join(", ") : "Responds as themselves"}</p>
                <button
                  type="submit"
                  className="govuk-button govuk-button--secondary"
                  aria-label={`Sign in as ${u.name}, ${u.roles.length ? u.roles.map(label).join(", ") : "member of the public"}`}
                >
                  Sign in as {u.name}
                </button>
              </form>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
