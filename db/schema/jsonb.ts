// jsonb, read as the driver gives it. node-postgres and PGlite both parse jsonb already;
// drizzle's own jsonb column then parses any string a second time, so the text answer "2005"
// came back as the number 2005, "true" as true and "1.50" as 1.5 (and every other string cost
// a thrown and caught SyntaxError). Written as drizzle writes it: JSON text.
import { customType } from "drizzle-orm/pg-core";

export const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => "jsonb",
  toDriver: (value) => JSON.stringify(value),
});
