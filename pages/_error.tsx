// The respondent pages' (Pages Router) page for a request that failed: GOV.UK's "there is a
// problem with the service" inside the site's header and footer, as the App Router's
// app/error.tsx (a page not found is app/not-found.tsx: with an app/ folder, Next.js serves it for
// every 404). Rendered per request, so that the service's name is the one this instance runs
// with, and with no JavaScript, as the respondent pages are.
import Head from "next/head";
import type { NextPageContext } from "next";
import { pageErrorReference, ServiceProblemContent } from "@/components/layout/problem-pages";
import { SiteShell } from "@/components/layout/site-shell";
import { serviceName } from "@/lib/service-name";

type Props = { serviceName: string; reference: string | null };

export const config = { unstable_runtimeJS: false };

export default function ErrorPage({ serviceName: name, reference }: Props) {
  const title = "Sorry, there is a problem with the service";
  return (
    <>
      <Head>
        <title>{`${title} – ${name}`}</title>
      </Head>
      <SiteShell serviceName={name} actor={null} csrfToken="" actorUnknown>
        <ServiceProblemContent reference={reference ?? undefined} />
      </SiteShell>
    </>
  );
}

// The reference the log has the failure under: respondentPage (app/_server/respond.ts) gives one
// to every respondent page's failure before Next.js logs it and draws this page.
ErrorPage.getInitialProps = ({ err }: NextPageContext): Props => ({ serviceName: serviceName(), reference: pageErrorReference(err) ?? null });
