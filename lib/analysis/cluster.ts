// Spherical k-means (cosine) on unit-length dense points, seeded k-means++ starts, weights for
// answers that stand for several identical ones, and k chosen by the silhouette of a sample.
import { seededRandom } from "./random";

export type Points = { data: Float32Array; dims: number; count: number };

function dot(p: Points, i: number, c: Float64Array, ci: number): number {
  const d = p.dims;
  let s = 0;
  const a = i * d;
  const b = ci * d;
  for (let k = 0; k < d; k++) s += p.data[a + k] * c[b + k];
  return s;
}

export type KMeansResult = { assignments: Int32Array; centroids: Float64Array; k: number; similarity: Float32Array };

/** k-means++ seeding: each next centre is drawn with probability ∝ weight × distance². */
function seedCentroids(p: Points, k: number, weights: Float64Array, rand: () => number): Float64Array {
  const d = p.dims;
  const centroids = new Float64Array(k * d);
  const dist = new Float64Array(p.count).fill(Infinity);
  let total = 0;
  for (let i = 0; i < p.count; i++) total += weights[i];
  let r = rand() * total;
  let first = 0;
  for (; first < p.count - 1; first++) {
    r -= weights[first];
    if (r <= 0) break;
  }
  for (let c = 0; c < k; c++) {
    const chosen = c === 0 ? first : pick();
    for (let x = 0; x < d; x++) centroids[c * d + x] = p.data[chosen * d + x];
    for (let i = 0; i < p.count; i++) {
      const dd = Math.max(0, 2 - 2 * dot(p, i, centroids, c));
      if (dd < dist[i]) dist[i] = dd;
    }
  }
  return centroids;

  function pick(): number {
    let sum = 0;
    for (let i = 0; i < p.count; i++) sum += weights[i] * dist[i];
    if (sum <= 0) return Math.floor(rand() * p.count);
    let t = rand() * sum;
    for (let i = 0; i < p.count; i++) {
      t -= weights[i] * dist[i];
      if (t <= 0) return i;
    }
    return p.count - 1;
  }
}

export function kMeans(p: Points, k: number, opts: { seed: number; weights?: Float64Array; maxIterations?: number }): KMeansResult {
  const d = p.dims;
  const n = p.count;
  const weights = opts.weights ?? new Float64Array(n).fill(1);
  const rand = seededRandom(opts.seed);
  k = Math.max(1, Math.min(k, n));
  const centroids = seedCentroids(p, k, weights, rand);
  const assignments = new Int32Array(n).fill(-1);
  const similarity = new Float32Array(n);
  const maxIt = opts.maxIterations ?? 40;
  for (let it = 0; it < maxIt; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const s = dot(p, i, centroids, c);
        if (s > bestSim) {
          bestSim = s;
          best = c;
        }
      }
      similarity[i] = bestSim;
      if (assignments[i] !== best) {
        assignments[i] = best;
        changed++;
      }
    }
    // New centres: the weighted mean direction of each cluster; an empty cluster takes the
    // point farthest from its centre so that k stays k.
    centroids.fill(0);
    const sizes = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      sizes[c] += weights[i];
      for (let x = 0; x < d; x++) centroids[c * d + x] += weights[i] * p.data[i * d + x];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        let far = 0;
        for (let i = 1; i < n; i++) if (similarity[i] < similarity[far]) far = i;
        for (let x = 0; x < d; x++) centroids[c * d + x] = p.data[far * d + x];
        similarity[far] = 1;
        changed++;
        continue;
      }
      let norm = 0;
      for (let x = 0; x < d; x++) norm += centroids[c * d + x] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let x = 0; x < d; x++) centroids[c * d + x] /= norm;
    }
    if (changed === 0 || changed < n * 0.0005) break;
  }
  for (let i = 0; i < n; i++) similarity[i] = dot(p, i, centroids, assignments[i]);
  return { assignments, centroids, k, similarity };
}

/** Mean silhouette (cosine distance) of the given assignment, from a precomputed similarity matrix. */
export function silhouette(sim: Float32Array, n: number, assignments: Int32Array, k: number): number {
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[assignments[i]]++;
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignments[j]] += 1 - sim[i * n + j];
    const own = assignments[i];
    if (counts[own] <= 1) continue; // silhouette of a singleton is 0
    const a = sums[own] / (counts[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b, 1e-12);
  }
  return total / n;
}

export type ChooseKResult = { k: number; scores: { k: number; silhouette: number }[] };

