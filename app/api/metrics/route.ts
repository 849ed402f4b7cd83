// GET /api/metrics: this instance's figures in Prometheus's text format (lib/metrics), for the
// provider's monitoring, to a request bearing HEALTH_TOKEN; never cached. Without HEALTH_TOKEN
// set there are none to give (404).
import { healthSources } from "@/app/_server/health";
import { checkHealth } from "@/lib/health";
import { metricsAnswer } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const { status, headers, body } = await metricsAnswer(req.headers.get("authorization"), process.env.HEALTH_TOKEN, () => checkHealth(healthSources));
  return new Response(body, { status, headers });
}
