// Previous / next links for keyset- or offset-paged lists (GOV.UK pagination, block style).
// Plain links (next/link renders an <a>), so paging works without JavaScript.
import Link from "next/link";
import type { ReactNode } from "react";

export function Pager({
  label,
  prevHref,
  nextHref,
  prevText = "Previous",
  nextText = "Next",
  hiddenSuffix = " page",
  testId,
  children,
}: {
  label: string;
  prevHref: string | null;
  nextHref: string | null;
  prevText?: string;
  nextText?: string;
  /** Read after each link's text by screen readers: " page" for "Next page". */
  hiddenSuffix?: string;
  testId?: string;
  /** Shown before the links, e.g. "Items 26 to 50 of 120." */
  children?: ReactNode;
}) {
  if (!prevHref && !nextHref) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label={label} data-testid={testId}>
      {children}
      {prevHref && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" href={prevHref} rel="prev">
            <svg className="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span className="govuk-pagination__link-title">
              {prevText}
              {hiddenSuffix && <span className="govuk-visually-hidden">{hiddenSuffix}</span>}
            </span>
          </Link>
        </div>
      )}
      {nextHref && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" href={nextHref} rel="next">
            <svg className="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
            <span className="govuk-pagination__link-title">
              {nextText}
              {hiddenSuffix && <span className="govuk-visually-hidden">{hiddenSuffix}</span>}
            </span>
          </Link>
        </div>
      )}
    </nav>
  );
}

/**
 * The links either side of a keyset page (lib/keyset keysetPage): `?before=` its `previous`
 * cursor, `?after=` its `next`, each keeping the list's other parameters (`current`).
 */
export function KeysetPager({
  base,
  current,
  page,
  ...pager
}: {
  base: string;
  current: Record<string, string | undefined>;
  page: { previous: string | null; next: string | null };
} & Omit<Parameters<typeof Pager>[0], "prevHref" | "nextHref">) {
  return (
    <Pager
      {...pager}
      prevHref={page.previous ? withParams(base, current, { before: page.previous }) : null}
      nextHref={page.next ? withParams(base, current, { after: page.next }) : null}
    />
  );
}

/** A URL for this page with some query parameters changed (undefined or "" removes one). */
export function withParams(base: string, current: Record<string, string | undefined>, changes: Record<string, string | undefined | null>): string {
  // A base that has a query already (a permalink that keeps the page's own parameters) keeps it,
  // and its fragment. The origin is only there to parse a path: it is not in the result.
  const url = new URL(base, "http://local");
  const params = url.searchParams;
  for (const [k, v] of Object.entries({ ...current, ...changes })) {
    if (v) params.set(k, v);
    else params.delete(k);
  }
  const qs = params.toString();
  return `${url.pathname}${qs ? `?${qs}` : ""}${url.hash}`;
}

/**
 * The previous and next links of page `page` of `pages` numbered by `?page=` (or `?<param>=` when
 * a page pages more than one list; page 1 has none), each ending with `hash` (e.g. "#exceptions").
 */
export function pageLinks(base: string, current: Record<string, string | undefined>, page: number, pages: number, opts: { param?: string; hash?: string } = {}) {
  const { param = "page", hash = "" } = opts;
  return {
    prevHref: page > 1 ? withParams(base, current, { [param]: page > 2 ? String(page - 1) : undefined }) + hash : null,
    nextHref: page < pages ? withParams(base, current, { [param]: String(page + 1) }) + hash : null,
  };
}
