// GET /api/health: whether this instance can serve, for load balancers and monitors (lib/health).
// Public and never cached; 503 when the primary database does not answer. With HEALTH_TOKEN set,
// a request bearing it is also given the figures.
import { healthSources } from "@/app/_server/health";
import { checkHealth, healthHttpStatus, healthView } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const report = await checkHealth(healthSources);
  return Response.json(healthView(report, req.headers.get("authorization"), process.env.HEALTH_TOKEN), {
    status: healthHttpStatus(report),
    headers: { "Cache-Control": "no-store" },
  });
}
