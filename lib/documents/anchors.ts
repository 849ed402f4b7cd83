// Paragraph anchors that carry forward from one version of a document to the next: the same
// paragraph, renumbered or edited, keeps its anchor, so comments and links to it still find
// it. Pure.
import { randomBytes } from "node:crypto";
import { wordDiff, type DiffPart } from "../drafts/diff";

export type AnchoredParagraph = { anchor: string; number: string; text: string };

export function newAnchor(prefix = "p"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

const normal = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

function words(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of normal(s).split(" ")) if (w) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}

/** How alike two texts are: the Dice coefficient of their words (0 to 1). */
export function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  let total = 0;
  let shared = 0;
  for (const n of wa.values()) total += n;
  for (const n of wb.values()) total += n;
  if (!total) return 1;
  for (const [w, n] of wa) shared += Math.min(n, wb.get(w) ?? 0);
  return (2 * shared) / total;
}

/** A changed paragraph keeps its anchor when at least this alike (or less, at the same number). */
const SAME_PARAGRAPH = 0.5;
const SAME_NUMBER = 0.3;

/**
 * The anchors of `next`'s paragraphs: each takes the anchor of the previous version's paragraph
 * it continues (the same text; else the most alike, scored higher at the same number), and a
 * paragraph that continues none gets a new anchor. Each old anchor is used at most once.
 */
export function carryAnchors(previous: AnchoredParagraph[], next: { number: string; text: string }[], make: () => string = newAnchor): string[] {
  const result: (string | null)[] = next.map(() => null);
  const used = new Set<number>();
  // 1. The same text (numbers aside), in order.
  const byText = new Map<string, number[]>();
  previous.forEach((p, i) => {
    const k = normal(p.text);
    byText.set(k, [...(byText.get(k) ?? []), i]);
  });
  next.forEach((p, j) => {
    const list = byText.get(normal(p.text));
    const i = list?.find((x) => !used.has(x));
    if (i !== undefined) {
      used.add(i);
      result[j] = previous[i]!.anchor;
    }
  });
  // 2. The most alike of what is left, best pairs first.
  const pairs: { i: number; j: number; score: number }[] = [];
  next.forEach((p, j) => {
    if (result[j]) return;
    previous.forEach((q, i) => {
      if (used.has(i)) return;
      const s = similarity(q.text, p.text);
      const sameNumber = q.number === p.number;
      if (s >= SAME_PARAGRAPH || (sameNumber && s >= SAME_NUMBER)) pairs.push({ i, j, score: s + (sameNumber ? 0.2 : 0) });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.j - b.j);
  for (const { i, j } of pairs) {
    if (result[j] || used.has(i)) continue;
    used.add(i);
    result[j] = previous[i]!.anchor;
  }
  const taken = new Set(result.filter((a): a is string => !!a));
  return result.map((a) => {
    if (a) return a;
    let fresh = make();
    while (taken.has(fresh)) fresh = make();
    taken.add(fresh);
    return fresh;
  });
}

export type ParagraphChange = {
  anchor: string;
  kind: "unchanged" | "changed" | "added" | "removed";
  numberBefore: string | null;
  numberAfter: string | null;
  parts: DiffPart[];
};

/**
 * The per-paragraph difference between two versions, in the later version's order, with each
 * removed paragraph placed after the paragraph it followed.
 */
export function diffVersions(before: AnchoredParagraph[], after: AnchoredParagraph[]): ParagraphChange[] {
  const old = new Map(before.map((p) => [p.anchor, p]));
  const kept = new Set(after.map((p) => p.anchor));
  const out: ParagraphChange[] = [];
  const removedAfter = new Map<string | null, AnchoredParagraph[]>();
  let prevAnchor: string | null = null;
  for (const p of before) {
    if (!kept.has(p.anchor)) removedAfter.set(prevAnchor, [...(removedAfter.get(prevAnchor) ?? []), p]);
    else prevAnchor = p.anchor;
  }
  const pushRemoved = (key: string | null) => {
    for (const p of removedAfter.get(key) ?? []) {
      out.push({ anchor: p.anchor, kind: "removed", numberBefore: p.number, numberAfter: null, parts: [{ kind: "removed", text: p.text }] });
    }
  };
  pushRemoved(null);
  for (const p of after) {
    const was = old.get(p.anchor);
    if (!was) out.push({ anchor: p.anchor, kind: "added", numberBefore: null, numberAfter: p.number, parts: [{ kind: "added", text: p.text }] });
    else {
      const same = was.text === p.text;
      out.push({
        anchor: p.anchor,
        kind: same && was.number === p.number ? "unchanged" : "changed",
        numberBefore: was.number,
        numberAfter: p.number,
        parts: same ? [{ kind: "same", text: p.text }] : wordDiff(was.text, p.text),
      });
    }
    if (was) pushRemoved(p.anchor);
  }
  return out;
}
