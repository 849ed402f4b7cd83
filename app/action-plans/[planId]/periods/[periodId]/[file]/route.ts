// Downloads of the action-plan report: report.html (print), report.pdf, report.docx, report.csv,
// report.xlsx (the period, every period, the committee), all-periods.csv (every item of every period).
import { getReportCommittee } from "@/lib/action-plans/committee";
import { renderReportFile, REPORT_FILES, type ReportFile } from "@/lib/action-plans/export";
import { getPlanHistory } from "@/lib/action-plans/history";
import { getPlanReport } from "@/lib/action-plans/report";
import { reportFilterSchema } from "@/lib/action-plans/schemas";
import { fileResponse } from "@/lib/exports/documents";
import { plain } from "@/app/_server/plain";
import { downloadFor } from "../../../../../manage/[id]/exports/download";

export async function GET(req: Request, { params }: { params: Promise<{ planId: string; periodId: string; file: string }> }) {
  const { planId, periodId, file } = await params;
  if (!(REPORT_FILES as readonly string[]).includes(file)) return plain(404, "There is no such export.");
  const url = new URL(req.url);
  const filters = reportFilterSchema.parse(Object.fromEntries(url.searchParams));
  return downloadFor(periodId, `/action-plans/${planId}/periods/${periodId}`, async ({ actor, db }) => {
    const report = await getPlanReport(db, { periodId, ...filters }, actor);
    if (report.plan.id !== planId) return plain(404, "There is no such report.");
    const history = file === "all-periods.csv" || file === "report.xlsx" ? await getPlanHistory(db, { periodId }, actor) : undefined;
    const committee = file === "all-periods.csv" ? null : await getReportCommittee(db, { periodId, report }, actor);
    return fileResponse(await renderReportFile(report, file as ReportFile, { nonce: req.headers.get("x-nonce") ?? undefined, committee, history }));
  });
}
