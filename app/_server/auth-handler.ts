// next-auth's request handler for the App Router: the /api/auth route serves it, and the
// sign-in form's own route hands validated posts to it.
import NextAuth from "next-auth";
import { authOptions } from "./auth-options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

export async function authHandler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req as never, { params: await ctx.params } as never);
}
