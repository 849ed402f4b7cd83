// How a return's items read on the page and in the receipt: plain strings, no React.
import { formatDate } from "../format";
import { EMPTY_ITEM_BASE, type ReturnForm, type StoredItem, type OwnedSubject } from "./queries";
import { effectiveRag, RAG_LABELS, STATUS_LABELS, targetForPeriod } from "./rag";
import { formatActual } from "./rules";

export const ragLabel = (r: string | null | undefined) => (r ? (RAG_LABELS[r as keyof typeof RAG_LABELS] ?? r) : "");
export const statusLabel = (s: string | null | undefined) => (s ? (STATUS_LABELS[s as keyof typeof STATUS_LABELS] ?? s) : "");

export function subjectLabel(s: OwnedSubject): string {
  return s.kind === "milestone" ? s.number : s.code;
}

export function subjectText(s: OwnedSubject): string {
  return s.kind === "milestone" ? s.text : s.title;
}

function figure(s: OwnedSubject, v: number | null | undefined): string {
  return s.kind === "indicator" ? formatActual(v ?? null, s.unit) : "";
}

export function details(s: OwnedSubject, period: { label: string; yearLabel: string }): { key: string; value: string }[] {
  if (s.kind === "milestone") {
    return [
      ...(s.itemKind === "project" ? [{ key: "Type", value: "Funded project" }] : []),
      ...(s.outcome ? [{ key: "Outcome", value: s.outcome }] : []),
      ...(s.dueOn ? [{ key: "Due", value: formatDate(s.dueOn) }] : []),
    ];
  }
  const target = targetForPeriod(s.targets, period);
  return [
    { key: "Baseline", value: s.baseline === null || s.baseline === undefined ? "None given" : `${figure(s, s.baseline)}${s.baselineDate ? ` (${s.baselineDate})` : ""}` },
    { key: "Target", value: target ? `${figure(s, target.value)}${target.label ? ` (${target.label})` : ""}` : "None set" },
    { key: "Amber within", value: `${figure(s, s.amberTolerance)} of target · ${s.polarity === "higher" ? "higher" : "lower"} is better` },
  ];
}

export function entryText(s: OwnedSubject, v: StoredItem | null): string {
  if (!v) return "Nothing entered";
  const parts = s.kind === "milestone" ? [statusLabel(v.status), ragLabel(v.status === "in_progress" ? v.rag : null)] : [figure(s, v.actual), ragLabel(effectiveRag(v))];
  return parts.filter(Boolean).join(" · ") || "Nothing entered";
}

/** The props of one item's fields (components/action-plans/return-item-fields.tsx). */
export function itemView(form: ReturnForm, entry: ReturnForm["priorities"][number]["subjects"][number]) {
  const s = entry.subject;
  const cur = entry.current;
  const prev = entry.previous;
  return {
    id: s.id,
    kind: s.kind,
    label: subjectLabel(s),
    text: subjectText(s),
    details: details(s, form.period),
    unitSuffix: s.kind === "indicator" && s.unit === "percentage" ? "%" : "",
    base: cur?.base ?? EMPTY_ITEM_BASE,
    current: {
      status: cur?.status ?? "",
      rag: cur?.rag ?? "",
      commentary: cur?.commentary ?? "",
      correctiveAction: cur?.correctiveAction ?? "",
      actual: cur?.actual === null || cur?.actual === undefined ? "" : String(cur.actual),
      ragText: s.kind === "indicator" && cur ? ragLabel(effectiveRag(cur)) : "",
      carried: cur?.carriedForward ?? false,
      by: cur?.updatedByName ?? null,
    },
    previous: form.previousPeriod
      ? prev
        ? {
            periodLabel: form.previousPeriod.label,
            status: s.kind === "milestone" ? statusLabel(prev.status) : "",
            rag: ragLabel(s.kind === "milestone" ? (prev.status === "in_progress" ? prev.rag : null) : effectiveRag(prev)),
            actual: figure(s, prev.actual),
            commentary: prev.commentary,
          }
        : null
      : null,
  };
}
