// Finds exact and near-duplicate answers (campaign responses, pasted templates): exact ones by
// their normalised text, near ones by MinHash signatures over word shingles with banded
// locality-sensitive hashing, confirmed by the estimated Jaccard similarity of the signatures.
import { hashString, mix32 as mix } from "./random";
import { normaliseForDuplicates } from "./tokenise";

export type DuplicateOptions = {
  /** Estimated Jaccard similarity of word shingles at or above which two texts are near-duplicates. */
  threshold?: number;
  /** Texts with fewer words than this are only matched exactly (short answers differ by a word). */
  minWordsForNear?: number;
  seed?: number;
};

const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index stays the root, so groups are named by their first member.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

function shingles(words: string[]): number[] {
  const size = words.length >= 8 ? 3 : 2;
  const out = new Set<number>();
  for (let i = 0; i + size <= words.length; i++) out.add(hashString(words.slice(i, i + size).join(" ")));
  return [...out];
}

// murmur3's finaliser, repeated here so the hot loop calls a local function.
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function signature(shingleHashes: number[], seeds: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const h of shingleHashes) {
    for (let k = 0; k < HASHES; k++) {
      const v = mix32(h ^ seeds[k]);
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

function agreement(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
  return same / HASHES;
}

/**
 * Groups texts that are the same or nearly the same. Returns, for every text, the index of the
 * first text of its group (itself when it has no duplicate). Deterministic for the same input.
 */
export function findDuplicateGroups(texts: readonly string[], opts: DuplicateOptions = {}): Int32Array {
  const threshold = opts.threshold ?? 0.7;
  const minWords = opts.minWordsForNear ?? 6;
  const n = texts.length;
  const uf = new UnionFind(n);
  const seeds = new Uint32Array(HASHES);
  for (let k = 0; k < HASHES; k++) seeds[k] = mix((opts.seed ?? 1) * 0x9e3779b1 + k * 0x85ebca77);

  // Exact duplicates: equal normalised text.
  const firstByText = new Map<string, number>();
  const normalised = texts.map(normaliseForDuplicates);
  for (let i = 0; i < n; i++) {
    const first = firstByText.get(normalised[i]);
    if (first === undefined) firstByText.set(normalised[i], i);
    else uf.union(first, i);
  }

  // Near duplicates: one signature per distinct long text, bucketed band by band.
  const sigs = new Map<number, Uint32Array>();
  for (const i of firstByText.values()) {
    const words = normalised[i].split(" ").filter(Boolean);
    if (words.length >= minWords) sigs.set(i, signature(shingles(words), seeds));
  }
  const ids = [...sigs.keys()].sort((a, b) => a - b);
  for (let band = 0; band < BANDS; band++) {
    // A band's key: its rows hashed together (a rare false collision is caught by the check below).
    const buckets = new Map<number, number[]>();
    for (const i of ids) {
      const sig = sigs.get(i)!;
      let key = band;
      for (let r = 0; r < ROWS; r++) key = mix32(key ^ sig[band * ROWS + r]) + r;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      // Compare each member with a few leaders rather than every pair: a campaign of thousands
      // of copies lands in one bucket, and pairs would be quadratic.
      const leaders: number[] = [];
      for (const i of bucket) {
        let joined = false;
        for (const l of leaders) {
          if (agreement(sigs.get(l)!, sigs.get(i)!) >= threshold) {
            uf.union(l, i);
            joined = true;
            break;
          }
        }
        if (!joined && leaders.length < 8) leaders.push(i);
      }
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = uf.find(i);
  return out;
}
