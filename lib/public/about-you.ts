// "About you": optional questions a member of the public may answer, each with "Prefer not to
// say". Stored on the response (responses.about_you) as personal data, which retention and
// erasure remove; reports count them, never show them beside a person's answers.

export const PREFER_NOT_TO_SAY = "prefer_not_to_say";

export type AboutYouQuestion = {
  key: string;
  text: string;
  hint?: string;
  kind: "choice" | "text";
  options?: { value: string; text: string }[];
  pattern?: RegExp;
  patternMessage?: string;
  maxLength?: number;
};

/** A choice question: its options as [value, words], "Prefer not to say" added last. */
const choice = (key: string, text: string, options: [value: string, text: string][]): AboutYouQuestion => ({
  key,
  text,
  kind: "choice",
  options: [...options, [PREFER_NOT_TO_SAY, "Prefer not to say"] as const].map(([value, text]) => ({ value, text })),
});

export const ABOUT_YOU_QUESTIONS: readonly AboutYouQuestion[] = [
  choice("connection", "What is your connection to the area?", [
    ["live", "I live here"],
    ["work", "I work here"],
    ["business", "I run a business here"],
    ["study", "I study here"],
    ["visit", "I visit"],
    ["other", "Other"],
  ]),
  choice("ageBand", "How old are you?", [
    ["under_18", "Under 18"],
    ["18_24", "18 to 24"],
    ["25_34", "25 to 34"],
    ["35_44", "35 to 44"],
    ["45_54", "45 to 54"],
    ["55_64", "55 to 64"],
    ["65_74", "65 to 74"],
    ["75_plus", "75 or over"],
  ]),
  {
    key: "postcodeDistrict",
    text: "What is the first part of your postcode?",
    hint: "For example, PE37. Leave it blank if you prefer not to say.",
    kind: "text",
    pattern: /^[A-Z]{1,2}[0-9][0-9A-Z]?$/,
    patternMessage: "Enter only the first part of your postcode, like PE37",
    maxLength: 4,
  },
];

export const aboutYouField = (key: string) => `about-${key}`;

/** The answers given (blank ones left out), or the message for each field that is wrong. */
export function parseAboutYou(fields: Record<string, unknown>): { value: Record<string, string> | null; errors: Record<string, string> } {
  const value: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const q of ABOUT_YOU_QUESTIONS) {
    const raw = fields[aboutYouField(q.key)];
    const text = (Array.isArray(raw) ? String(raw[0] ?? "") : typeof raw === "string" ? raw : "").trim();
    if (!text) continue;
    if (q.kind === "choice") {
      if (q.options!.some((o) => o.value === text)) value[q.key] = text;
      else errors[aboutYouField(q.key)] = `Select an answer to “${q.text}”, or leave it`;
    } else {
      const t = text.toUpperCase().replace(/\s+/g, "");
      if (t.length > (q.maxLength ?? 100) || (q.pattern && !q.pattern.test(t))) errors[aboutYouField(q.key)] = q.patternMessage ?? "Check your answer";
      else value[q.key] = t;
    }
  }
  return { value: Object.keys(value).length ? value : null, errors };
}

/** Each answered question with its answer's words, for the check page and the receipt. */
export function describeAboutYou(value: Record<string, string> | null | undefined): { question: string; answer: string }[] {
  if (!value) return [];
  return ABOUT_YOU_QUESTIONS.filter((q) => value[q.key]).map((q) => ({
    question: q.text,
    answer: q.options?.find((o) => o.value === value[q.key])?.text ?? value[q.key]!,
  }));
}
