// RAG status and direction of travel: pure rules a performance officer would apply by hand.
// An indicator's RAG comes from its target, amber tolerance and polarity; a milestone's RAG
// counts only while it is in progress.
import type { ItemStatus, Polarity, Rag } from "../../db/schema/action-plans";

export type { Rag, ItemStatus, Polarity };

export const RAG_LABELS: Record<Rag, string> = { red: "Red", amber: "Amber", green: "Green" };

/** The plan's key, worded as the Rochford plan words it. */
export const RAG_MEANINGS: Record<Rag | "achieved", string> = {
  green: "On target to meet the completion date or performance level required",
  amber: "Slippage or holding factors are evident but recovery to meet target is planned",
  red: "Target unlikely to be met",
  achieved: "Target Achieved",
};

export const STATUS_LABELS: Record<ItemStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
};

/**
 * Green when the actual meets the target (at or above it when higher is better, at or below when
 * lower is better); Amber when it misses by no more than the tolerance; Red beyond that. No RAG
 * without both an actual and a target.
 */
export function ragFromTarget(input: { actual: number | null | undefined; target: number | null | undefined; tolerance: number; polarity: Polarity }): Rag | null {
  const { actual, target, polarity } = input;
  if (actual === null || actual === undefined || target === null || target === undefined) return null;
  if (!Number.isFinite(actual) || !Number.isFinite(target)) return null;
  const tolerance = Math.max(0, Number.isFinite(input.tolerance) ? input.tolerance : 0);
  // How far the actual falls short of the target, in the direction that matters.
  const shortfall = polarity === "higher" ? target - actual : actual - target;
  // Rounded so 33.0 - 32.9 does not read as 0.10000000000000142 and miss a 0.1 tolerance.
  const s = Math.round(shortfall * 1e9) / 1e9;
  if (s <= 0) return "green";
  if (s <= tolerance) return "amber";
  return "red";
}

export type Target = { label: string; value: number };

/**
 * The target a period is measured against: the one for the period itself ("Q3 2009/10"), else
 * for its plan year ("2009/10"), else the next year's (the trajectory towards it), else the last.
 */
export function targetForPeriod(targets: readonly Target[], period: { label: string; yearLabel: string }): Target | null {
  if (!targets.length) return null;
  const exact = targets.find((t) => t.label === period.label) ?? targets.find((t) => t.label === period.yearLabel);
  if (exact) return exact;
  const year = startYear(period.yearLabel || period.label);
  if (year !== null) {
    const later = targets
      .map((t) => ({ t, y: startYear(t.label) }))
      .filter((x): x is { t: Target; y: number } => x.y !== null && x.y >= year)
      .sort((a, b) => a.y - b.y)[0];
    if (later) return later.t;
  }
  return targets[targets.length - 1]!;
}

/** 2009 for "2009/10", "Q3 2009/10" or "2009"; null when there is no year. */
export function startYear(label: string): number | null {
  const m = /(\d{4})/.exec(label);
  return m ? Number(m[1]) : null;
}

/** The RAG that counts: an officer's override, else the worked-out one, else the one given. */
export function effectiveRag(item: { rag?: Rag | null; computedRag?: Rag | null; overrideRag?: Rag | null; status?: ItemStatus | null }): Rag | null {
  if (item.overrideRag) return item.overrideRag;
  if (item.computedRag) return item.computedRag;
  // A milestone has a RAG only while in progress.
  if (item.status && item.status !== "in_progress") return null;
  return item.rag ?? null;
}

export type Direction = "improving" | "worsening" | "same";

export const DIRECTION_LABELS: Record<Direction, string> = { improving: "Improving", worsening: "Worsening", same: "No change" };
export const DIRECTION_ARROWS: Record<Direction, string> = { improving: "↑", worsening: "↓", same: "→" };

/** An indicator's direction of travel: its actual against last period's, read with its polarity. */
export function directionOfValue(current: number | null | undefined, previous: number | null | undefined, polarity: Polarity): Direction | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const d = Math.round((current - previous) * 1e9) / 1e9;
  if (d === 0) return "same";
  return (d > 0) === (polarity === "higher") ? "improving" : "worsening";
}

/** Achieved ranks above Green; a milestone's status moves it too. */
function standing(x: { rag: Rag | null; status?: ItemStatus | null }): number | null {
  if (x.status === "complete") return 4;
  if (x.rag === "green") return 3;
  if (x.rag === "amber") return 2;
  if (x.rag === "red") return 1;
  return null;
}

/** A milestone's (or any RAG's) direction of travel: its standing against last period's. */
export function directionOfRag(current: { rag: Rag | null; status?: ItemStatus | null }, previous: { rag: Rag | null; status?: ItemStatus | null } | null): Direction | null {
  if (!previous) return null;
  const a = standing(current);
  const b = standing(previous);
  if (a === null || b === null) return null;
  return a === b ? "same" : a > b ? "improving" : "worsening";
}

/** The seed's letters (R, A, G) as RAG values. */
export function ragFromLetter(letter: string | null | undefined): Rag | null {
  switch ((letter ?? "").trim().toUpperCase()) {
    case "R":
      return "red";
    case "A":
      return "amber";
    case "G":
      return "green";
    default:
      return null;
  }
}
