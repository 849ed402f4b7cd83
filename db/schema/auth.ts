// People and the tables next-auth's Drizzle adapter needs (sessions are JWTs, but the
// adapter's table set is kept whole so a later switch needs no migration).
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  name: text(),
  email: text().notNull().unique(),
  emailVerified: timestamp({ mode: "date", withTimezone: true }),
  image: text(),
  /** Shown on the demo sign-in page when demo mode is on. */
  isDemo: boolean().notNull().default(false),
  /** Set when an admin erases the person: name and email are replaced, the row is kept for references. */
  erasedAt: timestamp({ withTimezone: true }),
  /**
   * Raised to end every session of the person (sign-out, or an administrator's "end sessions"):
   * a session token carries the version it was issued with and stops working when this moves on.
   */
  sessionVersion: integer().notNull().default(0),
  /**
   * Set when an administrator deactivates the person: they cannot sign in, their sessions end,
   * and they are not offered as an assignee or sent notifications. Cleared on reactivation.
   */
  deactivatedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // Names that begin with what was typed (the audit log's person filter, lib/audit/queries).
  index("users_name_prefix_idx").on(sql`lower(${t.name}) text_pattern_ops`),
  // Names and addresses that contain what was typed, whatever its case (the administrator's
  // people search, a person's data on request): trigrams (pg_trgm, migration 0041), so such a
  // search reads the matches, not every person.
  index("users_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  index("users_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
]);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ mode: "date", withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/**
 * What an erased person was known by (their email address and name), as digests only: the
 * append-only audit log keeps entries written while they were known (an invitation to them, a
 * reminder's recipients), and those strings are withheld when the log is read (lib/audit/erased).
 * A digest names no one; it only recognises the same text again.
 */
export const erasedIdentities = pgTable("erased_identities", {
  digest: text().primaryKey(),
  erasedAt: timestamp({ mode: "date", withTimezone: true }).notNull().defaultNow(),
});
