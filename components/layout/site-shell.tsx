// The page around every page's content: skip link, header, navigation, main and footer. Used by
// the App Router's root layout and by the Pages Router's respondent pages (pages/respond), so
// both look the same.
import type { Actor } from "@/lib/auth/policy";
import { Header, Nav, navFor } from "./header";

type Props = { serviceName: string; actor: (Actor & { unreadNotifications?: number }) | null; csrfToken: string; children: React.ReactNode };

export function SiteShell({ serviceName, actor, csrfToken, children }: Props) {
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <Header serviceName={serviceName} actor={actor} csrfToken={csrfToken} />
      <Nav items={navFor(actor)} />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" role="main">
          {children}
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className="govuk-width-container">
          <p className="govuk-body-s">
            {serviceName}. <a className="govuk-footer__link" href="/consultations">All consultations</a>.
          </p>
        </div>
      </footer>
    </>
  );
}
