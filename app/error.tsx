"use client";
// A page that failed on our side (its database did not answer in time, a fault): GOV.UK's
// "there is a problem with the service" inside the site's header and footer. Next.js hides
// the error's message in production; the server's log has it, under the digest.
import { ServiceProblemContent } from "@/components/layout/problem-pages";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ServiceProblemContent
      retry={
        <button type="button" className="govuk-button" data-module="govuk-button" onClick={() => reset()}>
          Try again
        </button>
      }
    />
  );
}
