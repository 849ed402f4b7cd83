// The rate limits in front of next-auth's own routes, so that every way in gets them (the
// sign-in form's route forwards to the same handler): sign-in emails, and emailed links that
// did not work. A browser is sent back to the sign-in page, which says when to try again; any
// other client gets 429 with a JSON body. Both carry Retry-After.
import { getDb } from "@/db/client";
import { clientAddress } from "@/lib/auth/request-origin";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { checkSignInEmail } from "@/lib/auth/schemas";
import { allowEmailLinkAttempt, allowSignInEmail, recordFailedEmailLink } from "@/lib/auth/throttle";
import { appUrl } from "@/lib/config";
import { NextResponse } from "next/server";
import { SIGN_IN_TYPED_COOKIE } from "@/app/sign-in/typed";

/** The sign-in page's error codes for the two limits. */
export const THROTTLE_ERRORS = { TooManyEmails: "TooManyEmails", TooManyLinks: "TooManyLinks" } as const;

function tooMany(req: Request, error: keyof typeof THROTTLE_ERRORS, retryAfterSeconds: number, callbackUrl?: unknown, typed?: string): Response {
  const headers = { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" };
  if ((req.headers.get("accept") ?? "").includes("text/html")) {
    const back = new URL("/sign-in", appUrl());
    back.searchParams.set("error", error);
    back.searchParams.set("retryAt", String(Math.ceil(Date.now() / 1000) + retryAfterSeconds));
    const path = safeRedirectPath(callbackUrl, appUrl(), "");
    if (path) back.searchParams.set("callbackUrl", path);
    const res = new NextResponse(null, { status: 303, headers: { ...headers, Location: `${back.pathname}${back.search}` } });
    // The form keeps what was typed, as after any other refusal (see app/sign-in/email/route.ts).
    if (typed) res.cookies.set(SIGN_IN_TYPED_COOKIE, typed.slice(0, 320), { httpOnly: true, sameSite: "lax", path: "/sign-in", maxAge: 60 });
    return res;
  }
  const message = error === "TooManyEmails" ? "Too many sign-in emails have been asked for" : "Too many sign-in links that did not work";
  return Response.json(
    { error: { code: "rate_limited", message: `${message}. Try again in ${retryAfterSeconds} seconds.`, details: { retryAfterSeconds } } },
    { status: 429, headers },
  );
}

/** Runs next-auth's handler for `route` (its path under /api/auth) unless a limit refuses it. */
export async function throttleAuth(req: Request, route: string[], run: () => Promise<Response>): Promise<Response> {
  const action = route.join("/");
  if (req.method === "POST" && action === "signin/email") {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const checked = checkSignInEmail(String(form?.get("email") ?? ""));
    // A malformed address is next-auth's to refuse; it sends nothing.
    if ("error" in checked) return run();
    const decision = await allowSignInEmail(await getDb(), { email: checked.email, client: clientAddress(req.headers) });
    if (!decision.allowed) return tooMany(req, "TooManyEmails", decision.retryAfterSeconds, form?.get("callbackUrl"), checked.email);
    return run();
  }
  if (req.method === "GET" && action === "callback/email") {
    const db = await getDb();
    const client = clientAddress(req.headers);
    const decision = await allowEmailLinkAttempt(db, client);
    if (!decision.allowed) return tooMany(req, "TooManyLinks", decision.retryAfterSeconds);
    const res = await run();
    // next-auth sends a link that did not work to the error page (our sign-in page) with a code.
    if (/[?&]error=/.test(res.headers.get("location") ?? "")) await recordFailedEmailLink(db, client);
    return res;
  }
  return run();
}
