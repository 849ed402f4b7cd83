// Server actions posted from another site. Next refuses them itself, but by throwing, so the
// sender gets a 500; this answers 403 first, by Next's own rule: an action (a POST carrying
// Next-Action, or a multipart form post to an App Router page) whose Origin is not this host.
// Called from proxy.ts. The respondent pages (Pages Router) check their own posts' origin.
import { NextResponse, type NextRequest } from "next/server";

function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** A 403 for a server action sent from another origin; null for anything else. */
export function refuseForeignAction(request: NextRequest): NextResponse | null {
  if (request.method !== "POST") return null;
  const isAction =
    request.headers.has("next-action") || (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  if (!isAction || request.nextUrl.pathname.startsWith("/respond/")) return null;
  const origin = request.headers.get("origin");
  // No Origin: a hand-made request, which carries no one's cookies unknowingly; Next lets it through.
  if (origin === null) return null;
  const from = originHost(origin);
  const hosts = [request.headers.get("x-forwarded-host")?.split(",")[0]?.trim(), request.headers.get("host")].filter(Boolean);
  if (from && hosts.includes(from)) return null;
  return new NextResponse("Forbidden: this form was sent from another site. Go back to the page and send it again from there.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
