import type { Stage } from "@/db/schema";
import { formatDate } from "@/lib/format";

function when(s: Pick<Stage, "startsOn" | "dueOn">) {
  if (s.startsOn && s.dueOn && s.startsOn !== s.dueOn) return `${formatDate(s.startsOn)} to ${formatDate(s.dueOn)}`;
  return formatDate(s.dueOn ?? s.startsOn);
}

export function StageTimeline({ stages, today = new Date().toISOString().slice(0, 10) }: { stages: Stage[]; today?: string }) {
  if (!stages.length) return null;
  return (
    <ol className="govuk-list govuk-list--number app-timeline">
      {stages.map((s) => {
        const current = (!s.startsOn || s.startsOn <= today) && (!s.dueOn || s.dueOn >= today);
        return (
          <li key={s.id} aria-current={current ? "step" : undefined}>
            <strong>{s.name}</strong>
            {current && <span className="govuk-tag govuk-tag--blue govuk-!-margin-left-2">Now</span>}
            <br />
            <span className="govuk-body-s">{when(s)}</span>
            {s.description && <p className="govuk-body-s govuk-!-margin-bottom-2">{s.description}</p>}
          </li>
        );
      })}
    </ol>
  );
}
