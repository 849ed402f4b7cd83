// Calendar dates as councils mean them: a consultation opens at the start of its opening day
// and closes at the end of its closing day, in UK time (GMT or BST), whatever the server's zone.
const TZ = "Europe/London";

// Made once: building an Intl formatter costs far more than formatting with it.
const WALL_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: TZ,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const CALENDAR_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });

/** The UK wall-clock time of an instant, to the second, as a Date whose UTC fields hold it (what a spreadsheet's date cell stores). */
export function ukWallClock(at: Date): Date {
  const parts = WALL_CLOCK.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")));
}

/** Minutes UK time is ahead of UTC at instant `at` (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  return Math.round((ukWallClock(at).getTime() - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The instant UK wall-clock time `date`T`time` happens. */
function londonWallClock(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}Z`);
  const offset = londonOffsetMinutes(guess);
  const candidate = new Date(guess.getTime() - offset * 60000);
  // Across a clock change the offset at the candidate may differ; one correction settles it.
  const offset2 = londonOffsetMinutes(candidate);
  return offset2 === offset ? candidate : new Date(guess.getTime() - offset2 * 60000);
}

/** 00:00:00 UK time on `date` ("YYYY-MM-DD"). */
export function startOfUkDay(date: string): Date {
  return londonWallClock(date, "00:00:00");
}

/** 23:59:59 UK time on `date`. */
export function endOfUkDay(date: string): Date {
  return londonWallClock(date, "23:59:59");
}

/** The UK calendar date ("YYYY-MM-DD") of an instant. */
export function ukDate(at: Date | string | null | undefined): string | undefined {
  if (!at) return undefined;
  const d = typeof at === "string" ? new Date(at) : at;
  const parts = CALENDAR_DATE.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Add whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