/** Candidate values of k: every value up to 12, then coarser steps. */
export function candidateKs(min: number, max: number): number[] {
  const out: number[] = [];
  for (let k = min; k <= max; k += k < 12 ? 1 : k < 24 ? 2 : 4) out.push(k);
  return out;
}

/**
 * Pick k by the mean silhouette of a seeded sample of at most `sampleSize` points; the
 * clustering for each candidate is run on the sample only, so this stays cheap for 100,000 answers.
 */
export function chooseK(p: Points, opts: { seed: number; minK: number; maxK: number; sampleSize?: number; weights?: Float64Array }): ChooseKResult {
  const rand = seededRandom(opts.seed ^ 0x5bd1e995);
  const size = Math.min(p.count, opts.sampleSize ?? 1500);
  // Sample without replacement: a seeded partial Fisher–Yates shuffle.
  const order = Int32Array.from({ length: p.count }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (p.count - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const chosen = Array.from(order.subarray(0, size)).sort((a, b) => a - b);
  const sample: Points = { data: new Float32Array(size * p.dims), dims: p.dims, count: size };
  const weights = new Float64Array(size);
  chosen.forEach((src, i) => {
    sample.data.set(p.data.subarray(src * p.dims, (src + 1) * p.dims), i * p.dims);
    weights[i] = opts.weights ? opts.weights[src] : 1;
  });
  const sim = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      let s = 0;
      for (let x = 0; x < p.dims; x++) s += sample.data[i * p.dims + x] * sample.data[j * p.dims + x];
      sim[i * size + j] = s;
      sim[j * size + i] = s;
    }
  }
  const scores: { k: number; silhouette: number }[] = [];
  let best = { k: Math.max(1, Math.min(opts.minK, size)), silhouette: -Infinity };
  for (const k of candidateKs(opts.minK, Math.min(opts.maxK, size - 1))) {
    const r = kMeans(sample, k, { seed: opts.seed + k, weights });
    const s = silhouette(sim, size, r.assignments, k);
    scores.push({ k, silhouette: s });
    if (s > best.silhouette) best = { k, silhouette: s };
  }
  return { k: best.k, scores };
}

/**
 * Join clusters whose centres point the same way (cosine ≥ `threshold`), most similar pair first:
 * k-means run with a generous k splits a theme by incidental words (a shared closing sentence),
 * and this puts the parts back together while distinct small themes stay apart.
 */
export function mergeSimilarClusters(p: Points, assignments: Int32Array, k: number, weights: Float64Array, threshold: number): { assignments: Int32Array; k: number; similarity: Float32Array } {
  const d = p.dims;
  const sums = new Float64Array(k * d);
  for (let i = 0; i < p.count; i++) {
    const c = assignments[i];
    for (let x = 0; x < d; x++) sums[c * d + x] += weights[i] * p.data[i * d + x];
  }
  const alive = new Uint8Array(k).fill(1);
  const target = Int32Array.from({ length: k }, (_, c) => c);
  const unit = (c: number) => {
    let norm = 0;
    for (let x = 0; x < d; x++) norm += sums[c * d + x] ** 2;
    norm = Math.sqrt(norm) || 1;
    return Array.from({ length: d }, (_, x) => sums[c * d + x] / norm);
  };
  for (;;) {
    const units = Array.from({ length: k }, (_, c) => (alive[c] ? unit(c) : null));
    let best = { a: -1, b: -1, s: threshold };
    for (let a = 0; a < k; a++) {
      const ua = units[a];
      if (!ua) continue;
      for (let b = a + 1; b < k; b++) {
        const ub = units[b];
        if (!ub) continue;
        let s = 0;
        for (let x = 0; x < d; x++) s += ua[x] * ub[x];
        if (s >= best.s) best = { a, b, s };
      }
    }
    if (best.a < 0) break;
    for (let x = 0; x < d; x++) sums[best.a * d + x] += sums[best.b * d + x];
    alive[best.b] = 0;
    for (let c = 0; c < k; c++) if (target[c] === best.b) target[c] = best.a;
  }
  // Renumber the surviving clusters 0 … k'−1 in their original order.
  const renumber = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) if (alive[c]) renumber[c] = next++;
  const centroids = new Float64Array(next * d);
  for (let c = 0; c < k; c++) if (alive[c]) centroids.set(unit(c), renumber[c] * d);
  const out = new Int32Array(p.count);
  const similarity = new Float32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    out[i] = renumber[target[assignments[i]]];
    similarity[i] = dot(p, i, centroids, out[i]);
  }
  return { assignments: out, k: next, similarity };
}
