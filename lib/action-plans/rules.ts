// What a return item may say, as pure rules shared by the form, the save and the submission:
// a milestone's status with a RAG only while in progress and a corrective action when Red; an
// indicator's actual, whose RAG is worked out from its target, tolerance and polarity.
import type { IndicatorUnit, ItemStatus, Polarity, Rag } from "../../db/schema/action-plans";
import { answerHash } from "../responses/hash";
import { ragFromTarget, targetForPeriod, type Target } from "./rag";

export const COMMENTARY_MAX = 5000;

export type ItemValue = {
  status: ItemStatus | null;
  rag: Rag | null;
  commentary: string;
  correctiveAction: string;
  actual: number | null;
};

export const EMPTY_VALUE: ItemValue = { status: null, rag: null, commentary: "", correctiveAction: "", actual: null };

/** The fingerprint of what an item says, carried by the form beside its version. */
export function itemHash(v: ItemValue): string {
  return answerHash({ s: v.status, r: v.rag, c: v.commentary, k: v.correctiveAction, a: v.actual });
}

export const isEmptyValue = (v: ItemValue) => itemHash(v) === itemHash(EMPTY_VALUE);

export type Subject =
  | { kind: "milestone"; id: string; number: string; text: string }
  | { kind: "indicator"; id: string; code: string; title: string; unit: IndicatorUnit; polarity: Polarity; targets: Target[]; amberTolerance: number };

export type Posted = { status?: string; rag?: string; commentary?: string; correctiveAction?: string; actual?: string };

const STATUSES = new Set<string>(["not_started", "in_progress", "complete"]);
const RAGS = new Set<string>(["red", "amber", "green"]);

/** "26.5", "26.5%", "1,200", "£3,000", "yes"/"no" (for a yes/no indicator) → a number; "" → null. */
export function parseActual(raw: string, unit: IndicatorUnit): number | null | "invalid" {
  const t = raw.trim();
  if (!t) return null;
  if (unit === "yes_no") {
    if (/^(yes|y|1|true)$/i.test(t)) return 1;
    if (/^(no|n|0|false)$/i.test(t)) return 0;
    return "invalid";
  }
  const cleaned = t.replace(/[,£%\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return "invalid";
  const n = Number(cleaned);
  return Number.isFinite(n) && Math.abs(n) < 1e12 ? n : "invalid";
}

/** Made once: Number#toLocaleString builds a formatter on every call (a report formats hundreds of figures). */
const GB_NUMBER = new Intl.NumberFormat("en-GB");

/** A figure as people write it in the indicator's unit. */
export function formatActual(value: number | null | undefined, unit: IndicatorUnit): string {
  if (value === null || value === undefined) return "";
  if (unit === "yes_no") return value ? "Yes" : "No";
  const n = Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  if (unit === "percentage") return `${n}%`;
  if (unit === "currency") return `£${GB_NUMBER.format(Number(n))}`;
  return n;
}

/**
 * The value a posted item says, or the messages for its fields. `requireComplete` (submitting)
 * also asks for a status (milestone) or an actual (indicator).
 */
export function readItem(
  subject: Subject,
  posted: Posted,
  opts: { requireComplete?: boolean } = {},
): { value: ItemValue; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const commentary = (posted.commentary ?? "").trim();
  const correctiveAction = (posted.correctiveAction ?? "").trim();
  if (commentary.length > COMMENTARY_MAX) errors.commentary = `Commentary must be ${COMMENTARY_MAX} characters or fewer`;
  if (correctiveAction.length > COMMENTARY_MAX) errors.correctiveAction = `Corrective action must be ${COMMENTARY_MAX} characters or fewer`;
  if (subject.kind === "milestone") {
    const rawStatus = (posted.status ?? "").trim();
    const status = STATUSES.has(rawStatus) ? (rawStatus as ItemStatus) : null;
    if (rawStatus && !status) errors.status = `Choose the status of ${subject.number}`;
    const rawRag = (posted.rag ?? "").trim();
    // A RAG belongs to a milestone in progress only; for one not started or complete it is dropped.
    const rag = status === "in_progress" && RAGS.has(rawRag) ? (rawRag as Rag) : null;
    if (rawRag && !RAGS.has(rawRag)) errors.rag = `Choose Red, Amber or Green for ${subject.number}`;
    if (opts.requireComplete && !status) errors.status = `Choose the status of ${subject.number}`;
    if (opts.requireComplete && status === "in_progress" && !rag) errors.rag = `Choose Red, Amber or Green for ${subject.number}, which is in progress`;
    if (rag === "red" && !correctiveAction) errors.correctiveAction = `Say what corrective action is being taken on ${subject.number}, which is Red`;
    return { value: { status, rag, commentary, correctiveAction: rag === "red" ? correctiveAction : correctiveAction, actual: null }, errors };
  }
  const parsed = parseActual(posted.actual ?? "", subject.unit);
  if (parsed === "invalid") errors.actual = subject.unit === "yes_no" ? `Enter yes or no for ${subject.code}` : `Enter the actual for ${subject.code} as a number, like 26.5`;
  const actual = parsed === "invalid" ? null : parsed;
  if (opts.requireComplete && actual === null && parsed !== "invalid" && !commentary) {
    errors.actual = `Enter the actual for ${subject.code}, or say in the commentary why there is none this period`;
  }
  return { value: { status: null, rag: null, commentary, correctiveAction, actual }, errors };
}

/** An indicator's RAG for a period, worked out from its actual. */
export function computeIndicatorRag(subject: Extract<Subject, { kind: "indicator" }>, actual: number | null, period: { label: string; yearLabel: string }): Rag | null {
  const target = targetForPeriod(subject.targets, period);
  return ragFromTarget({ actual, target: target?.value ?? null, tolerance: subject.amberTolerance, polarity: subject.polarity });
}

/** The text of an item's value, for the audit log, the receipt and exports. */
export function valueText(subject: Subject, v: ItemValue): string {
  if (subject.kind === "milestone") {
    const parts = [v.status ? v.status.replace("_", " ") : "no status", v.rag ? `RAG ${v.rag}` : ""];
    return [parts.filter(Boolean).join(", "), v.commentary, v.correctiveAction ? `Corrective action: ${v.correctiveAction}` : ""].filter(Boolean).join(" — ");
  }
  return [v.actual === null ? "no actual" : formatActual(v.actual, subject.unit), v.commentary].filter(Boolean).join(" — ");
}

/** The start of a return's reference: the initials of the plan's address ("rochford-lsp-action-plan-2009-10" → "RLAP"). */
export function planReferenceCode(slug: string): string {
  const initials = slug
    .split(/[^a-z]+/i)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join("")
    .slice(0, 10);
  return initials.length >= 2 ? initials : "PLAN";
}

/**
 * An indicator's override as its form shows it, and as a concurrent save is compared
 * (lib/input/edit-merge): the RAG ("clear" for none) and the reason, checked together.
 */
export function overrideFormValues(overrideRag: Rag | null, reason: string): { rag: Rag | "clear"; reason: string } {
  return { rag: overrideRag ?? "clear", reason: overrideRag ? reason : "" };
}

/** The override's two fields merge as one: a colleague's RAG is never saved with this officer's reason. */
export const OVERRIDE_GROUPS = [["rag", "reason"]] as const;
