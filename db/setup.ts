// `npm run db:setup`: apply migrations, then load the demo content if the database is empty.
// Runs before `next start`, and closes the database before the server opens it (PGlite
// serves one process at a time). Instances started together on one Postgres take turns
// (withSetupLock): the first migrates and loads, the others then find it done.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openSetupDb, type Db } from "./client";
import { migrateDb, withSetupLock } from "./migrate";
import { isEmpty, loadDemoContent } from "./seed/load";
import { loadPublicationDemo } from "./seed/publication";

export type SetupOptions = {
  /** Load the demo content into an empty database (SEED_DEMO=0: no). */
  demo: boolean;
  /** With it, the analysis demo's few thousand generated answers (SEED_ANALYSIS_DEMO=0: no). */
  analysisDemo: boolean;
  log?: (line: string) => void;
};

/** Migrations, then the demo content if asked for and the database has none; what was done. */
export async function setupDatabase(db: Db, driver: "pg" | "pglite", o: SetupOptions): Promise<{ seeded: boolean }> {
  const log = o.log ?? (() => {});
  return withSetupLock(
    db,
    async () => {
      await migrateDb(db, driver);
      log(`database ready (${driver}${driver === "pglite" ? `, ${process.env.DATA_DIR ?? ".data"}` : ""})`);
      if (!o.demo || !(await isEmpty(db))) return { seeded: false };
      await loadDemoContent(db, new Date(), { analysisDemo: o.analysisDemo });
      await loadPublicationDemo(db);
      log("demo content loaded");
      return { seeded: true };
    },
    () => log("waiting for another process setting up the same database"),
  );
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const { db, driver, close } = await openSetupDb();
  await setupDatabase(db, driver, {
    demo: process.env.SEED_DEMO !== "0",
    analysisDemo: process.env.SEED_ANALYSIS_DEMO !== "0",
    log: (line) => console.log(line),
  });
  await close();
}
