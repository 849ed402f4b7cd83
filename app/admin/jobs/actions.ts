"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { retryJob, retryJobSchema } from "@/lib/admin/jobs";
import { nudgeJobWorker } from "@/lib/jobs/worker";
import { formAction } from "../../_server/action";

export const retryJobAction = formAction(retryJobSchema, async (input, { db, actor }) => {
  await retryJob(db, input, actor);
  nudgeJobWorker();
  revalidatePath("/admin/jobs");
  // The row leaves the failed list, so the confirmation goes on the page itself.
  redirect("/admin/jobs?list=failed&retried=1");
});
