// The cursors that page the administrator's lists by keyset (lib/keyset keysetPage): a page's
// "Next" and "Previous" links carry the key of its last and first row, opaque in the address
// (base64url of a JSON array). Anyone can type anything into an address: a cursor these lists
// did not write is no cursor (the first page), never an error and never a value Postgres refuses.
import { isStorableText } from "../input/text";
import { isExactUtc } from "../keyset";
import { isUuid } from "../sql";

/** A row of a newest-first list (jobs, the outbox): its time, exactly as Postgres holds it (lib/keyset exactUtc), and its id. */
export type TimeCursor = { at: string; id: string };

/** A person in the list of people: their name as it sorts (lower case; null for no name) and their address (unique). */
export type PersonCursor = { name: string | null; email: string };

/** An organisation in the list of organisations: its name (unique). */
export type NameCursor = { name: string };

const encode = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");

function decode(value: unknown, length: number): unknown[] | null {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== "string" || value.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return Array.isArray(parts) && parts.length === length ? parts : null;
  } catch {
    return null;
  }
}

/** Text a cursor may carry: what Postgres can compare (no NUL), and no longer than any name or address. */
const text = (v: unknown): v is string => typeof v === "string" && v.length <= 1000 && isStorableText(v);

export const encodeTimeCursor = (c: TimeCursor) => encode([c.at, c.id]);

export function decodeTimeCursor(value: unknown): TimeCursor | null {
  const parts = decode(value, 2);
  if (!parts) return null;
  const [at, id] = parts;
  return isExactUtc(at) && isUuid(id) ? { at, id: id.toLowerCase() } : null;
}

export const encodePersonCursor = (c: PersonCursor) => encode([c.name, c.email]);

export function decodePersonCursor(value: unknown): PersonCursor | null {
  const parts = decode(value, 2);
  if (!parts) return null;
  const [name, email] = parts;
  return (name === null || text(name)) && text(email) ? { name, email } : null;
}

export const encodeNameCursor = (c: NameCursor) => encode([c.name]);

export function decodeNameCursor(value: unknown): NameCursor | null {
  const parts = decode(value, 1);
  return parts && text(parts[0]) ? { name: parts[0] } : null;
}
