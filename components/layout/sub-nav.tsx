"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type SubNavItem = { href: string; text: string; exact?: boolean };

/** Secondary navigation for a section of the service; marks the current page. */
export function SubNav({ label, items }: { label: string; items: SubNavItem[] }) {
  const path = usePathname() ?? "";
  return (
    <nav className="app-subnav" aria-label={label}>
      <ul>
        {items.map((i) => {
          const current = i.exact ? path === i.href : path === i.href || path.startsWith(`${i.href}/`);
          return (
            <li key={i.href}>
              <Link className="govuk-link govuk-link--no-visited-state" href={i.href} aria-current={current ? "page" : undefined}>
                {i.text}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
