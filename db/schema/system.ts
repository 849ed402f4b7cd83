// Cross-cutting records: the append-only audit log, the email outbox, API keys and the
// Postgres-backed job queue.
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { jsonb } from "./jsonb";
import { users } from "./auth";
import { consultations } from "./consultations";
import { inList, organisations } from "./organisations";

/** Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id),
    /** Dotted verb, e.g. "consultation.publish", "draft_answer.save". */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    consultationId: uuid().references(() => consultations.id),
    organisationId: uuid().references(() => organisations.id),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [
    // The audit pages read newest first by id, within a consultation, by a person or of an action
    // (lib/audit/queries, keyset-paged by id): each from its own index, however long the log.
    index("audit_log_consultation_id_idx").on(t.consultationId, t.id),
    index("audit_log_actor_id_idx").on(t.actorId, t.id),
    index("audit_log_action_id_idx").on(t.action, t.id),
    index("audit_log_at_idx").on(t.at),
    // The entries about a person's account: what erasure reads for every name and address they
    // were known by (lib/audit/erased).
    index("audit_log_user_idx").on(t.entityId).where(sql`${t.entityType} = 'user'`),
  ],
);

export const OUTBOX_STATUSES = ["queued", "sent", "failed", "stored"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Every email the platform sends; without SMTP the outbox is where they are read. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    /** Reply-To: a person at the council (a receipt's contact officer); null = reply to From. */
    replyTo: text(),
    /** What kind of email: sign_in, invitation, reminder, receipt ... */
    kind: text().notNull(),
    consultationId: uuid().references(() => consultations.id, { onDelete: "set null" }),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    status: text().$type<OutboxStatus>().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    /** When the daily job deleted the text (and HTML), OUTBOX_KEEP_DAYS after the email was made (lib/email/expiry). */
    bodyDeletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("outbox_created_idx").on(t.createdAt),
    // The emails whose text is still held, oldest first: what the daily expiry reads, so that
    // its cost follows the emails it deletes, not the outbox's whole history.
    index("outbox_body_kept_idx").on(t.createdAt).where(sql`${t.bodyDeletedAt} is null`),
    // The outbox page's newest-first pages (ORDER BY created_at desc, id desc LIMIT/OFFSET).
    index("outbox_created_id_idx").on(t.createdAt.desc(), t.id.desc()),
    index("outbox_to_idx").on(t.to),
    // The outbox search: a recipient or a subject that contains what was typed (pg_trgm, migration 0041).
    index("outbox_to_trgm_idx").using("gin", t.to.op("gin_trgm_ops")),
    index("outbox_subject_trgm_idx").using("gin", t.subject.op("gin_trgm_ops")),
    // A person's emails by account (their data on request, erasure), and a consultation's (the
    // retention job, the outcome emails already sent).
    index("outbox_user_idx").on(t.userId),
    index("outbox_consultation_idx").on(t.consultationId),
    check("outbox_status_check", sql`${t.status} in (${inList(OUTBOX_STATUSES)})`),
  ],
);

export const API_KEY_SCOPES = ["read", "read_write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** The first characters of the key, shown to identify it. */
    prefix: text().notNull(),
    /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
    hash: text().notNull().unique(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    scope: text().$type<ApiKeyScope>().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check("api_keys_scope_check", sql`${t.scope} in (${inList(API_KEY_SCOPES)})`)],
);

/**
 * Idempotency-Key records for API writes: the first request with a key stores its outcome;
 * a retry with the same key and body gets that outcome again instead of acting twice.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** SHA-256 (hex) of the method, path and body the key was first used with. */
    requestHash: text().notNull(),
    /** Null while the first request is still running. */
    responseStatus: integer(),
    /**
     * While the first request runs, the claim is a lease that ends here; a claim whose lease has
     * ended without an outcome (the process died) may be taken over by a retry.
     */
    leaseExpiresAt: timestamp({ withTimezone: true }),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * Rate limits shared by every app instance: hits per (bucket, subject) in fixed windows.
 * bucket names what is limited ("sign-in-email", "api-key"), subject whom (an address, a key).
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    bucket: text().notNull(),
    subject: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    hits: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.subject, t.windowStart] }), index("rate_limits_window_idx").on(t.windowStart)],
);

export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Background work (emails, reminders, large exports), claimed with FOR UPDATE SKIP LOCKED. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    payload: jsonb().notNull().default({}),
    status: text().$type<JobStatus>().notNull().default("queued"),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lastError: text(),
    result: jsonb(),
    /** Deduplicates jobs that must run once (e.g. the reminder for one consultation and day). */
    singletonKey: text().unique(),
    /**
     * While running: when its claim was taken or last renewed. The worker running a job renews
     * its claim every third of JOB_LEASE_SECONDS; a running job whose claim has lapsed (its
     * worker stopped) is given back to the queue (lib/jobs/queue).
     */
    lockedAt: timestamp({ withTimezone: true }),
    /** While running: the claim, as the instance that took it and a token of its own; only its holder may renew or finish it. */
    lockedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("jobs_claim_idx").on(t.status, t.runAt),
    // "Remind those who have not submitted" looks for its own reminders of the last ten minutes
    // (lib/invitations remindNonSubmitters); only those rows are in this index.
    index("jobs_on_demand_reminder_idx").on(t.createdAt).where(sql`${t.name} = 'email.reminder' and ${t.payload}->>'reason' = 'on_demand'`),
    // A consultation's exports, newest first (lib/exports/jobs listExportJobs); only export jobs are in it.
    index("jobs_export_consultation_idx")
      .on(sql`(${t.payload}->>'consultationId')`, t.createdAt)
      .where(sql`${t.name} = 'export.responses'`),
    check("jobs_status_check", sql`${t.status} in (${inList(JOB_STATUSES)})`),
  ],
);

/** bytea, read as a Buffer whichever driver answers (node-postgres gives a Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A background export's file, in pieces of up to 1 MiB, kept in the database rather than on the
 * disk of the instance that made it: any instance behind the load balancer serves the download,
 * and reading one piece at a time keeps memory flat. Deleted with its job.
 */
export const exportFileChunks = pgTable(
  "export_file_chunks",
  {
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    /**
     * The claim (jobs.locked_by) of the run that wrote it: a run whose claim lapsed may still be
     * writing while the next writes its own, and each reads, and drops, only its own pieces ('' for
     * pieces written before they carried one).
     */
    claim: text().notNull().default(""),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.claim, t.seq] })],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type OutboxMessage = typeof outbox.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
