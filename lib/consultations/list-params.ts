// The consultation lists' addresses: the public hub's search (`q`, `status`, `who`) and the
// officer lists' `status=closed`, and the cursor that pages a list of closed consultations. Anyone
// can type anything into an address: a value the pages could not have written is ignored (no
// filter, or the first page), never an error and never a value Postgres would refuse.
import { z } from "zod";
import { isStorableText } from "../input/text";
import { isExactUtc } from "../keyset";
import { isUuid } from "../sql";

/**
 * Where a page of closed consultations starts: the closing time of the consultation next to it,
 * exactly as Postgres holds it (UTC to the microsecond: a Date's millisecond could skip or repeat
 * one; null when it has no closing date, which lists after every dated one), and its id, which
 * orders consultations that closed at the same instant.
 */
export type ClosedCursor = { at: string | null; id: string };

/** A cursor as a page's address carries it (opaque: base64url of the JSON `[at, id]`). */
export function encodeClosedCursor(c: ClosedCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), "utf8").toString("base64url");
}

/** The cursor in an address, or null for anything these lists did not issue (a mangled link shows the first page). */
export function decodeClosedCursor(value: unknown): ClosedCursor | null {
  if (typeof value !== "string" || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 2) return null;
  const [at, id] = parts as unknown[];
  if (!isUuid(id)) return null;
  if (at === null) return { at: null, id: id.toLowerCase() };
  if (!isExactUtc(at)) return null;
  return { at, id: id.toLowerCase() };
}

/** The first value of a search parameter that may be repeated. */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const cursorParam = z.preprocess(first, z.unknown()).transform((v) => decodeClosedCursor(v));

/** The longest title search the hub runs (a longer one is cut, as the page always did). */
export const HUB_QUERY_MAX = 200;

/**
 * The public hub's address: `q` searches titles (trimmed, cut to HUB_QUERY_MAX; empty, or text
 * Postgres cannot hold, is no search), `status` is open or closed (else both), `who=anyone` keeps
 * the consultations anyone can respond to; `after` (the next page of closed consultations) or
 * `before` (the previous one) is a cursor the page wrote.
 */
export const hubParamsSchema = z
  .object({
    q: z.preprocess(first, z.unknown()).transform((v) => {
      if (typeof v !== "string") return undefined;
      // Cut by characters, not UTF-16 units, so an emoji at the limit is not split in two.
      const q = [...v.trim()].slice(0, HUB_QUERY_MAX).join("").trim();
      return q && isStorableText(q) ? q : undefined;
    }),
    status: z.preprocess(first, z.enum(["open", "closed"]).optional().catch(undefined)),
    who: z.preprocess(first, z.unknown()),
    after: cursorParam,
    before: cursorParam,
  })
  .transform(({ who, ...rest }) => ({ ...rest, anyone: who === "anyone" }));
export type HubParams = z.infer<typeof hubParamsSchema>;

/**
 * The officer lists' address (/manage, /review): `status=closed` is the paged list of every
 * closed and archived consultation (anything else is the current ones and the most recently
 * closed); `after` / `before` page it.
 */
export const councilListParamsSchema = z.object({
  status: z.preprocess(first, z.literal("closed").optional().catch(undefined)),
  after: cursorParam,
  before: cursorParam,
});
export type CouncilListParams = z.infer<typeof councilListParamsSchema>;
