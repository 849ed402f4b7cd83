"use server";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { EXPORT_FORMATS, requestResponsesExport, runExportJobNow } from "@/lib/exports/jobs";
import { workerStopping } from "@/lib/jobs/worker";
import { formAction } from "../../../_server/action";

const requestExportSchema = z.object({
  consultationId: z.uuid(),
  format: z.enum(EXPORT_FORMATS, { error: "Select a format" }),
});

export const requestExportAction = formAction(requestExportSchema, async (input, { db, actor }) => {
  const jobId = await requestResponsesExport(db, input, actor);
  // Start it now in this process; the job queue's worker takes it if this process stops.
  after(async () => {
    try {
      // Stopped with the server, the export is given back to the queue for another instance.
      await runExportJobNow(await getDb(), jobId, { signal: workerStopping() });
    } catch (e) {
      console.error("export job failed to start", e);
    }
  });
  revalidatePath(`/manage/${input.consultationId}/exports`);
  return { ok: true, message: "The export is being prepared. Refresh this page to see when it is ready to download.", values: {} };
});
