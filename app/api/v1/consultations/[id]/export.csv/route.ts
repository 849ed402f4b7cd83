// All submitted responses as CSV, streamed batch by batch as the client reads.
import { getReportDb } from "@/db/client";
import { apiRoute } from "@/lib/api/handler";
import { pathId, readQuery } from "@/lib/api/http";
import { exportCsvQuerySchema } from "@/lib/api/schemas";
import { responsesCsvStream } from "@/lib/exports/responses-export";
import { resolveResponsesScope } from "@/lib/exports/scope";

export const GET = apiRoute<{ id: string }>(async ({ req, principal, params }) => {
  const { shape } = readQuery(req, exportCsvQuerySchema);
  // Read from the replica when there is one (DATABASE_REPLICA_URL): a large export spares the primary.
  const { db } = await getReportDb();
  const { consultation, filter } = await resolveResponsesScope(db, pathId(params.id, "Consultation"), principal.actor);
  return new Response(responsesCsvStream(db, filter, shape), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${consultation.slug}-responses-${shape}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
