// The respondent pages' (Pages Router) page for a request that failed: GOV.UK's "there is a
// problem with the service" (or "page not found") inside the site's header and footer, as the
// App Router's app/error.tsx. Rendered per request, so that the service's name is the one this
// instance runs with, and with no JavaScript, as the respondent pages are.
import type { NextPageContext } from "next";
import Head from "next/head";
import { NotFoundContent, ServiceProblemContent } from "@/components/layout/problem-pages";
import { SiteShell } from "@/components/layout/site-shell";
import { serviceName } from "@/lib/service-name";

type Props = { statusCode: number; serviceName: string };

export const config = { unstable_runtimeJS: false };

export default function ErrorPage({ statusCode, serviceName: name }: Props) {
  const notFound = statusCode === 404;
  const title = notFound ? "Page not found" : "Sorry, there is a problem with the service";
  return (
    <>
      <Head>
        <title>{`${title} – ${name}`}</title>
      </Head>
      <SiteShell serviceName={name} actor={null} csrfToken="">
        {notFound ? <NotFoundContent /> : <ServiceProblemContent retry={<p className="govuk-body"><a className="govuk-link" href="">Try again</a></p>} />}
      </SiteShell>
    </>
  );
}

ErrorPage.getInitialProps = ({ res, err }: NextPageContext): Props => ({
  statusCode: res?.statusCode ?? err?.statusCode ?? 500,
  serviceName: serviceName(),
});
