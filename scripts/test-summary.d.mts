export type Counts = { passed: number; failed: number; skipped: number };
export function summarise(files: [string, string][]): Counts;
export function summaryLine(counts: Counts): string;
