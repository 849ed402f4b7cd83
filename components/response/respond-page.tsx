// The frame of a respondent page served by the Pages Router (pages/respond): title, the site's
// header and footer, and the page, or the 403/404 content in its place. No Next.js runtime
// JavaScript is sent with these pages (config.unstable_runtimeJS = false); the chapter page
// adds its own small script (public/assets/respond-chapter.js, see scripts/build-respond-js.mjs).
import Head from "next/head";
import type { Shell } from "@/app/_server/respond";
import { SiteShell } from "@/components/layout/site-shell";
import { ForbiddenContent, NotFoundContent } from "@/components/layout/problem-pages";

type Props = { shell: Shell; problem: "forbidden" | "not_found" | null; title: string; children?: React.ReactNode };

export function RespondPage({ shell, problem, title, children }: Props) {
  const shown = problem === "forbidden" ? "You do not have permission to see this page" : problem === "not_found" ? "Page not found" : title;
  return (
    <>
      <Head>
        <title>{`${shown} – ${shell.serviceName}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <SiteShell serviceName={shell.serviceName} actor={shell.actor} csrfToken={shell.csrfToken}>
        {problem === "forbidden" ? <ForbiddenContent /> : problem === "not_found" ? <NotFoundContent /> : children}
      </SiteShell>
    </>
  );
}
