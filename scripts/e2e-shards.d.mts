export function durationsFromJUnit(xmls: string[]): Record<string, number>;
export function split(files: string[], durations: Record<string, number>, n: number): string[][];
export function specFiles(dir?: string): string[];
