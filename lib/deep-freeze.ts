// For what a per-process cache shares between requests: frozen, so that a caller changing it by
// mistake fails (a TypeError in strict code) instead of changing what the next request is given.

/** Freezes an object and everything in it (arrays, nested objects); returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
