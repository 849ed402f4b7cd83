// The page around every page's content: skip link, header, navigation, main and footer. Used by
// the App Router's root layout and by the Pages Router's respondent pages (pages/respond), so
// both look the same.
import type { Actor } from "@/lib/auth/policy";
import { Header, Nav, navFor } from "./header";

/** Linked from every page's footer (plain links: the respondent pages have no client router). */
const FOOTER_LINKS = [
  ["/accessibility", "Accessibility statement"],
  ["/privacy", "Privacy"],
  ["/cookies", "Cookies"],
  ["/contact", "Contact"],
  ["/consultations/outcomes", "Outcomes"],
] as const;

type Props = {
  serviceName: string;
  actor: (Actor & { unreadNotifications?: number }) | null;
  csrfToken: string;
  /** Who is signed in could not be read: the header offers neither "Sign in" nor "Sign out". */
  actorUnknown?: boolean;
  children: React.ReactNode;
};

export function SiteShell({ serviceName, actor, csrfToken, actorUnknown, children }: Props) {
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <Header serviceName={serviceName} actor={actor} csrfToken={csrfToken} actorUnknown={actorUnknown} />
      <Nav items={navFor(actor)} />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" role="main">
          {children}
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className="govuk-width-container">
          <h2 className="govuk-visually-hidden">Support links</h2>
          <ul className="govuk-footer__inline-list" data-testid="footer-links">
            {FOOTER_LINKS.map(([href, text]) => (
              <li key={href} className="govuk-footer__inline-list-item">
                <a className="govuk-footer__link" href={href}>
                  {text}
                </a>
              </li>
            ))}
          </ul>
          <p className="govuk-body-s">
            {serviceName}. <a className="govuk-footer__link" href="/consultations">All consultations</a>.
          </p>
        </div>
      </footer>
    </>
  );
}
