// Column groups repeated across tables. Each helper returns fresh column builders (a builder
// belongs to one table), spread into a table's columns: `...editTracking()`.
import { integer, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * A row people edit concurrently: `version` is bumped on every save and a save carries the
 * version it was edited from (a save over a newer one is refused, both kept); who saved it
 * last, and when.
 */
export const editTracking = () => ({
  version: integer().notNull().default(1),
  updatedBy: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
