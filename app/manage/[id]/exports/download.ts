// Shared by the export download routes: the signed-in actor (or a redirect to sign in), and
// domain errors as plain 4xx answers instead of a crash.
import { redirect, unstable_rethrow } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { downloadFailureMessage, isDomainError, serviceFailure } from "@/lib/errors";
import { plain } from "../../../_server/plain";
import { getActor } from "../../../_server/session";
import { isUuid } from "@/lib/sql";

/**
 * A download that failed on our side: logged, and answered with the reference the log has it
 * under, for the person to quote to `tell`; 503 with Retry-After when the database was slow or
 * away (worth trying again soon), else 500.
 */
export function downloadFailed(what: "export" | "file", e: unknown, tell: string): Response {
  const failure = serviceFailure(`${what} download failed`, e);
  return plain(failure.status, downloadFailureMessage(what, failure, tell), failure.headers);
}

export async function downloadFor(id: string, returnTo: string, run: (ctx: { actor: Actor; db: Db; id: string }) => Promise<Response>): Promise<Response> {
  if (!isUuid(id)) return plain(404, "There is no such consultation.");
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  try {
    return await run({ actor, db: await getDb(), id });
  } catch (e) {
    unstable_rethrow(e);
    if (isDomainError(e)) {
      if (e.status === 403) return plain(403, "You do not have permission to download this export.");
      if (e.status === 404) return plain(404, `${e.message}.`);
      return plain(e.status, e.message);
    }
    return downloadFailed("export", e, "an administrator");
  }
}
