// A RAG status (or a milestone's completion) as a GOV.UK tag, with the colour in words too.
const CLASSES: Record<string, string> = { red: "govuk-tag--red", amber: "govuk-tag--orange", green: "govuk-tag--green", complete: "govuk-tag--blue", none: "govuk-tag--grey" };
const TEXT: Record<string, string> = { red: "Red", amber: "Amber", green: "Green", complete: "Achieved", none: "None" };

export function RagTag({ rag }: { rag: string | null | undefined }) {
  const key = rag ?? "none";
  return <strong className={`govuk-tag ${CLASSES[key] ?? ""}`} data-rag={key}>{TEXT[key] ?? key}</strong>;
}

/** A small line of an indicator's figures across periods; the table beside it carries the figures. */
export function TrendChart({ points }: { points: (number | null)[] }) {
  const values = points.filter((p): p is number => p !== null);
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const w = 120;
  const h = 32;
  const step = points.length > 1 ? w / (points.length - 1) : w;
  const coords = points.map((p, i) => (p === null ? null : `${(i * step).toFixed(1)},${(h - 4 - ((p - min) / span) * (h - 8)).toFixed(1)}`)).filter(Boolean);
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true" focusable="false" className="app-trend">
      <polyline points={coords.join(" ")} fill="none" stroke="#1d70b8" strokeWidth="2" />
    </svg>
  );
}
