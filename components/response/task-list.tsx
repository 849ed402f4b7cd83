// The chapters of a response as a GOV.UK task list, each with its state, then "check and submit".
import Link from "next/link";
import type { ChapterProgress, SnapshotChapter } from "@/lib/responses/rules";
import { plural } from "@/lib/text/plural";

type Props = {
  chapters: SnapshotChapter[];
  progress: ChapterProgress[];
  chapterHref: (index: number) => string;
  /** Null when checking cannot start yet, with the reason. */
  checkHref: string | null;
  checkLabel: string;
  checkBlockedReason: string;
};

const STATUS: Record<ChapterProgress["state"], { text: string; tag: string | null }> = {
  not_started: { text: "Not yet started", tag: "govuk-tag--blue" },
  in_progress: { text: "In progress", tag: "govuk-tag--light-blue" },
  completed: { text: "Completed", tag: null },
  not_needed: { text: "Not needed", tag: null },
};

export function ResponseTaskList({ chapters, progress, chapterHref, checkHref, checkLabel, checkBlockedReason }: Props) {
  return (
    <ul className="govuk-task-list" data-testid="task-list">
      {chapters.map((ch, i) => {
        const p = progress[i]!;
        const s = STATUS[p.state];
        const statusId = `chapter-${i + 1}-status`;
        const hintId = `chapter-${i + 1}-hint`;
        return (
          <li className="govuk-task-list__item govuk-task-list__item--with-link" key={ch.id}>
            <div className="govuk-task-list__name-and-hint">
              <Link className="govuk-link govuk-task-list__link" href={chapterHref(i)} aria-describedby={`${hintId} ${statusId}`}>
                {i + 1}. {ch.title}
              </Link>
              <div id={hintId} className="govuk-task-list__hint">
                {plural(p.shown, "question")}, {p.answered} answered
                {p.missingRequired ? `, ${p.missingRequired} still required` : ""}
              </div>
            </div>
            <div className="govuk-task-list__status" id={statusId}>
              {s.tag ? <strong className={`govuk-tag ${s.tag}`}>{s.text}</strong> : s.text}
            </div>
          </li>
        );
      })}
      <li className={`govuk-task-list__item${checkHref ? " govuk-task-list__item--with-link" : ""}`}>
        <div className="govuk-task-list__name-and-hint">
          {checkHref ? (
            <Link className="govuk-link govuk-task-list__link" href={checkHref} aria-describedby="check-status">
              {checkLabel}
            </Link>
          ) : (
            <>
              <div>{checkLabel}</div>
              <div className="govuk-task-list__hint" id="check-hint">
                {checkBlockedReason}
              </div>
            </>
          )}
        </div>
        <div className={`govuk-task-list__status${checkHref ? "" : " govuk-task-list__status--cannot-start-yet"}`} id="check-status">
          {checkHref ? <strong className="govuk-tag govuk-tag--blue">Ready to check</strong> : "Cannot start yet"}
        </div>
      </li>
    </ul>
  );
}
