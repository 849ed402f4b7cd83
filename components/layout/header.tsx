import Link from "next/link";
import type { Actor } from "@/lib/auth/policy";
import { label } from "@/lib/format";

/** "99+" past the cap the count stops at (lib/notifications UNREAD_CAP). */
function unreadText(n: number) {
  return n > 99 ? "99+" : String(n);
}

export function Header({
  serviceName,
  actor,
  csrfToken,
  actorUnknown = false,
}: {
  serviceName: string;
  actor: (Actor & { unreadNotifications?: number }) | null;
  csrfToken: string;
  actorUnknown?: boolean;
}) {
  const unread = actor?.unreadNotifications ?? 0;
  const orgs = actor ? [...new Set(actor.memberships.map((m) => m.organisationName))] : [];
  const roles = actor ? [...new Set(actor.memberships.map((m) => label(m.role)))] : [];
  return (
    <header className="app-header" role="banner">
      <div className="govuk-width-container app-header__inner">
        <Link href="/" className="app-header__service">
          {serviceName}
        </Link>
        {actorUnknown ? null : actor?.returnLink ? (
          // A member of the public who started without signing in: no account, so no
          // notifications or sign-out; their response and how to come back to it instead.
          <div className="app-header__who" data-testid="responding-as">
            <span>
              Responding as <strong>{actor.email}</strong>
              <span className="govuk-visually-hidden"> (not signed in)</span>
            </span>
            <a href={`/respond/${encodeURIComponent(actor.returnLink.slug)}/finish-later`} className="govuk-link govuk-link--inverse" data-testid="header-finish-later">
              Finish later
            </a>
          </div>
        ) : actor ? (
          <div className="app-header__who" data-testid="signed-in-as">
            <span>
              <span className="govuk-visually-hidden">Signed in as </span>
              <strong>{actor.name ?? actor.email}</strong>
              {orgs.length > 0 ? (
                <>
                  , {orgs.join(", ")}
                  <span className="govuk-visually-hidden"> ({roles.join(", ")})</span>
                </>
              ) : null}
            </span>
            <a href="/notifications" className="govuk-link govuk-link--inverse app-header__notifications" data-testid="header-notifications">
              Notifications
              {unread > 0 ? (
                <>
                  {" "}
                  <span className="app-header__count" data-testid="unread-count">
                    {unreadText(unread)}
                  </span>
                  <span className="govuk-visually-hidden"> unread</span>
                </>
              ) : null}
            </a>
            <form method="post" action="/api/auth/signout">
              <input type="hidden" name="csrfToken" value={csrfToken} />
              <input type="hidden" name="callbackUrl" value="/sign-in" />
              <button type="submit" className="app-link-button">
                Sign out
              </button>
            </form>
          </div>
        ) : (
          <div className="app-header__who">
            <Link href="/sign-in" className="govuk-link govuk-link--inverse">
              Sign in
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}

export type NavItem = { href: string; text: string };

export function navFor(actor: Actor | null): NavItem[] {
  const items: NavItem[] = [{ href: "/consultations", text: "All consultations" }];
  if (!actor) return items;
  // Started without signing in: only their response on that consultation.
  if (actor.returnLink) return [...items, { href: `/respond/${encodeURIComponent(actor.returnLink.slug)}`, text: "Your response" }];
  // A member of the public (no roles): no work lists, only what they respond to.
  if (actor.memberships.length === 0) return items;
  const roles = new Set(actor.memberships.map((m) => m.role));
  items.unshift({ href: "/", text: "Your work" });
  if (roles.has("officer") || roles.has("signatory") || roles.has("scrutiny")) {
    items.splice(1, 0, { href: "/manage", text: "Manage consultations" }, { href: "/action-plans", text: "Action plans" });
  }
  if (roles.has("partner")) items.splice(1, 0, { href: "/returns", text: "Progress returns" });
  if (roles.has("admin")) {
    items.push({ href: "/admin/users", text: "Users" });
    items.push({ href: "/admin/organisations", text: "Organisations" });
    items.push({ href: "/admin/outbox", text: "Outbox" });
    items.push({ href: "/admin/jobs", text: "Jobs" });
    items.push({ href: "/admin/audit", text: "Audit log" });
    items.push({ href: "/admin/api-keys", text: "API keys" });
  }
  return items;
}

export function Nav({ items }: { items: NavItem[] }) {
  return (
    <nav className="app-nav" aria-label="Main">
      <div className="govuk-width-container">
        <ul>
          {items.map((i) => (
            <li key={i.href}>
              <Link className="govuk-link govuk-link--no-visited-state" href={i.href}>
                {i.text}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
