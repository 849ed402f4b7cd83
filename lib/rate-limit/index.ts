// Rate limits kept in Postgres, so that every instance of the app counts against the same
// limit. A limit counts hits per subject (an email address, a client address, an API key) in a
// fixed window; each hit is one atomic upsert that returns the new count, so concurrent hits on
// any number of instances are counted exactly. Old windows are deleted now and then.
import type { Db } from "../../db/client";
import { executeNamed, executeRelaxable, isTransaction, relaxableStatement } from "../../db/client";
import { safeErrorMessage } from "../log";

export type Limit = {
  /** What is counted ("sign_in_email_address"); one key space per bucket. */
  bucket: string;
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type LimitDecision =
  | { allowed: true; hits: number; remaining: number }
  | { allowed: false; hits: number; retryAfterSeconds: number };

/** The limits the service applies. Generous enough for people, and for the end-to-end suite. */
export const LIMITS = {
  /** Sign-in emails to one address: a person who asks again a few times still gets one. */
  signInEmailPerAddress: { bucket: "sign_in_email_address", limit: 5, windowSeconds: 15 * 60 },
  /** Sign-in emails requested from one client address (an office shares one). */
  signInEmailPerClient: { bucket: "sign_in_email_client", limit: 30, windowSeconds: 15 * 60 },
  /** Emailed sign-in links that did not work (expired, used, or guessed), per client address. */
  emailTokenFailuresPerClient: { bucket: "email_token_failure_client", limit: 10, windowSeconds: 15 * 60 },
  /** Responses started without signing in, per email address given (issue 18). */
  publicStartPerAddress: { bucket: "public_start_address", limit: 5, windowSeconds: 60 * 60 },
  /** Responses started without signing in, per client address (a library's shared computers stay usable). */
  publicStartPerClient: { bucket: "public_start_client", limit: 30, windowSeconds: 60 * 60 },
  /** Unknown or revoked API keys presented, per client address. */
  unknownApiKeysPerClient: { bucket: "api_key_unknown_client", limit: 20, windowSeconds: 15 * 60 },
  /** Open data (published responses, counts, outcomes) read without a key, per client address. */
  openDataPerClient: { bucket: "open_data_client", limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

/** The API's requests per key and minute (API_RATE_LIMIT_PER_MINUTE, 120 by default). */
export function apiLimitPerKey(perMinute: number): Limit {
  return { bucket: "api_key", limit: perMinute, windowSeconds: 60 };
}

const WINDOWS_KEPT_MS = 24 * 60 * 60 * 1000;
const CLEAN_EVERY_MS = 10 * 60 * 1000;

export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

function decide(limit: Limit, hits: number, now: Date): LimitDecision {
  if (hits <= limit.limit) return { allowed: true, hits, remaining: limit.limit - hits };
  const ends = windowStart(now, limit.windowSeconds).getTime() + limit.windowSeconds * 1000;
  return { allowed: false, hits, retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)) };
}

// One hit, counted in one statement; a count lost in a crash costs nothing, so its commit need
// not wait for the disk (db/client relaxableStatement).
export const HIT = relaxableStatement(
  "rate_limit_hit",
  (relax) => `${relax ? `with ${relax.cte} ` : ""}insert into rate_limits (bucket, subject, window_start, hits)
     select $1::text, $2::text, $3::timestamptz, 1${relax ? ` where ${relax.read}` : ""}
     on conflict (bucket, subject, window_start) do update set hits = rate_limits.hits + 1
     returning hits`,
);

/** Counts one hit by `subject` and says whether it is within the limit. */
export async function hit(db: Db, limit: Limit, subject: string, now: Date = new Date()): Promise<LimitDecision> {
  const [row] = await executeRelaxable<{ hits: number }>(db, HIT, [
    limit.bucket,
    subject,
    windowStart(now, limit.windowSeconds).toISOString(),
  ]);
  return counted(db, limit, Number(row!.hits), now);
}

/**
 * The same hit as part of a data-modifying CTE, for a statement that has one more thing to do
 * on the request's path (lib/api-keys: the key and its hit in one round trip). `subject` is an
 * SQL expression; `bucket` and `windowStart` name the statement's parameters holding
 * hitParams(). Returns `hits` for the subject's rows only (none, so no hit, when it is empty).
 */
export function hitCte(name: string, from: string, subject: string, bucket: string, windowStartParam: string): string {
  return `${name} as (
    insert into rate_limits (bucket, subject, window_start, hits)
    select ${bucket}::text, ${subject}, ${windowStartParam}::timestamptz, 1 from ${from}
    on conflict (bucket, subject, window_start) do update set hits = rate_limits.hits + 1
    returning hits
  )`;
}

/** The parameters of hitCte: the bucket, and the start of the window `now` is in. */
export function hitParams(limit: Limit, now: Date): [string, string] {
  return [limit.bucket, windowStart(now, limit.windowSeconds).toISOString()];
}

/** The decision for a hit counted (by hit, or a statement using hitCte): old windows are cleaned now and then. */
export function counted(db: Db, limit: Limit, hits: number, now: Date): LimitDecision {
  cleanSometimes(db, now);
  return decide(limit, hits, now);
}

/** Whether `subject` is still within the limit, without counting a hit (for counting failures only). */
export async function check(db: Db, limit: Limit, subject: string, now: Date = new Date()): Promise<LimitDecision> {
  const rows = await executeNamed<{ hits: number }>(
    db,
    "rate_limit_check",
    `select hits from rate_limits where bucket = $1 and subject = $2 and window_start = $3`,
    [limit.bucket, subject, windowStart(now, limit.windowSeconds).toISOString()],
  );
  const hits = Number(rows[0]?.hits ?? 0);
  // At the limit, the next attempt would be refused: refuse it now.
  return hits >= limit.limit ? { ...decide(limit, limit.limit + 1, now), hits } : { allowed: true, hits, remaining: limit.limit - hits };
}

const lastCleaned = new WeakMap<Db, number>();

/**
 * Deletes windows older than a day, at most every ten minutes per handle, off the request's path.
 * Not on a transaction's handle: its one connection is the caller's, and may be released before
 * the delete would run.
 */
function cleanSometimes(db: Db, now: Date) {
  if (isTransaction(db)) return;
  const last = lastCleaned.get(db) ?? 0;
  if (now.getTime() - last < CLEAN_EVERY_MS) return;
  lastCleaned.set(db, now.getTime());
  void deleteOldWindows(db, now).catch((e) => console.error(`rate limits: old windows not deleted: ${safeErrorMessage(e)}`));
}

export async function deleteOldWindows(db: Db, now: Date = new Date()): Promise<number> {
  const [row] = await executeNamed<{ n: number }>(
    db,
    "rate_limit_clean",
    `with gone as (delete from rate_limits where window_start < $1 returning 1) select count(*)::int as n from gone`,
    [new Date(now.getTime() - WINDOWS_KEPT_MS).toISOString()],
  );
  return Number(row?.n ?? 0);
}
