// The signed-in person for a page, action or route, with their roles from the database.
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { loadActor } from "@/lib/auth/actor";
import { tokenSessionVersion } from "@/lib/auth/sessions";
import { can, type Action, type Actor, type Resource } from "@/lib/auth/policy";
import { authOptions } from "./auth-options";

/** The signed-in person, with their unread notifications (for the header). */
export type SessionActor = Actor & { unreadNotifications?: number };

export const getActor = cache(async (): Promise<SessionActor | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sv?: number } | undefined;
  if (!user?.id) return null;
  return loadActor(await getDb(), user.id, { version: tokenSessionVersion(user) });
});

/** The signed-in actor, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireActor(returnTo = "/"): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/** The signed-in actor if `can(actor, action, resource)`; otherwise the 403 page. */
export async function requirePermission(action: Action, resource: Resource, returnTo = "/"): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!can(actor, action, resource)) forbidden();
  return actor;
}
