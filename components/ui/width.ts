// A bar's width as one of app.scss's app-width-N classes (whole per cents): the pages' policy
// allows no inline style attributes.
export function widthClass(percent: number): string {
  const n = Number.isFinite(percent) ? Math.max(0, Math.min(100, Math.round(percent))) : 0;
  return `app-width-${n}`;
}
