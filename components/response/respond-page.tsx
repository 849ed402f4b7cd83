// The frame of a respondent page served by the Pages Router (pages/respond): title, the site's
// header and footer, and the page, or the 403/404 content in its place. No Next.js runtime
// JavaScript is sent with these pages (config.unstable_runtimeJS = false); the chapter page
// adds its own small script (public/assets/respond-chapter.js, see scripts/build-respond-js.mjs).
import Head from "next/head";
import Link from "next/link";
import type { Kept, Problem, Shell } from "@/app/_server/respond";
import { SiteShell } from "@/components/layout/site-shell";
import { ForbiddenContent, NotFoundContent, ServiceProblemContent } from "@/components/layout/problem-pages";

type Props = { shell: Shell; problem: Problem | null; title: string; kept?: Kept; children?: React.ReactNode };

const TITLES: Record<Problem, string> = {
  forbidden: "You do not have permission to see this page",
  not_found: "Page not found",
  session_ended: "Your session has ended",
  unavailable: "Sorry, there is a problem with the service",
};

export function RespondPage({ shell, problem, title, kept, children }: Props) {
  const shown = problem ? TITLES[problem] : title;
  return (
    <>
      <Head>
        <title>{`${shown} – ${shell.serviceName}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <SiteShell serviceName={shell.serviceName} actor={shell.actor} csrfToken={shell.csrfToken} actorUnknown={shell.actorUnknown}>
        {problem === "forbidden" ? (
          <ForbiddenContent />
        ) : problem === "not_found" ? (
          <NotFoundContent />
        ) : problem === "session_ended" ? (
          <SessionEnded typed={kept?.typed ?? []} />
        ) : problem === "unavailable" ? (
          <Unavailable kept={kept ?? { typed: [], resend: null }} />
        ) : (
          children
        )}
      </SiteShell>
    </>
  );
}

/** A post after the session ended: nothing was saved, and here is what was typed, to copy. */
function SessionEnded({ typed }: { typed: string[] }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your session has ended</h1>
        <p className="govuk-body">
          You were signed out, so nothing has been saved. {typed.length > 0 && "Copy what you typed from below, then "}
          <a className="govuk-link" href="/sign-in">
            sign in again
          </a>
          {typed.length > 0 ? " and paste it back into your answers." : " to continue."}
        </p>
        <TypedText typed={typed} />
      </div>
    </div>
  );
}

/** The text of a post that was not saved, each in a box to copy from. */
function TypedText({ typed }: { typed: string[] }) {
  return typed.map((text, i) => (
    <div className="govuk-form-group" key={i}>
      <label className="govuk-label" htmlFor={`typed-${i}`}>
        What you typed ({i + 1} of {typed.length})
      </label>
      <textarea className="govuk-textarea" id={`typed-${i}`} rows={6} readOnly defaultValue={text} />
    </div>
  ));
}

/**
 * The database was slow or away: what went wrong, and for a post, what was typed (to copy) and a
 * button that sends the same post again (it works without JavaScript: a form of hidden fields).
 */
function Unavailable({ kept }: { kept: Kept }) {
  const retry = kept.resend ? (
    <form method="post" noValidate>
      {kept.resend.map(([name, value], i) => (
        <input type="hidden" key={i} name={name} value={value} />
      ))}
      <button type="submit" className="govuk-button" data-module="govuk-button">
        Try again
      </button>
    </form>
  ) : undefined;
  return (
    <ServiceProblemContent message={kept.message} retry={retry} reference={kept.reference}>
      {kept.typed.length > 0 && (
        <>
          <p className="govuk-body">What you typed is below, to copy if you want to keep it somewhere else. Try again sends it as you sent it.</p>
          <TypedText typed={kept.typed} />
        </>
      )}
    </ServiceProblemContent>
  );
}

/**
 * A page beside a person's response (the privacy notice, "finish later"): the frame, a link back
 * to the response, the consultation's title as a caption, the page's heading, then its content.
 */
export function BesideResponsePage({
  shell,
  problem,
  kept,
  title,
  consultationTitle,
  backHref,
  children,
}: Omit<Props, "title"> & { title: string; consultationTitle: string; backHref: string }) {
  return (
    <RespondPage shell={shell} problem={problem} kept={kept} title={title}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link href={backHref} className="govuk-back-link">
            Back to your response
          </Link>
          <span className="govuk-caption-l">{consultationTitle}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {children}
        </div>
      </div>
    </RespondPage>
  );
}
