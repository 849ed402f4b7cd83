import type { Metadata } from "next";
import "./_styles/app.scss";
import { Header, Nav, navFor } from "@/components/layout/header";
import { serviceName } from "@/lib/config";
import { csrfToken } from "./_server/csrf";
import { getActor } from "./_server/session";

export const metadata: Metadata = {
  title: { default: serviceName(), template: `%s – ${serviceName()}` },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        <Header serviceName={serviceName()} actor={actor} csrfToken={await csrfToken()} />
        <Nav items={navFor(actor)} />
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" role="main">
            {children}
          </main>
        </div>
        <footer className="govuk-footer" role="contentinfo">
          <div className="govuk-width-container">
            <p className="govuk-body-s">
              {serviceName()}. <a className="govuk-footer__link" href="/consultations">All consultations</a>.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
