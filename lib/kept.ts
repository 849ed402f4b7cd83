// Per-process keeping of what is costly to work out and the same for everyone who asks (a
// published statement's files, a large consultation's published themes), on lru-cache: each value
// kept for `ttl` ms (and then dropped, not left to wait for a newer one to push it out), the least
// recently used going first past `max` entries or `maxSize` of `size`, and callers asking for one
// being worked out share that one piece of work. What is kept is shared between requests: freeze
// it (lib/deep-freeze) or never change it.
import { LRUCache } from "lru-cache";

export type Keeper<V extends {}> = {
  /**
   * The value kept under `key`, or `load()`'s (then kept), shared with any caller already
   * waiting for it. `keep(value)` false: the value goes to those waiting and is not kept.
   */
  read: (key: string, load: () => Promise<V>, opts?: { keep?: (value: V) => boolean }) => Promise<V>;
};

type Sized<V> = { maxSize: number; size: (value: V) => number } | { maxSize?: undefined; size?: undefined };

export function keeper<V extends {}>({
  ttl,
  max = 500,
  maxSize,
  size,
  now,
}: {
  ttl: number;
  max?: number;
  /** The clock, in ms (tests pass their own). */
  now?: () => number;
} & Sized<V>): Keeper<V> {
  const kept = new LRUCache<string, V, () => Promise<V>>({
    max,
    ttl,
    ttlAutopurge: true,
    // A value bigger than maxSize is handed out and not kept.
    ...(maxSize && size ? { maxSize, sizeCalculation: (v: V) => Math.max(1, Math.ceil(size(v))) } : {}),
    // Its own clock read on every check (lru-cache otherwise reads it once a millisecond by a timer).
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    // Work in hand finishes for those waiting even if its entry is pushed out meanwhile.
    ignoreFetchAbort: true,
    allowStaleOnFetchAbort: true,
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    read: async (key, load, opts = {}) => {
      const value = (await kept.fetch(key, { context: load })) ?? (await load());
      if (opts.keep && !opts.keep(value) && kept.peek(key) === value) kept.delete(key);
      return value;
    },
  };
}
