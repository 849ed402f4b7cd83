// next-auth's request handler for the App Router: the /api/auth route serves it, and the
// sign-in form's own route hands validated posts to it. The sign-in limits come first.
import NextAuth from "next-auth";
import { authOptions } from "./auth-options";
import { throttleAuth } from "./auth-throttle";

type Ctx = { params: Promise<{ nextauth: string[] }> };

export async function authHandler(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  return throttleAuth(req, nextauth, () => NextAuth(authOptions())(req as never, { params: { nextauth } } as never));
}
