// The one bounded cache of this codebase: a Map that keeps at most `max` entries, the entry
// written longest ago going first past that. Used for the per-process caches of things that do
// not change once made (published structures, answer schemas, search plans, kept rows).
// Browser-safe and without a dependency: the answer schemas' cache is in the respondent page's
// script, whose JavaScript has a budget (issue 8); lru-cache would add 7 kB gzipped to it.

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`A bounded map keeps at least one entry (max ${max})`);
  }

  /** Writes the entry as the newest, then forgets the oldest if there are more than `max`. */
  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }

  /** Reads an entry and, if there is one, keeps it as the newest (so that entries in use outlast those read once). */
  use(key: K): V | undefined {
    if (!this.has(key)) return undefined;
    const value = this.get(key) as V;
    this.set(key, value);
    return value;
  }
}

/** A Map that keeps at most `max` entries: the one written longest ago goes first. */
export function boundedMap<K, V>(max: number): BoundedMap<K, V> {
  return new BoundedMap<K, V>(max);
}
