// Where the health check (and the metrics, which report its figures) read: the primary on a
// connection of the check's own, the app's pool for the jobs, and the reports' handle.
import { getDb, getHealthDb, getReportDb } from "@/db/client";
import type { HealthSources } from "@/lib/health";

export const healthSources: HealthSources = { primary: getHealthDb, app: getDb, reports: () => getReportDb() };
