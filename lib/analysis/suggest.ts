// Theme suggestions for one question's free-text answers, computed offline and deterministically:
//   1. exact and near-duplicate texts (campaign responses) are set aside as one group with a count;
//   2. the other answers become TF-IDF vectors, reduced by truncated SVD;
//   3. spherical k-means clusters them, k chosen by silhouette, seeded k-means++;
//   4. answers that fit no cluster are outliers, grouped among themselves into small groups
//      (or left unassigned) rather than swept into one "Other";
//   5. each group is labelled by its distinctive terms and phrases, with three representative answers.
// Pure: no database, no React; the job runs it in a worker thread (see worker.ts).
import { chooseK, kMeans, mergeSimilarClusters, type Points } from "./cluster";
import { findDuplicateGroups } from "./duplicates";
import { labelGroups, SurfaceForms } from "./labels";
import { buildTfIdf, reduceDimensions, sparseDot } from "./vectors";
import { tokenise, type Tokens } from "./tokenise";

export type AnswerText = { id: string; text: string };

export type SuggestOptions = {
  seed?: number;
  /** Fewest and most clusters to consider (k is chosen by silhouette between them). */
  minK?: number;
  maxK?: number;
  /** k-means runs with this many times the silhouette's k, then similar clusters are merged. */
  overCluster?: number;
  /** Seeded k-means starts; the best is kept. */
  restarts?: number;
  /** Cosine between cluster centres at or above which two clusters are merged. */
  mergeSimilarity?: number;
  /** Dimensions kept by the SVD. */
  dims?: number;
  /** Copies (exact or near) of a text that make it a campaign group (set aside with a count). */
  campaignMin?: number;
  /** Words a text needs to count as a campaign text: short answers ("I agree") repeat by chance. */
  campaignWords?: number;
  /** Below this cosine to its cluster's centre, an answer is an outlier. */
  outlierSimilarity?: number;
  /**
   * An answer whose share of weight in the kept dimensions is below this fraction of the median
   * answer's is off the main topics (off-topic answers use words the main themes do not).
   */
  minCapturedRatio?: number;
  /** Clusters smaller than this (in answers) are treated as outliers and regrouped. */
  minClusterSize?: number;
  /** Cosine (TF-IDF) at which two outliers form a small group. */
  outlierGroupSimilarity?: number;
  onProgress?: (stage: SuggestStage, fraction: number) => void;
};

export type SuggestStage = "duplicates" | "vectors" | "clustering" | "labels" | "done";

export type SuggestionKind = "theme" | "duplicates" | "small";

export type ThemeSuggestion = {
  /** Stable within a run: t1, t2 … for themes, d1 … for duplicate groups, s1 … for small groups. */
  key: string;
  kind: SuggestionKind;
  label: string;
  terms: string[];
  phrases: string[];
  /** Every answer in the group (duplicates included), in id order. */
  answerIds: string[];
  representatives: AnswerText[];
  /** Mean cosine of the group's answers to its centre (1 for duplicates). */
  cohesion: number;
};

export type SuggestResult = {
  suggestions: ThemeSuggestion[];
  /** Answers that fit no group: too short to analyse, or unlike every other answer. */
  unassigned: string[];
  stats: {
    answers: number;
    distinctTexts: number;
    vocabulary: number;
    k: number;
    silhouette: number;
    silhouettes: { k: number; silhouette: number }[];
    outliers: number;
    millis: Record<string, number>;
  };
};

export const DEFAULT_SUGGEST_OPTIONS = {
  seed: 17,
  minK: 2,
  maxK: 30,
  dims: 48,
  overCluster: 1.5,
  restarts: 4,
  mergeSimilarity: 0.5,
  campaignMin: 3,
  campaignWords: 20,
  outlierSimilarity: 0.3,
  minCapturedRatio: 0.65,
  minClusterSize: 3,
  outlierGroupSimilarity: 0.45,
} satisfies Omit<SuggestOptions, "onProgress">;

type Unit = { first: number; members: number[]; tokens: Tokens };

