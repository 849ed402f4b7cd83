// Answer vectors: sparse TF-IDF over stems and two-word phrases (sublinear term frequency,
// smoothed inverse document frequency, unit length), and a reduction to a few dozen dense
// dimensions by randomised truncated SVD (latent semantic analysis), which lets answers that say
// the same thing in different words land near each other and makes clustering fast.
import { gaussian, seededRandom } from "./random";
import type { Tokens } from "./tokenise";

export type SparseVector = { idx: Int32Array; val: Float32Array };

export type TfIdf = {
  vocabulary: string[];
  idf: Float32Array;
  vectors: SparseVector[];
};

export type TfIdfOptions = {
  /** A term must appear in at least this many answers (default: 2, more for large inputs). */
  minDf?: number;
  /** Terms in more than this share of answers say nothing about a theme. */
  maxDfRatio?: number;
  /** Weight of phrases relative to single words. */
  phraseWeight?: number;
};

export function buildTfIdf(docs: readonly Tokens[], opts: TfIdfOptions = {}): TfIdf {
  const n = docs.length;
  const minDf = opts.minDf ?? Math.max(2, Math.floor(n / 5000));
  const maxDf = Math.max(minDf, Math.floor((opts.maxDfRatio ?? 0.5) * n));
  const phraseWeight = opts.phraseWeight ?? 0.7;
  const df = new Map<string, number>();
  for (const d of docs) {
    for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const t of new Set(d.phrases)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const vocabulary = [...df.entries()]
    .filter(([, c]) => c >= minDf && c <= maxDf)
    .map(([t]) => t)
    .sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const idf = new Float32Array(vocabulary.length);
  vocabulary.forEach((t, i) => (idf[i] = Math.log((1 + n) / (1 + df.get(t)!)) + 1));
  const vectors = docs.map((d) => {
    const counts = new Map<number, number>();
    for (const t of d.terms) {
      const i = index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    for (const t of d.phrases) {
      const i = index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + phraseWeight);
    }
    const idx = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const val = new Float32Array(idx.length);
    let norm = 0;
    idx.forEach((i, k) => {
      const c = counts.get(i)!;
      const w = (c >= 1 ? 1 + Math.log(c) : c) * idf[i];
      val[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < val.length; k++) val[k] /= norm;
    return { idx, val };
  });
  return { vocabulary, idf, vectors };
}

export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.idx.length && j < b.idx.length) {
    if (a.idx[i] === b.idx[j]) s += a.val[i++] * b.val[j++];
    else if (a.idx[i] < b.idx[j]) i++;
    else j++;
  }
  return s;
}

/** Dense row-major matrix. */
export type Dense = { rows: number; cols: number; data: Float64Array };

function orthonormaliseColumns(m: Dense): void {
  // Modified Gram–Schmidt on the columns of an n × l matrix (l small).
  const { rows, cols, data } = m;
  for (let j = 0; j < cols; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += data[r * cols + j] * data[r * cols + p];
      for (let r = 0; r < rows; r++) data[r * cols + j] -= dot * data[r * cols + p];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += data[r * cols + j] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) {
      for (let r = 0; r < rows; r++) data[r * cols + j] = 0;
      continue;
    }
    for (let r = 0; r < rows; r++) data[r * cols + j] /= norm;
  }
}

/** A · M for sparse A (n × d) and dense M (d × l). */
function sparseTimesDense(a: readonly SparseVector[], m: Dense): Dense {
  const l = m.cols;
  const out = new Float64Array(a.length * l);
  a.forEach((v, r) => {
    for (let k = 0; k < v.idx.length; k++) {
      const w = v.val[k];
      const base = v.idx[k] * l;
      for (let c = 0; c < l; c++) out[r * l + c] += w * m.data[base + c];
    }
  });
  return { rows: a.length, cols: l, data: out };
}

/** Aᵀ · M for sparse A (n × d) and dense M (n × l). */
function sparseTransposeTimesDense(a: readonly SparseVector[], d: number, m: Dense): Dense {
  const l = m.cols;
  const out = new Float64Array(d * l);
  a.forEach((v, r) => {
    for (let k = 0; k < v.idx.length; k++) {
      const w = v.val[k];
      const base = v.idx[k] * l;
      for (let c = 0; c < l; c++) out[base + c] += w * m.data[r * l + c];
    }
  });
  return { rows: d, cols: l, data: out };
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(s: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(s);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

export type Reduced = {
  /** n × dims, rows scaled to unit length (cosine = dot). */
  points: Float32Array;
  dims: number;
  /** Share of each answer's TF-IDF weight the kept dimensions explain (low = off the main topics). */
  captured: Float32Array;
};

/**
 * Randomised truncated SVD (Halko, Martinsson and Tropp) of the TF-IDF matrix, keeping `dims`
 * dimensions: a Gaussian sketch, `powerIterations` subspace iterations, then the exact SVD of
 * the small projected matrix through its Gram matrix.
 */
export function reduceDimensions(tfidf: TfIdf, dims: number, seed: number, powerIterations = 2): Reduced {
  const a = tfidf.vectors;
  const n = a.length;
  const d = tfidf.vocabulary.length;
  const keep = Math.max(1, Math.min(dims, d, n));
  const l = Math.min(keep + 10, d, n);
  const normal = gaussian(seededRandom(seed));
  const omega: Dense = { rows: d, cols: l, data: new Float64Array(d * l) };
  for (let i = 0; i < omega.data.length; i++) omega.data[i] = normal();
  let y = sparseTimesDense(a, omega);
  orthonormaliseColumns(y);
  for (let it = 0; it < powerIterations; it++) {
    const z = sparseTransposeTimesDense(a, d, y);
    orthonormaliseColumns(z);
    y = sparseTimesDense(a, z);
    orthonormaliseColumns(y);
  }
  // B = Qᵀ A (l × d), kept as its transpose Aᵀ Q (d × l); then B Bᵀ = (AᵀQ)ᵀ(AᵀQ) is l × l.
  const bt = sparseTransposeTimesDense(a, d, y);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < d; r++) {
    const base = r * l;
    for (let i = 0; i < l; i++) {
      const x = bt.data[base + i];
      if (x === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] += x * bt.data[base + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i];
  const { values, vectors } = symmetricEigen(gram, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((i, j) => values[j] - values[i] || i - j);
  const top = order.slice(0, keep);
  // Projected answers: A V = Q U Σ (first `keep` columns).
  const points = new Float32Array(n * keep);
  const captured = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let c = 0; c < keep; c++) {
      const e = top[c];
      const sigma = Math.sqrt(Math.max(0, values[e]));
      let s = 0;
      for (let k = 0; k < l; k++) s += y.data[r * l + k] * vectors[k * l + e];
      const v = s * sigma;
      points[r * keep + c] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    captured[r] = norm; // rows of A have unit length, so the projected norm is the share kept
    if (norm > 0) for (let c = 0; c < keep; c++) points[r * keep + c] /= norm;
  }
  return { points, dims: keep, captured };
}
