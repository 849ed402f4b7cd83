// GET /api/health: whether this instance can serve, for load balancers and monitors (lib/health).
// Public and never cached; 503 when the primary database does not answer.
import { getDb, getReportDb } from "@/db/client";
import { checkHealthOnce, healthHttpStatus } from "@/lib/health";

export const dynamic = "force-dynamic";

const sources = { primary: getDb, reports: () => getReportDb() };

export async function GET() {
  const report = await checkHealthOnce(sources);
  return Response.json(report, { status: healthHttpStatus(report), headers: { "Cache-Control": "no-store" } });
}
