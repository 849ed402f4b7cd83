// A RAG status (or a milestone's completion) as a GOV.UK tag, with the colour in words too.
import { htmlAttr, htmlText } from "@/lib/escape";

const CLASSES: Record<string, string> = { red: "govuk-tag--red", amber: "govuk-tag--orange", green: "govuk-tag--green", complete: "govuk-tag--blue", none: "govuk-tag--grey" };
const TEXT: Record<string, string> = { red: "Red", amber: "Amber", green: "Green", complete: "Achieved", none: "None" };

export function RagTag({ rag }: { rag: string | null | undefined }) {
  const key = rag ?? "none";
  return <strong className={`govuk-tag ${CLASSES[key] ?? ""}`} data-rag={key}>{TEXT[key] ?? key}</strong>;
}

/** RagTag's markup as a string, for the rows a long page writes as HTML (report-rows.ts). */
export function ragTagHtml(rag: string | null | undefined): string {
  const key = rag ?? "none";
  return `<strong class="govuk-tag ${CLASSES[key] ?? ""}" data-rag="${htmlAttr(key)}">${htmlText(TEXT[key] ?? key)}</strong>`;
}

const W = 120;
const H = 32;

/** The polyline's points, or null when there are fewer than two figures to join. */
function trendPoints(points: (number | null)[]): string | null {
  const values = points.filter((p): p is number => p !== null);
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = points.length > 1 ? W / (points.length - 1) : W;
  return points
    .map((p, i) => (p === null ? null : `${(i * step).toFixed(1)},${(H - 4 - ((p - min) / span) * (H - 8)).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
}

/** A small line of an indicator's figures across periods; the table beside it carries the figures. */
export function TrendChart({ points }: { points: (number | null)[] }) {
  const coords = trendPoints(points);
  if (!coords) return null;
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false" className="app-trend">
      <polyline points={coords} fill="none" stroke="#1d70b8" strokeWidth="2" />
    </svg>
  );
}

/** TrendChart's markup as a string (one element and one polyline: numbers only, nothing to escape). */
export function trendChartHtml(points: (number | null)[]): string {
  const coords = trendPoints(points);
  if (!coords) return "";
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" aria-hidden="true" focusable="false" class="app-trend"><polyline points="${coords}" fill="none" stroke="#1d70b8" stroke-width="2"></polyline></svg>`;
}
