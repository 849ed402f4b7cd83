// Grouping a list by a key: Map.groupBy, which Node 20 lacks.

/** The items of `list` by `key(item)`: each group in the list's order, the groups in the order their keys first appear. */
export function groupBy<T, K>(list: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
