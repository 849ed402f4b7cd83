// Search highlights: ts_headline wraps each match in two private-use characters, and pages
// split on them to render marks as elements and everything else as text (never as HTML).

/** Around each highlighted match in a headline; private-use characters nobody types. */
export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_STOP = "\uE001";

/** Split a headline into plain and highlighted parts, to render as text (never as HTML). */
export function splitHighlights(headline: string): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  let rest = headline;
  while (rest.length) {
    const start = rest.indexOf(HIGHLIGHT_START);
    if (start === -1) {
      out.push({ text: rest, match: false });
      break;
    }
    if (start > 0) out.push({ text: rest.slice(0, start), match: false });
    const stop = rest.indexOf(HIGHLIGHT_STOP, start + 1);
    const end = stop === -1 ? rest.length : stop;
    const match = rest.slice(start + 1, end);
    if (match) out.push({ text: match, match: true });
    rest = stop === -1 ? "" : rest.slice(stop + 1);
  }
  return out.filter((p) => p.text.length > 0);
}
