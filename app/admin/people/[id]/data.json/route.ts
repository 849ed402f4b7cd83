// Download everything held about a person as JSON (an access request's copy), for administrators. Audited by lib.
import { getDb } from "@/db/client";
import { isDomainError } from "@/lib/errors";
import { exportPersonData } from "@/lib/public/person-data";
import { getActor } from "../../../../_server/session";
import { isUuid } from "@/lib/sql";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to continue" }, { status: 401 });
  if (!isUuid(id)) return Response.json({ error: "Person was not found" }, { status: 404 });
  try {
    const data = await exportPersonData(await getDb(), id, actor);
    return new Response(`${JSON.stringify(data, null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="personal-data-${id}.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
