import Link from "next/link";
import type { Actor } from "@/lib/auth/policy";
import { label } from "@/lib/format";

export function Header({ serviceName, actor, csrfToken }: { serviceName: string; actor: Actor | null; csrfToken: string }) {
  const orgs = actor ? [...new Set(actor.memberships.map((m) => m.organisationName))] : [];
  const roles = actor ? [...new Set(actor.memberships.map((m) => label(m.role)))] : [];
  return (
    <header className="app-header" role="banner">
      <div className="govuk-width-container app-header__inner">
        <Link href="/" className="app-header__service">
          {serviceName}
        </Link>
        {actor ? (
          <div className="app-header__who" data-testid="signed-in-as">
            <span>
              <span className="govuk-visually-hidden">Signed in as </span>
              <strong>{actor.name ?? actor.email}</strong>, {orgs.join(", ")}
              <span className="govuk-visually-hidden"> ({roles.join(", ")})</span>
            </span>
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
  const roles = new Set(actor.memberships.map((m) => m.role));
  items.unshift({ href: "/", text: "Your work" });
  if (roles.has("officer") || roles.has("signatory") || roles.has("scrutiny")) items.splice(1, 0, { href: "/manage", text: "Manage consultations" });
  if (roles.has("admin")) {
    items.push({ href: "/admin/users", text: "Users" });
    items.push({ href: "/admin/organisations", text: "Organisations" });
    items.push({ href: "/admin/outbox", text: "Outbox" });
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
