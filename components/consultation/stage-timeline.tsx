import type { Stage } from "@/db/schema";
import { ukDate } from "@/lib/consultations/dates";
import { currentStage, stageLabel } from "@/lib/consultations/stages";
import { formatDate } from "@/lib/format";

function when(s: Pick<Stage, "startsOn" | "dueOn">) {
  if (s.startsOn && s.dueOn && s.startsOn !== s.dueOn) return `${formatDate(s.startsOn)} to ${formatDate(s.dueOn)}`;
  return formatDate(s.dueOn ?? s.startsOn);
}

export function StageTimeline({ stages, today = ukDate(new Date())! }: { stages: Stage[]; today?: string }) {
  if (!stages.length) return null;
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const now = currentStage(ordered, today);
  return (
    <ol className="govuk-list app-timeline">
      {ordered.map((s, i) => {
        const current = now?.number === i + 1;
        return (
          <li key={s.id} aria-current={current ? "step" : undefined}>
            <strong>{stageLabel(i + 1, s.name)}</strong>
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
