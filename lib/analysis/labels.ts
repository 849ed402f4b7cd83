// Names for groups of answers: the terms and two-word phrases that are frequent in a group and
// rare in the others (class-based TF-IDF, as BERTopic labels its topics), shown in the words
// people actually wrote rather than as stems.
import type { Tokens } from "./tokenise";

export type GroupLabel = { label: string; terms: string[]; phrases: string[] };

/** The most common surface form of each stem or phrase across all answers. */
export class SurfaceForms {
  private counts = new Map<string, Map<string, number>>();
  add(tokens: Tokens, weight = 1) {
    for (const [key, word] of tokens.surfaces) {
      let m = this.counts.get(key);
      if (!m) this.counts.set(key, (m = new Map()));
      m.set(word, (m.get(word) ?? 0) + weight);
    }
  }
  display(key: string): string {
    const m = this.counts.get(key);
    if (!m) return key;
    let best = key;
    let bestCount = -1;
    for (const [w, c] of m) if (c > bestCount || (c === bestCount && w < best)) [best, bestCount] = [w, c];
    return best;
  }
}

/**
 * Label each group from its members' tokens. `groups[g]` lists [tokens, weight] pairs (weight:
 * how many answers a text stands for). Deterministic: ties break alphabetically.
 */
export function labelGroups(groups: readonly (readonly [Tokens, number])[][], surfaces: SurfaceForms, opts: { terms?: number; phrases?: number } = {}): GroupLabel[] {
  const perGroup = groups.map((members) => {
    const tf = new Map<string, number>();
    const docs = new Map<string, number>();
    let total = 0;
    for (const [tokens, weight] of members) {
      for (const t of tokens.terms) tf.set(t, (tf.get(t) ?? 0) + weight);
      for (const t of tokens.phrases) tf.set(t, (tf.get(t) ?? 0) + weight);
      for (const t of new Set([...tokens.terms, ...tokens.phrases])) docs.set(t, (docs.get(t) ?? 0) + weight);
      total += tokens.terms.length * weight;
    }
    const size = members.reduce((s, [, w]) => s + w, 0);
    return { tf, docs, total: Math.max(1, total), size: Math.max(1, size) };
  });
  const overall = new Map<string, number>();
  for (const g of perGroup) for (const [t, c] of g.tf) overall.set(t, (overall.get(t) ?? 0) + c);
  const average = perGroup.reduce((s, g) => s + g.total, 0) / Math.max(1, perGroup.length);

  return perGroup.map((g) => {
    const scored = [...g.tf.entries()]
      // A label word must be used by a fair share of the group, not one long answer.
      .filter(([t]) => (g.docs.get(t) ?? 0) >= Math.min(2, g.size) && (g.docs.get(t) ?? 0) >= 0.05 * g.size)
      .map(([t, c]) => ({ t, phrase: t.includes(" "), score: (c / g.total) * Math.log(1 + average / overall.get(t)!) }))
      .sort((a, b) => b.score - a.score || (a.t < b.t ? -1 : 1));
    const terms = scored.filter((s) => !s.phrase).slice(0, opts.terms ?? 5);
    const phrases = scored.filter((s) => s.phrase).slice(0, opts.phrases ?? 3);
    const topScore = terms[0]?.score ?? 0;
    const parts: string[] = [];
    const covered = new Set<string>();
    for (const p of phrases) {
      if (parts.length >= 2 || p.score < 0.4 * topScore) break;
      const [a, b] = p.t.split(" ");
      if (covered.has(a) && covered.has(b)) continue;
      parts.push(surfaces.display(p.t));
      covered.add(a).add(b);
    }
    for (const t of terms) {
      if (parts.length >= 3) break;
      if (!covered.has(t.t)) {
        parts.push(surfaces.display(t.t));
        covered.add(t.t);
      }
    }
    const text = parts.join(", ");
    return {
      label: text ? text[0].toUpperCase() + text.slice(1) : "Unlabelled",
      terms: terms.map((t) => surfaces.display(t.t)),
      phrases: phrases.map((p) => surfaces.display(p.t)),
    };
  });
}
