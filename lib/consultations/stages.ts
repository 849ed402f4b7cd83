// The stage a consultation is at, as people read it: "Stage 2: Comment on the evidence base".
// One rule for every page, the API and the respondent's pages: a stage is under way from its
// start date to its due date (UK days; either may be unset); the first such stage counts.

export type StageLike = { name: string; position: number; startsOn: string | null; dueOn: string | null };

export type CurrentStage = {
  /** 1 for the first stage, in the officer's order. */
  number: number;
  name: string;
  /** "Stage 2: Comment on the evidence base" */
  label: string;
};

/** "Stage 2: Comment on the evidence base" (a name that already says "Stage 2" is not repeated). */
export function stageLabel(number: number, name: string): string {
  const trimmed = name.trim();
  if (new RegExp(`^stage\\s*${number}\\b`, "i").test(trimmed)) return trimmed;
  return `Stage ${number}: ${trimmed}`;
}

export function isStageUnderWay(s: Pick<StageLike, "startsOn" | "dueOn">, today: string): boolean {
  return (!s.startsOn || s.startsOn <= today) && (!s.dueOn || s.dueOn >= today);
}

/** The stage under way on `today` ("YYYY-MM-DD", UK), or null. Stages in any order. */
export function currentStage(stages: readonly StageLike[], today: string): CurrentStage | null {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const i = ordered.findIndex((s) => isStageUnderWay(s, today));
  if (i < 0) return null;
  return { number: i + 1, name: ordered[i]!.name, label: stageLabel(i + 1, ordered[i]!.name) };
}
