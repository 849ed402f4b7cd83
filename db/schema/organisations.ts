// Organisations (the council and its partners) and who holds which role in which of them.
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const ORGANISATION_TYPES = [
  "council",
  "police",
  "health",
  "voluntary_sector",
  "parish",
  "business",
  "other",
  /** "Members of the public" of one council: holds its public respondents' responses (issue 18). */
  "public",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
/** The types an administrator may give an organisation: "public" is made by lib/public alone. */
export const ASSIGNABLE_ORGANISATION_TYPES = ORGANISATION_TYPES.filter((t) => t !== "public") as Exclude<OrganisationType, "public">[];

export const ROLES = ["partner", "officer", "signatory", "scrutiny", "admin"] as const;
export type Role = (typeof ROLES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const organisations = pgTable(
  "organisations",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    type: text().$type<OrganisationType>().notNull(),
    /**
     * Set when an administrator merges this organisation into another: its people, invitations
     * and responses moved there. The row stays, because the append-only audit log refers to it.
     */
    mergedIntoId: uuid().references((): AnyPgColumn => organisations.id),
    /**
     * For a "public" organisation: the council whose members of the public it gathers. One per
     * council (lib/public ensures it on first public response); it has no memberships, ever.
     */
    publicOfOrganisationId: uuid()
      .unique()
      .references((): AnyPgColumn => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Organisations by name whatever its case (the contacts import, lib/invitations importContacts).
    index("organisations_name_lower_idx").on(sql`lower(${t.name})`),
    // Names that contain what was typed, whatever its case ("Find an organisation", the audience
    // page's partner search, the organisations list): trigrams (pg_trgm, migration 0041).
    index("organisations_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    check("organisations_type_check", sql`${t.type} in (${inList(ORGANISATION_TYPES)})`),
    check(
      "organisations_public_of_check",
      sql`(${t.type} = 'public') = (${t.publicOfOrganisationId} is not null)`,
    ),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text().$type<Role>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("memberships_user_org_role_unique").on(t.userId, t.organisationId, t.role),
    index("memberships_org_idx").on(t.organisationId),
    check("memberships_role_check", sql`${t.role} in (${inList(ROLES)})`),
  ],
);

export { inList };
export type Organisation = typeof organisations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
