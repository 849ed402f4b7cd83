// Applies the committed drizzle-kit migrations to a database handle.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./client";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function migrateDb(db: Db, driver: "pg" | "pglite"): Promise<void> {
  if (driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const { getDb, closeDb, driverName } = await import("./client");
  await migrateDb(await getDb(), driverName());
  console.log(`migrations applied (${driverName()})`);
  await closeDb();
}
