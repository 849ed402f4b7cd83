// next-auth configuration: email sign-in links for everyone, Microsoft Entra ID for council
// staff when configured, and one-click demo users in demo mode. Sessions are JWTs (the
// Credentials provider does not work with database sessions); roles are read fresh from
// the database on every request (see session.ts).
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { findUserByEmail } from "@/lib/auth/actor";
import { safeRedirectUrl } from "@/lib/auth/redirect";
import { currentSessionVersion, endSessions, tokenSessionVersion } from "@/lib/auth/sessions";
import { appUrl, authSecret, isAzureAdConfigured, isDemoMode, serviceName } from "@/lib/config";
import { deliverNow, queueEmail, signInEmail } from "@/lib/email";

process.env.NEXTAUTH_URL ??= appUrl();

const ADAPTER_METHODS = [
  "createUser",
  "getUser",
  "getUserByEmail",
  "getUserByAccount",
  "updateUser",
  "deleteUser",
  "linkAccount",
  "unlinkAccount",
  "createSession",
  "getSessionAndUser",
  "updateSession",
  "deleteSession",
  "createVerificationToken",
  "useVerificationToken",
] as const;

/** The Drizzle adapter, bound to the database on first use rather than at import. */
function lazyAdapter(): Adapter {
  let inner: Promise<Record<string, (...args: unknown[]) => unknown>> | undefined;
  const load = () =>
    (inner ??= getDb().then(
      (db) =>
        (DrizzleAdapter as (db: unknown, schema: unknown) => unknown)(db, {
          usersTable: users as never,
          accountsTable: accounts as never,
          sessionsTable: sessions as never,
          verificationTokensTable: verificationTokens as never,
        }) as never,
    ));
  return Object.fromEntries(
    ADAPTER_METHODS.map((m) => [m, async (...args: unknown[]) => (await load())[m]!(...args)]),
  ) as unknown as Adapter;
}

export function authOptions(): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    EmailProvider({
      // The transport is ours (SMTP or the outbox); next-auth only needs a placeholder.
      server: { host: "localhost", port: 25, auth: { user: "", pass: "" } },
      from: process.env.EMAIL_FROM ?? "no-reply@consult.localhost",
      maxAge: 24 * 60 * 60,
      async sendVerificationRequest({ identifier, url }) {
        const db = await getDb();
        const user = await findUserByEmail(db, identifier);
        // Unknown addresses get no email, and the page says the same either way, so the
        // form cannot be used to find out who has an account.
        if (!user) return;
        const { subject, text } = signInEmail(url, serviceName());
        // Recorded, then sent without waiting for the mail server: a known address no longer
        // takes the seconds a mail server may take, which told it from an unknown one (it still
        // costs one write more, a millisecond or so).
        const queued = await queueEmail(db, { to: user.email, subject, text, kind: "sign_in", userId: user.id });
        void deliverNow(db, queued);
      },
    }),
  ];
  if (isAzureAdConfigured()) {
    providers.push(
      AzureADProvider({
        clientId: process.env.AZURE_AD_CLIENT_ID!,
        clientSecret: process.env.AZURE_AD_CLIENT_SECRET!,
        tenantId: process.env.AZURE_AD_TENANT_ID!,
        // Staff accounts are created by an admin first; Entra ID proves the same address.
        allowDangerousEmailAccountLinking: true,
      }),
    );
  }
  if (isDemoMode()) {
    providers.push(
      CredentialsProvider({
        id: "demo",
        name: "Demo user",
        credentials: { email: { label: "Email", type: "email" } },
        async authorize(credentials) {
          if (!isDemoMode() || !credentials?.email) return null;
          const user = await findUserByEmail(await getDb(), credentials.email);
          if (!user?.isDemo) return null;
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  return {
    adapter: lazyAdapter(),
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    providers,
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    callbacks: {
      async signIn({ user, account, email }) {
        if (email?.verificationRequest) return true;
        if (account?.provider === "demo") return true;
        // Email link and Entra ID: only people the council has added may sign in.
        if (!user.email) return false;
        return Boolean(await findUserByEmail(await getDb(), user.email));
      },
      async jwt({ token, user }) {
        // At sign-in: the session carries the person's session version (lib/auth/sessions.ts).
        if (user) {
          token.sub = user.id;
          token.sv = await currentSessionVersion(await getDb(), user.id);
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) Object.assign(session.user, { id: token.sub, sv: tokenSessionVersion(token) });
        return session;
      },
      // Every redirect next-auth makes to a callbackUrl (sign-in, sign-out, the emailed links).
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
    events: {
      // Signing out ends the session everywhere, not just the cookie in this browser.
      async signOut({ token }) {
        if (token?.sub) await endSessions(await getDb(), token.sub, tokenSessionVersion(token));
      },
    },
  };
}
