// Download a consultation's structure as a question-set file (JSON), for officers of its council.
import { getDb } from "@/db/client";
import { isDomainError } from "@/lib/errors";
import { exportQuestionSet } from "@/lib/question-sets/export";
import { getActor } from "../../../_server/session";
import { isUuid } from "@/lib/sql";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to continue" }, { status: 401 });
  if (!isUuid(id)) return Response.json({ error: "Consultation was not found" }, { status: 404 });
  try {
    const set = await exportQuestionSet(await getDb(), id, actor);
    const name = set.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "consultation";
    return new Response(`${JSON.stringify(set, null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}.question-set.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
