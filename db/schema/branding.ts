// A council's letterhead: the name, logo, address, contact officer and signatory that its
// documents carry, and the template of the covering letter. One row per council organisation.
import { sql } from "drizzle-orm";
import { check, customType, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./organisations";

/** The image types a logo may be: never SVG (it can carry script). */
export const LOGO_TYPES = ["image/png", "image/jpeg"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** bytea, read as a Buffer whichever driver answers (node-postgres gives a Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const councilBranding = pgTable(
  "council_branding",
  {
    organisationId: uuid()
      .primaryKey()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The name on the letterhead, e.g. "Breckland Council" (the organisation's name when blank). */
    councilName: text().notNull().default(""),
    postalAddress: text().notNull().default(""),
    contactName: text().notNull().default(""),
    contactEmail: text().notNull().default(""),
    contactPhone: text().notNull().default(""),
    signatoryName: text().notNull().default(""),
    signatoryTitle: text().notNull().default(""),
    /** Plain text with {{placeholders}} (lib/branding/template.ts); blank = the built-in letter. */
    letterTemplate: text().notNull().default(""),
    logo: bytea(),
    logoType: text().$type<LogoType>(),
    logoUpdatedAt: timestamp({ withTimezone: true }),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("council_branding_logo_type_check", sql`${t.logoType} is null or ${t.logoType} in ('image/png', 'image/jpeg')`),
    check("council_branding_logo_pair_check", sql`(${t.logo} is null) = (${t.logoType} is null)`),
  ],
);

export type CouncilBranding = typeof councilBranding.$inferSelect;
