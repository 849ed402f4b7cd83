// `npm run db:seed`: migrate and load the demo content into an empty database.
import { openSetupDb } from "../client";
import { migrateDb } from "../migrate";
import { isEmpty, loadDemoContent } from "./load";
import { loadPublicationDemo } from "./publication";

const { db, driver, close } = await openSetupDb();
await migrateDb(db, driver);
if (!(await isEmpty(db))) {
  console.error("The database already has data; db:seed loads demo content only into an empty database.");
  await close();
  process.exit(1);
}
// SEED_ANALYSIS_DEMO=0 leaves out the analysis demo's few thousand generated answers.
await loadDemoContent(db, new Date(), { analysisDemo: process.env.SEED_ANALYSIS_DEMO !== "0" });
await loadPublicationDemo(db);
console.log("demo content loaded");
await close();