export function suggestThemes(input: readonly AnswerText[], options: SuggestOptions = {}): SuggestResult {
  const o = { ...DEFAULT_SUGGEST_OPTIONS, ...options };
  const progress = options.onProgress ?? (() => {});
  const millis: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    millis[name] = Math.round(t - t0);
    t0 = t;
  };
  // The same answers in any order give the same result.
  const answers = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.text < b.text ? -1 : 1));
  const n = answers.length;

  // 1. Duplicates.
  progress("duplicates", 0);
  const root = findDuplicateGroups(answers.map((a) => a.text), { seed: o.seed });
  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = membersOf.get(root[i]);
    if (list) list.push(i);
    else membersOf.set(root[i], [i]);
  }
  const campaigns: Unit[] = [];
  const units: Unit[] = [];
  const unassigned: number[] = [];
  const surfaces = new SurfaceForms();
  for (const [first, members] of [...membersOf.entries()].sort((a, b) => a[0] - b[0])) {
    const tokens = tokenise(answers[first].text);
    surfaces.add(tokens, members.length);
    tokens.surfaces = []; // counted; not kept for 100,000 answers
    const words = answers[first].text.split(/\s+/).filter(Boolean).length;
    if (members.length >= Math.max(o.campaignMin, Math.ceil(n / 1000)) && words >= o.campaignWords) campaigns.push({ first, members, tokens });
    else if (tokens.terms.length === 0) unassigned.push(...members);
    else units.push({ first, members, tokens });
  }
  lap("duplicates");

  // 2. Vectors.
  progress("vectors", 0);
  const tfidf = buildTfIdf(units.map((u) => u.tokens));
  const reduced = reduceDimensions(tfidf, o.dims, o.seed);
  const points: Points = { data: reduced.points, dims: reduced.dims, count: units.length };
  const weights = Float64Array.from(units, (u) => u.members.length);
  lap("vectors");

  // 3. Clusters.
  progress("clustering", 0);
  let assignments: Int32Array = new Int32Array(units.length);
  let similarity: Float32Array = new Float32Array(units.length).fill(1);
  let k = 1;
  let silhouetteScore = 0;
  let silhouettes: { k: number; silhouette: number }[] = [];
  if (units.length >= 2 * o.minK + 2) {
    const maxK = Math.max(o.minK, Math.min(o.maxK, Math.floor(Math.sqrt(units.length))));
    const chosen = chooseK(points, { seed: o.seed, minK: o.minK, maxK, weights });
    silhouettes = chosen.scores;
    k = chosen.k;
    silhouetteScore = chosen.scores.find((s) => s.k === k)?.silhouette ?? 0;
    progress("clustering", 0.5);
    const big = Math.min(Math.round(k * o.overCluster), Math.max(k, Math.floor(units.length / 4)));
    // k-means finds a local optimum that depends on its start: keep the best of a few seeded
    // starts (highest weighted similarity to the centres), so one unlucky start cannot swallow
    // a minority theme into a larger one.
    let result = kMeans(points, big, { seed: o.seed, weights });
    let bestScore = objective(result.similarity, weights);
    for (let r = 1; r < o.restarts; r++) {
      const next = kMeans(points, big, { seed: o.seed + 7919 * r, weights });
      const score = objective(next.similarity, weights);
      if (score > bestScore) [result, bestScore] = [next, score];
    }
    const merged = mergeSimilarClusters(points, result.assignments, result.k, weights, o.mergeSimilarity);
    assignments = merged.assignments;
    similarity = merged.similarity;
    k = merged.k;
  }
  lap("clustering");

  // 4. Outliers: off the main topics, or far from their cluster's centre; then clusters too
  // small to stand on their own join them.
  const isOutlier = new Uint8Array(units.length);
  const minCaptured = o.minCapturedRatio * median(reduced.captured);
  for (let i = 0; i < units.length; i++) {
    if (tfidf.vectors[i].idx.length === 0 || reduced.captured[i] < minCaptured || similarity[i] < o.outlierSimilarity) isOutlier[i] = 1;
  }
  const clusterWeight = new Float64Array(k);
  for (let i = 0; i < units.length; i++) if (!isOutlier[i]) clusterWeight[assignments[i]] += weights[i];
  for (let i = 0; i < units.length; i++) if (clusterWeight[assignments[i]] < o.minClusterSize) isOutlier[i] = 1;

  // Outliers group among themselves around leaders (in id order) by TF-IDF cosine.
  const leaders: number[] = [];
  const outlierGroups = new Map<number, number[]>();
  for (let i = 0; i < units.length; i++) {
    if (!isOutlier[i]) continue;
    let joined = -1;
    let best = o.outlierGroupSimilarity;
    for (const l of leaders) {
      const s = sparseDot(tfidf.vectors[l], tfidf.vectors[i]);
      if (s >= best) {
        best = s;
        joined = l;
      }
    }
    if (joined >= 0) outlierGroups.get(joined)!.push(i);
    else if (leaders.length < 2000) {
      leaders.push(i);
      outlierGroups.set(i, [i]);
    } else unassigned.push(...units[i].members);
  }

  type Group = { kind: SuggestionKind; units: Unit[]; order: number[]; cohesion: number };
  const groups: Group[] = [];
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    for (let i = 0; i < units.length; i++) if (!isOutlier[i] && assignments[i] === c) idx.push(i);
    if (!idx.length) continue;
    // Representatives: closest to the centre first.
    idx.sort((a, b) => similarity[b] - similarity[a] || a - b);
    const w = idx.reduce((s, i) => s + weights[i], 0);
    const cohesion = idx.reduce((s, i) => s + similarity[i] * weights[i], 0) / w;
    groups.push({ kind: "theme", units: idx.map((i) => units[i]), order: idx, cohesion });
  }
  for (const members of outlierGroups.values()) {
    const size = members.reduce((s, i) => s + units[i].members.length, 0);
    if (members.length < 2 && size < o.minClusterSize) {
      for (const i of members) unassigned.push(...units[i].members);
      continue;
    }
    groups.push({ kind: "small", units: members.map((i) => units[i]), order: members, cohesion: 0 });
  }
  for (const c of campaigns) groups.push({ kind: "duplicates", units: [c], order: [], cohesion: 1 });
  lap("outliers");

  // 5. Labels and representatives.
  progress("labels", 0);
  const labels = labelGroups(
    groups.map((g) => g.units.map((u) => [u.tokens, u.members.length] as const)),
    surfaces,
  );
  const counters: Record<SuggestionKind, number> = { theme: 0, duplicates: 0, small: 0 };
  const prefix: Record<SuggestionKind, string> = { theme: "t", duplicates: "d", small: "s" };
  const size = (g: Group) => g.units.reduce((s, u) => s + u.members.length, 0);
  const ranked = groups
    .map((g, i) => ({ g, label: labels[i], size: size(g), first: Math.min(...g.units.map((u) => u.first)) }))
    .sort((a, b) => kindRank(a.g.kind) - kindRank(b.g.kind) || b.size - a.size || a.first - b.first);
  const suggestions: ThemeSuggestion[] = ranked.map(({ g, label }) => {
    const ids = g.units.flatMap((u) => u.members).sort((a, b) => a - b).map((i) => answers[i].id);
    let l = label.label;
    if (g.kind === "duplicates") l = `Same text ×${ids.length}: ${excerpt(answers[g.units[0].first].text)}`;
    return {
      key: `${prefix[g.kind]}${++counters[g.kind]}`,
      kind: g.kind,
      label: l,
      terms: label.terms,
      phrases: label.phrases,
      answerIds: ids,
      representatives: g.units.slice(0, 3).map((u) => answers[u.first]).map((a) => ({ id: a.id, text: a.text })),
      cohesion: Math.round(g.cohesion * 1000) / 1000,
    };
  });
  lap("labels");
  progress("done", 1);
  return {
    suggestions,
    unassigned: unassigned.sort((a, b) => a - b).map((i) => answers[i].id),
    stats: {
      answers: n,
      distinctTexts: membersOf.size,
      vocabulary: tfidf.vocabulary.length,
      k,
      silhouette: Math.round(silhouetteScore * 1000) / 1000,
      silhouettes: silhouettes.map((s) => ({ k: s.k, silhouette: Math.round(s.silhouette * 1000) / 1000 })),
      outliers: isOutlier.reduce((s, v) => s + v, 0),
      millis,
    },
  };
}

function objective(similarity: Float32Array, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < similarity.length; i++) s += similarity[i] * weights[i];
  return s;
}

function median(xs: Float32Array): number {
  if (!xs.length) return 0;
  const sorted = Float32Array.from(xs).sort();
  return sorted[Math.floor(sorted.length / 2)];
}

function kindRank(kind: SuggestionKind): number {
  return kind === "theme" ? 0 : kind === "duplicates" ? 1 : 2;
}

function excerpt(text: string, words = 12): string {
  const w = text.trim().split(/\s+/);
  return w.length <= words ? w.join(" ") : `${w.slice(0, words).join(" ")}…`;
}
