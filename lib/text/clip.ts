/** `value` cut to at most `max` characters, an ellipsis marking the cut (for quoting typed text in a line). */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
