"use client";
// The page when the root layout itself failed (it reads the signed-in person from the
// database): the same message, in a plain GOV.UK page of its own, as the layout could not run.
import "./_styles/app.scss";
import { pageErrorReference, ServiceProblemContent } from "@/components/layout/problem-pages";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <head>
        <title>Sorry, there is a problem with the service</title>
      </head>
      <body className="govuk-template__body">
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" role="main">
            <ServiceProblemContent
              reference={pageErrorReference(error)}
              retry={
                <button type="button" className="govuk-button" data-module="govuk-button" onClick={() => window.location.reload()}>
                  Try again
                </button>
              }
            />
          </main>
        </div>
      </body>
    </html>
  );
}
