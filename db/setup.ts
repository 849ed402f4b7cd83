// `npm run db:setup`: apply migrations, then load the demo content if the database is empty.
// Runs before `next start`, and closes the database before the server opens it (PGlite
// serves one process at a time).
import { closeDb, driverName, getDb } from "./client";
import { migrateDb } from "./migrate";
import { isEmpty, loadDemoContent } from "./seed/load";
import { loadPublicationDemo } from "./seed/publication";

const db = await getDb();
await migrateDb(db, driverName());
console.log(`database ready (${driverName()}${driverName() === "pglite" ? `, ${process.env.DATA_DIR ?? ".data"}` : ""})`);
if (process.env.SEED_DEMO !== "0" && (await isEmpty(db))) {
  // SEED_ANALYSIS_DEMO=0 leaves out the analysis demo's few thousand generated answers.
  await loadDemoContent(db, new Date(), { analysisDemo: process.env.SEED_ANALYSIS_DEMO !== "0" });
  await loadPublicationDemo(db);
  console.log("demo content loaded");
}
await closeDb();
