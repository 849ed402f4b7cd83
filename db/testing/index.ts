// A fresh, migrated database for one integration test file: a new database on the
// Postgres server at DATABASE_URL (dropped afterwards), or an in-memory PGlite without it.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { openPg, openPglite, type Db } from "../client";
import { migrateDb } from "../migrate";

export type TestDb = {
  db: Db;
  driver: "pg" | "pglite";
  close: () => Promise<void>;
  /** On Postgres, the test database's URL: a second pool on it is a second app instance. */
  url?: string;
};

export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const h = await openPglite(undefined);
    await migrateDb(h.db, "pglite");
    return { db: h.db, driver: "pglite", close: h.close };
  }
  // Named after the database in the URL (its owner's prefix on a shared server), else "consult".
  const given = new URL(url).pathname.slice(1).replace(/[^a-z0-9_]/gi, "").slice(0, 30).toLowerCase();
  const name = `${given && given !== "postgres" ? given : "consult"}_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = await openPg(url, 1);
  await admin.db.execute(sql.raw(`create database ${name}`));
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const h = await openPg(u.toString(), 10);
  await migrateDb(h.db, "pg");
  return {
    db: h.db,
    driver: "pg",
    url: u.toString(),
    close: async () => {
      await h.close();
      const a = await openPg(url, 1);
      await a.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await a.close();
    },
  };
}
