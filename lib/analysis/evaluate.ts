// Scores a suggestion run against known themes (the planted benchmark): the adjusted Rand index
// of the two partitions, and per-theme precision, recall and F1 after matching each true theme
// to at most one suggested group (greedily, best F1 first).

/** Adjusted Rand index of two labelings of the same items (Hubert and Arabie). */
export function adjustedRandIndex(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new Error("labelings differ in length");
  const n = truth.length;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${truth[i]}\u0000${predicted[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(truth[i], (rows.get(truth[i]) ?? 0) + 1);
    cols.set(predicted[i], (cols.get(predicted[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let a = 0;
  for (const v of rows.values()) a += c2(v);
  let b = 0;
  for (const v of cols.values()) b += c2(v);
  const expected = (a * b) / c2(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

export type ThemeScore = { theme: string; matched: string | null; size: number; precision: number; recall: number; f1: number };

/**
 * Match true themes to predicted groups one-to-one, best F1 first, and score each true theme.
 * Labels listed in `ignoreTruth` (e.g. off-topic) are not scored as themes; `ignorePredicted`
 * (e.g. unassigned) are never matched.
 */
export function matchThemes(truth: readonly string[], predicted: readonly string[], opts: { ignoreTruth?: string[]; ignorePredicted?: string[] } = {}): { themes: ThemeScore[]; meanF1: number } {
  const ignoreT = new Set(opts.ignoreTruth ?? []);
  const ignoreP = new Set(opts.ignorePredicted ?? []);
  const sizeT = new Map<string, number>();
  const sizeP = new Map<string, number>();
  const overlap = new Map<string, Map<string, number>>();
  for (let i = 0; i < truth.length; i++) {
    sizeT.set(truth[i], (sizeT.get(truth[i]) ?? 0) + 1);
    sizeP.set(predicted[i], (sizeP.get(predicted[i]) ?? 0) + 1);
    let m = overlap.get(truth[i]);
    if (!m) overlap.set(truth[i], (m = new Map()));
    m.set(predicted[i], (m.get(predicted[i]) ?? 0) + 1);
  }
  const pairs: { t: string; p: string; precision: number; recall: number; f1: number }[] = [];
  for (const [t, m] of overlap) {
    if (ignoreT.has(t)) continue;
    for (const [p, both] of m) {
      if (ignoreP.has(p)) continue;
      const precision = both / sizeP.get(p)!;
      const recall = both / sizeT.get(t)!;
      pairs.push({ t, p, precision, recall, f1: (2 * precision * recall) / (precision + recall) });
    }
  }
  pairs.sort((a, b) => b.f1 - a.f1 || (a.t < b.t ? -1 : 1) || (a.p < b.p ? -1 : 1));
  const usedT = new Set<string>();
  const usedP = new Set<string>();
  const scores = new Map<string, ThemeScore>();
  for (const pr of pairs) {
    if (usedT.has(pr.t) || usedP.has(pr.p)) continue;
    usedT.add(pr.t);
    usedP.add(pr.p);
    scores.set(pr.t, { theme: pr.t, matched: pr.p, size: sizeT.get(pr.t)!, precision: pr.precision, recall: pr.recall, f1: pr.f1 });
  }
  const themes = [...sizeT.keys()]
    .filter((t) => !ignoreT.has(t))
    .sort()
    .map((t) => scores.get(t) ?? { theme: t, matched: null, size: sizeT.get(t)!, precision: 0, recall: 0, f1: 0 });
  const meanF1 = themes.length ? themes.reduce((s, t) => s + t.f1, 0) / themes.length : 0;
  return { themes, meanF1 };
}
