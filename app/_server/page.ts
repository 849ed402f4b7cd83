// Shared by the server-rendered pages (collation, drafting, review, sign-off, audit, admin,
// action plans, documents): the signed-in actor and database, lib's typed errors turned into
// the 403 and 404 pages, and search parameters read as strings.
import { forbidden, notFound } from "next/navigation";
import { getDb, getReportDb, replicaNotice } from "@/db/client";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { requireActor } from "./session";

export async function pageContext(returnTo: string) {
  const actor = await requireActor(returnTo);
  return { actor, db: await getDb() };
}

/**
 * For report pages (collation, search, counts): the signed-in actor (read on the primary), the
 * database to read the report from (the replica when DATABASE_REPLICA_URL is set) and, when that
 * replica lags by more than 5 s, the notice the page shows ("figures as of HH:MM:SS").
 */
export async function reportContext(returnTo: string) {
  const actor = await requireActor(returnTo);
  const report = await getReportDb();
  return { actor, db: report.db, notice: replicaNotice(await report.lag()) };
}

/** The lib call's result, or the 403 / 404 page for ForbiddenError / NotFoundError. */
export async function orPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ForbiddenError || e instanceof UnauthenticatedError) forbidden();
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}

/** A search parameter as one string (a repeated parameter keeps its first value). */
export function param(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? undefined : s;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
