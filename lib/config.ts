// Configuration from the environment, validated once. Every variable is listed in the README.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().optional(),
  DATA_DIR: z.string().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  DEMO_MODE: z.enum(["0", "1"]).optional(),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().optional(),
  AZURE_AD_CLIENT_ID: z.string().optional(),
  AZURE_AD_CLIENT_SECRET: z.string().optional(),
  AZURE_AD_TENANT_ID: z.string().optional(),
  SERVICE_NAME: z.string().optional(),
  TRUST_PROXY: z.string().regex(/^(\d|true|false)$/, "TRUST_PROXY is a number of proxies (0-9), true or false").optional(),
});

export type Env = z.infer<typeof envSchema>;

/** An unset or empty variable takes the default; anything else must be a whole number in range. */
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : typeof v === "string" ? Number(v.trim()) : v),
    z
      .number({ message: `${name} must be a whole number from ${min} to ${max}` })
      .int(`${name} must be a whole number from ${min} to ${max}`)
      .min(min, `${name} must be a whole number from ${min} to ${max}`)
      .max(max, `${name} must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );

export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 120;
export const DEFAULT_NOTIFICATION_EMAIL_MINUTES = 5;
export const DEFAULT_JOB_LEASE_SECONDS = 60;
export const DEFAULT_EXPORT_KEEP_DAYS = 7;
export const DEFAULT_OUTBOX_KEEP_DAYS = 90;
export const DEFAULT_DATABASE_STATEMENT_TIMEOUT_SECONDS = 60;
export const DEFAULT_DATABASE_CONNECTION_TIMEOUT_SECONDS = 30;

const settingsSchema = z.object({
  /** Requests a minute allowed to each API key (lib/api/rate-limit). */
  API_RATE_LIMIT_PER_MINUTE: wholeNumber("API_RATE_LIMIT_PER_MINUTE", 1, 10_000_000, DEFAULT_API_RATE_LIMIT_PER_MINUTE),
  /** A person is emailed about notifications at most once per this many minutes (lib/notifications). */
  NOTIFICATION_EMAIL_MINUTES: wholeNumber("NOTIFICATION_EMAIL_MINUTES", 1, 24 * 60, DEFAULT_NOTIFICATION_EMAIL_MINUTES),
  /** How long a background job's claim lasts unrenewed: a job whose worker stopped is taken by another after this (lib/jobs/queue). */
  JOB_LEASE_SECONDS: wholeNumber("JOB_LEASE_SECONDS", 2, 3600, DEFAULT_JOB_LEASE_SECONDS),
  /** Days a background export's file is kept before it is deleted (lib/exports/jobs). */
  EXPORT_KEEP_DAYS: wholeNumber("EXPORT_KEEP_DAYS", 1, 365, DEFAULT_EXPORT_KEEP_DAYS),
  /** Days an email's text is kept in the outbox before it is deleted (lib/email/expiry). */
  OUTBOX_KEEP_DAYS: wholeNumber("OUTBOX_KEEP_DAYS", 1, 3650, DEFAULT_OUTBOX_KEEP_DAYS),
  /** The longest one statement of the app's may run on Postgres; 0 for no limit (db/client). */
  DATABASE_STATEMENT_TIMEOUT_SECONDS: wholeNumber("DATABASE_STATEMENT_TIMEOUT_SECONDS", 0, 86_400, DEFAULT_DATABASE_STATEMENT_TIMEOUT_SECONDS),
  /** The longest a request waits for a connection (to open, or to come free in the pool); 0 for no limit (db/client). */
  DATABASE_CONNECTION_TIMEOUT_SECONDS: wholeNumber("DATABASE_CONNECTION_TIMEOUT_SECONDS", 0, 3600, DEFAULT_DATABASE_CONNECTION_TIMEOUT_SECONDS),
  /** How the server writes its log: text for a terminal, or one JSON object per line (lib/log). */
  LOG_FORMAT: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.enum(["text", "json"], { message: "LOG_FORMAT must be text or json" }).default("text")),
});

export type Settings = {
  apiRateLimitPerMinute: number;
  notificationEmailMinutes: number;
  jobLeaseSeconds: number;
  exportKeepDays: number;
  outboxKeepDays: number;
  databaseStatementTimeoutSeconds: number;
  databaseConnectionTimeoutSeconds: number;
  logFormat: "text" | "json";
};

/** The tunable limits from `source` (the environment): throws one message per bad variable. */
export function parseSettings(source: Record<string, string | undefined>): Settings {
  const r = settingsSchema.safeParse(source);
  if (!r.success) throw new Error(`Configuration: ${r.error.issues.map((i) => i.message).join("; ")}`);
  return {
    apiRateLimitPerMinute: r.data.API_RATE_LIMIT_PER_MINUTE,
    notificationEmailMinutes: r.data.NOTIFICATION_EMAIL_MINUTES,
    jobLeaseSeconds: r.data.JOB_LEASE_SECONDS,
    exportKeepDays: r.data.EXPORT_KEEP_DAYS,
    outboxKeepDays: r.data.OUTBOX_KEEP_DAYS,
    databaseStatementTimeoutSeconds: r.data.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    databaseConnectionTimeoutSeconds: r.data.DATABASE_CONNECTION_TIMEOUT_SECONDS,
    logFormat: r.data.LOG_FORMAT,
  };
}

let cachedSettings: Settings | undefined;

/**
 * The tunable limits, read from the environment once per process (instrumentation.ts reads
 * them at start, so a bad value stops the server with its message instead of failing requests).
 */
export function settings(): Settings {
  return (cachedSettings ??= parseSettings(process.env));
}

/** Read the environment again on the next `settings()` (tests that change a variable). */
export function reloadSettings(): void {
  cachedSettings = undefined;
}

export function env(): Env {
  return envSchema.parse(process.env);
}

export { serviceName } from "./service-name";

export function appUrl(): string {
  return (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/**
 * Demo mode offers one-click sign-in as each demo user. On by default on embedded PGlite
 * (never a production database); with a real Postgres under NODE_ENV=production it is off
 * unless DEMO_MODE=1. DEMO_MODE=0 always turns it off.
 */
export function isDemoMode(): boolean {
  if (process.env.DEMO_MODE === "1") return true;
  if (process.env.DEMO_MODE === "0") return false;
  if (!process.env.DATABASE_URL) return true;
  return process.env.NODE_ENV !== "production";
}

export function isAzureAdConfigured(): boolean {
  return Boolean(process.env.AZURE_AD_CLIENT_ID && process.env.AZURE_AD_CLIENT_SECRET && process.env.AZURE_AD_TENANT_ID);
}

let cachedSecret: string | undefined;

/**
 * The secret that signs session cookies. NEXTAUTH_SECRET in production; on a single
 * machine without it, a random secret kept in DATA_DIR so sessions survive restarts.
 */
export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (cachedSecret) return cachedSecret;
  const dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR ?? ".data");
  const file = path.join(dir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  cachedSecret = readFileSync(file, "utf8").trim();
  return cachedSecret;
}

export function useSecureCookies(): boolean {
  return appUrl().startsWith("https://");
}
