/** A count and the noun it counts, in words: "1 tag", "2 tags", "1,234 answers" (`many` when not "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}
