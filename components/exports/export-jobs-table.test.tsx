import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ExportJobView } from "@/lib/exports/jobs";
import { ExportJobsTable } from "./export-jobs-table";

const base: ExportJobView = {
  id: "0b6f3c1e-1d2a-4c55-9a7e-3f2d7c1b9e01",
  format: "xlsx",
  status: "done",
  requestedAt: new Date("2026-12-01T10:00:00Z"),
  requestedByName: "Jane Fisher",
  finishedAt: new Date("2026-12-01T10:01:00Z"),
  result: { storage: "database", filename: "lsp-responses.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes: 2_400_000, responses: 3000 },
  expiredAt: null,
  error: null,
};

describe("the background exports table", () => {
  it("offers a kept file for download, with its size", () => {
    const html = renderToStaticMarkup(<ExportJobsTable consultationId="c1" jobs={[base]} />);
    expect(html).toContain(">Ready<");
    expect(html).toContain(`href="/manage/c1/exports/jobs/${base.id}"`);
    expect(html).toContain("(2.3 MB, 3000 responses)");
  });

  it("says when a file was deleted, and links to nothing", () => {
    const html = renderToStaticMarkup(<ExportJobsTable consultationId="c1" jobs={[{ ...base, result: null, expiredAt: new Date("2026-12-08T03:00:00Z") }]} />);
    expect(html).toContain(">Deleted<");
    expect(html).toContain("File deleted on 8 December 2026");
    expect(html).not.toContain("<a ");
    expect(html).not.toContain(">Ready<");
  });
});
