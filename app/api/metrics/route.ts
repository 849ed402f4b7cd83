// GET /api/metrics: this instance's figures in Prometheus's text format (lib/metrics), for the
// provider's monitoring, to a request bearing HEALTH_TOKEN; never cached. Without HEALTH_TOKEN
// set there are none to give (404).
import { healthSources } from "@/app/_server/health";
import { bearsToken, checkHealth } from "@/lib/health";
import { recordHealth, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(req: Request) {
  const token = process.env.HEALTH_TOKEN;
  if (!token) {
    return Response.json({ error: { code: "not_found", message: "Metrics are off. Set HEALTH_TOKEN to give them to a request that bears it." } }, { status: 404, headers: NO_STORE });
  }
  if (!bearsToken(req.headers.get("authorization"), token)) {
    return Response.json(
      { error: { code: "unauthorized", message: "Send the HEALTH_TOKEN as Authorization: Bearer <token>." } },
      { status: 401, headers: { ...NO_STORE, "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  }
  recordHealth(await checkHealth(healthSources));
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { ...NO_STORE, "Content-Type": contentType } });
}
