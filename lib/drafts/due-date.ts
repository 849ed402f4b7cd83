// When the council's draft answers are due: ready for the committee that considers them if the
// consultation has such a stage, otherwise by the submission stage or the response deadline.
import { ukDate } from "../consultations/dates";
import { plural } from "../text/plural";

export type StageDates = { name: string; startsOn: string | null; dueOn: string | null; position: number };

export type DraftDueDate = {
  /** Calendar date, YYYY-MM-DD. */
  dueOn: string;
  /** Why this date: the stage or deadline it comes from, as a person would say it. */
  reason: string;
};

const REVIEW_STAGE = /\b(committee|scrutiny|board|cabinet|council meeting|panel|members)\b/i;
const SUBMIT_STAGE = /\b(submit|submission|send|deadline|respond)\b/i;

/**
 * The due date for the draft answers. In order of preference:
 * 1. the first stage that looks like a committee or board meeting (the drafts must be ready
 *    when it starts, since that is where they are agreed);
 * 2. the first stage that looks like the submission (its due date);
 * 3. the consultation's response deadline;
 * 4. the due date of the last stage with one.
 * Null when the consultation gives no dates at all.
 */
export function draftDueDate(consultation: { responseDeadline: string | null }, stages: readonly StageDates[]): DraftDueDate | null {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const review = ordered.find((s) => REVIEW_STAGE.test(s.name) && (s.startsOn || s.dueOn));
  if (review) return { dueOn: (review.startsOn ?? review.dueOn)!, reason: `ready for the stage “${review.name}”` };
  const submit = ordered.find((s) => SUBMIT_STAGE.test(s.name) && (s.dueOn || s.startsOn));
  if (submit) return { dueOn: (submit.dueOn ?? submit.startsOn)!, reason: `for the stage “${submit.name}”` };
  if (consultation.responseDeadline) return { dueOn: consultation.responseDeadline, reason: "the response deadline" };
  const last = [...ordered].reverse().find((s) => s.dueOn);
  if (last) return { dueOn: last.dueOn!, reason: `the end of the stage “${last.name}”` };
  return null;
}

/** Whole calendar days from `today` (in UK time) to `dueOn`: 0 on the day, negative when overdue. */
export function daysUntil(dueOn: string, today: Date = new Date()): number {
  const todayUk = ukDate(today)!;
  const ms = Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${todayUk}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** "12 days left", "Due today", "3 days overdue". */
export function daysLeftText(days: number): string {
  if (days === 0) return "Due today";
  if (days > 0) return `${plural(days, "day")} left`;
  return `${plural(-days, "day")} overdue`;
}
