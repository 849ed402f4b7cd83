"use client";
// A page that failed on our side (its database did not answer in time, a fault): GOV.UK's
// "there is a problem with the service" inside the site's header and footer. Next.js hides
// the error's message in production; the server's log has it, under the digest, which the page
// gives as the reference to quote (lib/log keeps it in the log line). "Try again"
// loads the page afresh: the boundary's reset() would only render the failed result again.
import { pageErrorReference, ServiceProblemContent } from "@/components/layout/problem-pages";

export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <ServiceProblemContent
      reference={pageErrorReference(error)}
      retry={
        <button type="button" className="govuk-button" data-module="govuk-button" onClick={() => window.location.reload()}>
          Try again
        </button>
      }
    />
  );
}
