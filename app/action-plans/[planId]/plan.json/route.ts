// The plan as a file (docs: README "Action plan files"); officers, signatories and scrutiny of its council.
import { exportPlan } from "@/lib/action-plans/plan-format";
import { slugify } from "@/lib/consultations/commands";
import { downloadFor } from "../../../manage/[id]/exports/download";

export async function GET(_req: Request, { params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  return downloadFor(planId, `/action-plans/${planId}/edit`, async ({ actor, db }) => {
    const file = await exportPlan(db, planId, actor);
    return new Response(JSON.stringify(file, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${slugify(file.plan.title)}.json"`, "cache-control": "no-store" },
    });
  });
}
