// Word-level differences between two texts (revisions of a draft answer, before and after in
// the audit log), as plain parts that a page renders with <ins> and <del>.
import { diffWordsWithSpace } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/**
 * The word diff of `before` → `after`. Runs of the same kind are merged so a page shows one
 * <ins> per change, not one per word. A pathological pair that would take too long to diff
 * falls back to "all removed, all added", which is still exact.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  // With whitespace as tokens, so that each side can be rebuilt exactly from the parts.
  const changes = diffWordsWithSpace(before, after, { timeout: 500 });
  const parts: DiffPart[] = changes
    ? changes.map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }))
    : [
        { kind: "removed", text: before },
        { kind: "added", text: after },
      ];
  // A change block is a run of changes, with what little lies between them: shown as one removed
  // then one added part ("b" → "x y z"), not word by word. Spaces inside a block belong to
  // both sides, so each side still rebuilds exactly.
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  let pendingSpace = "";
  const flush = () => {
    if (removed) out.push({ kind: "removed", text: removed });
    if (added) out.push({ kind: "added", text: added });
    removed = added = "";
  };
  for (const p of parts) {
    if (!p.text) continue;
    if (p.kind === "same") {
      // Spaces, or one short word like "to" or "the", between two changes: part of the change,
      // so that a rewritten sentence reads as one replacement, not a patchwork of single words.
      if ((removed || added) && /^\s*[\p{L}\p{N}'’]{0,4}\s*$/u.test(p.text)) {
        pendingSpace += p.text;
        continue;
      }
      flush();
      const text = pendingSpace + p.text;
      pendingSpace = "";
      const last = out[out.length - 1];
      if (last?.kind === "same") last.text += text;
      else out.push({ kind: "same", text });
      continue;
    }
    if (pendingSpace) {
      removed += pendingSpace;
      added += pendingSpace;
      pendingSpace = "";
    }
    if (p.kind === "removed") removed += p.text;
    else added += p.text;
  }
  flush();
  if (pendingSpace) out.push({ kind: "same", text: pendingSpace });
  return out;
}

/** How much changed, for a one-line summary ("12 words added, 3 removed"). */
export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  const words = (s: string) => (s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).length;
  return parts.reduce(
    (t, p) => (p.kind === "added" ? { ...t, added: t.added + words(p.text) } : p.kind === "removed" ? { ...t, removed: t.removed + words(p.text) } : t),
    { added: 0, removed: 0 },
  );
}

/** Text version of a diff, for screen readers' and tests' sake: [+added+] and [-removed-]. */
export function diffToText(parts: DiffPart[]): string {
  return parts.map((p) => (p.kind === "added" ? `[+${p.text}+]` : p.kind === "removed" ? `[-${p.text}-]` : p.text)).join("");
}

/**
 * The diff with long unchanged stretches shortened to `context` words either side of each
 * change ("… "), for compact displays such as the audit log. Not for rebuilding the texts.
 */
export function elideUnchanged(parts: DiffPart[], context = 8): DiffPart[] {
  const words = (s: string) => s.match(/\S+\s*/g) ?? [];
  return parts.map((p, i) => {
    if (p.kind !== "same") return p;
    const w = words(p.text);
    const lead = p.text.match(/^\s*/)![0];
    const first = i === 0;
    const last = i === parts.length - 1;
    if (w.length <= (first || last ? context : context * 2) + 2) return p;
    const head = `${lead}${w.slice(0, context).join("")}`;
    const tail = w.slice(-context).join("");
    if (first) return { kind: "same", text: `… ${tail}` };
    if (last) return { kind: "same", text: `${head.trimEnd()} …` };
    return { kind: "same", text: `${head}… ${tail}` };
  });
}
