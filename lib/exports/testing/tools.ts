// Whether a command-line tool the export tests read files with (pdftotext, pdfinfo) is installed.
import { execFileSync } from "node:child_process";

export function hasTool(name: string): boolean {
  try {
    execFileSync("which", [name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
