// The sign-in form's email post. A blank or malformed address goes back to the sign-in page
// with the message at the field and what was typed (kept for a minute in a cookie only that
// page reads, so it is never in a URL); a valid one is handed, unchanged, to next-auth's email
// sign-in, which checks the CSRF token, sends the link and redirects.
import { NextRequest, NextResponse } from "next/server";
import { authHandler } from "@/app/_server/auth-handler";
import { plain } from "@/app/_server/plain";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { checkPublicFor, checkSignInEmail } from "@/lib/auth/schemas";
import { appUrl } from "@/lib/config";
import { SIGN_IN_TYPED_COOKIE } from "../typed";
import { getDb } from "@/db/client";
import { allowPublicStart, ensurePublicRespondent } from "@/lib/public/commands";
import { clientAddress } from "@/lib/auth/request-origin";
import { isHoneypotTripped } from "@/lib/public/honeypot";

/** A post that is not the sign-in form (another content type, a broken body, a slug that is not one). */
function notTheForm(): Response {
  return plain(400, "This is not the sign-in form. Go back to the sign-in page and try again.");
}

export async function POST(req: Request) {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return notTheForm();
  }
  const typed = String(form.get("email") ?? "");
  const checked = checkSignInEmail(typed);
  if ("error" in checked) {
    const back = new URL("/sign-in", req.url);
    back.searchParams.set("error", checked.error);
    back.searchParams.set("callbackUrl", safeRedirectPath(form.get("callbackUrl"), appUrl()));
    const res = NextResponse.redirect(back, 303);
    res.cookies.set(SIGN_IN_TYPED_COOKIE, typed.slice(0, 320), { httpOnly: true, sameSite: "lax", path: "/sign-in", maxAge: 60 });
    return res;
  }
  // From a public consultation's start page (pages/respond/[slug]/start): a new address becomes a
  // member of the public, so the emailed link signs them in. A robot that fills the hidden field
  // is told to check its email, and nothing is made or sent.
  const publicFor = checkPublicFor(form.get("publicFor"));
  if ("error" in publicFor) return notTheForm();
  if (publicFor.slug) {
    if (isHoneypotTripped(Object.fromEntries(form))) return NextResponse.redirect(new URL("/sign-in/check-email", req.url), 303);
    const db = await getDb();
    // New people made per address and per client are limited like responses started without signing in.
    const allowed = await allowPublicStart(db, { email: checked.email, client: clientAddress(req.headers) });
    if (allowed.allowed) await ensurePublicRespondent(db, { slug: publicFor.slug, email: checked.email });
  }
  const body = new URLSearchParams();
  for (const [k, v] of form) if (typeof v === "string" && k !== "publicFor" && k !== "website") body.set(k, k === "email" ? checked.email : v);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/x-www-form-urlencoded");
  // A NextRequest, as next-auth reads `nextUrl` like the /api/auth route's own requests.
  const forwarded = new NextRequest(new URL("/api/auth/signin/email", req.url), { method: "POST", headers, body });
  return authHandler(forwarded, { params: Promise.resolve({ nextauth: ["signin", "email"] }) });
}
