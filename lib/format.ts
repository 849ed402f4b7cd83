// Dates and labels as people in English councils read them.
const TZ = "Europe/London";

// Made once: building an Intl formatter costs far more than formatting with it.
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: TZ });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
  timeZone: TZ,
});

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value.length === 10 ? `${value}T12:00:00Z` : value) : value;
  return DATE.format(d);
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return DATE_TIME.format(d).replace(" at ", ", ");
}

const LABELS: Record<string, string> = {
  partner: "Partner",
  officer: "Officer",
  signatory: "Signatory",
  scrutiny: "Scrutiny committee",
  admin: "Administrator",
  council: "Council",
  police: "Police",
  health: "Health",
  voluntary_sector: "Voluntary sector",
  parish: "Parish council",
  business: "Business",
  other: "Other",
  questionnaire: "Questionnaire",
  consultation_to_answer: "Consultation to answer",
  draft: "Draft",
  open: "Open",
  closed: "Closed",
  archived: "Archived",
  submitted: "Submitted",
  drafting: "Drafting",
  in_review: "In review",
  signed_off: "Signed off",
  not_started: "Not started",
  ready_for_review: "Ready for review",
  approved: "Approved",
};

export function label(value: string): string {
  return LABELS[value] ?? value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}
