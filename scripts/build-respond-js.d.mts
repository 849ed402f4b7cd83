export const RESPOND_SCRIPTS: Record<string, string>;
export const RESPOND_JS_BUDGET_BYTES: number;
/** Builds each script into outDir (default public/assets); returns the files written. */
export function buildRespondScripts(options?: { outDir?: string }): string[];
