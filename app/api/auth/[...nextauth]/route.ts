import NextAuth from "next-auth";
import { authOptions } from "@/app/_server/auth-options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req as never, { params: await ctx.params } as never);
}

export { handler as GET, handler as POST };
