// Calendar dates a person may give a consultation, a stage or a deadline: a real day between
// 1900 and 9999. Postgres cannot store year 0 or a year past its range, and the app writes
// dates as YYYY-MM-DD, so anything else is refused with a message before it gets there.
// Browser-safe (the editor's forms check it as you type).

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 9999;
export const DATE_RANGE_MESSAGE = `Enter a date between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why "YYYY-MM-DD" is not a date the app can keep, or null when it is. */
export function calendarDateProblem(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return "Use a date as YYYY-MM-DD";
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return "Use a real date as YYYY-MM-DD";
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return DATE_RANGE_MESSAGE;
  return null;
}
