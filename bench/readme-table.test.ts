// The README's performance table is the one the committed results files give.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { END, performanceTable, readResults, START, withTable } from "./readme-table";

describe("README performance table", () => {
  it("matches bench/results/ (run `npm run bench:readme` after a bench run)", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    expect(withTable(readme, performanceTable(readResults()))).toBe(readme);
  });

  it("lists each target with its value and says which are missed, escaping table bars", () => {
    const md = performanceTable({
      latest: null,
      growth: {
        date: "2026-12-04T12:00:00Z",
        complete: false,
        machine: { cpus: 2, cpuModel: "AMD EPYC", memoryGiB: 24, loadAverageAtEnd: [12.5, 10, 9] },
        databases: ["a", "b"],
        steps: [{ responses: 10_000 }, { responses: 100_000 }],
        targets: [
          { target: "search a|b ≤ 1.3×", value: "3.1×", met: false },
          { target: "counts ≤ 1.3×", value: "0.9×", met: true },
        ],
      },
    });
    expect(md).toContain("no `bench/results/latest.json`");
    expect(md).toContain("10,000, 100,000 responses (one database per size, run not complete); 2 cores (AMD EPYC), 24 GiB, load average 12.5, 10.0, 9.0");
    expect(md).toContain("| growth | search a\\|b ≤ 1.3× | 3.1× | **missed** |");
    expect(md).toContain("| growth | counts ≤ 1.3× | 0.9× | met |");
    expect(() => withTable("no markers", md)).toThrow();
    expect(withTable(`x\n${START}\nold\n${END}\ny`, "new")).toBe(`x\n${START}\nnew\n${END}\ny`);
  });
});
