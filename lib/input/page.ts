// A page number from a query string or a caller: a whole number from 1 to MAX_PAGE, whatever was
// sent ("Infinity", "1e300", "-3", "abc", nothing). Past MAX_PAGE a list is empty anyway, and the
// offset must stay a number Postgres takes (a bigint; Infinity is refused with a 500).

/** The last page any list serves: 2 million rows at 20 a page. */
export const MAX_PAGE = 100_000;

/** `max`: a list's own last page, where it serves fewer (a search's first 1,000 pages). */
export function pageNumber(value: unknown, max = MAX_PAGE): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isNaN(n) ? 1 : Math.max(1, Math.min(max, Math.floor(n)));
}
