// Shared by the export download routes: the signed-in actor (or a redirect to sign in), and
// domain errors as plain 4xx answers instead of a crash.
import { redirect, unstable_rethrow } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { isDomainError } from "@/lib/errors";
import { getActor } from "../../../_server/session";
import { isUuid } from "@/lib/sql";


export function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
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
    console.error("export failed", e);
    return plain(500, "Sorry, the export could not be made. Try again; if it keeps failing, tell an administrator.");
  }
}
