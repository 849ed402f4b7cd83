// The frame of a respondent page served by the Pages Router (pages/respond): title, the site's
// header and footer, and the page, or the 403/404 content in its place. No Next.js runtime
// JavaScript is sent with these pages (config.unstable_runtimeJS = false); the chapter page
// adds its own small script (public/assets/respond-chapter.js, see scripts/build-respond-js.mjs).
import Head from "next/head";
import Link from "next/link";
import type { Problem, Shell } from "@/app/_server/respond";
import { SiteShell } from "@/components/layout/site-shell";
import { ForbiddenContent, NotFoundContent } from "@/components/layout/problem-pages";

type Props = { shell: Shell; problem: Problem | null; title: string; typed?: string[]; children?: React.ReactNode };

const TITLES: Record<Problem, string> = {
  forbidden: "You do not have permission to see this page",
  not_found: "Page not found",
  session_ended: "Your session has ended",
};

export function RespondPage({ shell, problem, title, typed, children }: Props) {
  const shown = problem ? TITLES[problem] : title;
  return (
    <>
      <Head>
        <title>{`${shown} – ${shell.serviceName}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <SiteShell serviceName={shell.serviceName} actor={shell.actor} csrfToken={shell.csrfToken}>
        {problem === "forbidden" ? (
          <ForbiddenContent />
        ) : problem === "not_found" ? (
          <NotFoundContent />
        ) : problem === "session_ended" ? (
          <SessionEnded typed={typed ?? []} />
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
        {typed.map((text, i) => (
          <div className="govuk-form-group" key={i}>
            <label className="govuk-label" htmlFor={`typed-${i}`}>
              What you typed ({i + 1} of {typed.length})
            </label>
            <textarea className="govuk-textarea" id={`typed-${i}`} rows={6} readOnly defaultValue={text} />
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * A page beside a person's response (the privacy notice, "finish later"): the frame, a link back
 * to the response, the consultation's title as a caption, the page's heading, then its content.
 */
export function BesideResponsePage({
  shell,
  problem,
  typed,
  title,
  consultationTitle,
  backHref,
  children,
}: Omit<Props, "title"> & { title: string; consultationTitle: string; backHref: string }) {
  return (
    <RespondPage shell={shell} problem={problem} typed={typed} title={title}>
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
