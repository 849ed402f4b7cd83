// The covering letter's template: plain text with a few named {{placeholders}}, filled in when a
// letter is made. Only the names below exist; any other is refused when the template is saved,
// so a typo never reaches a letter as "{{consultaton_title}}".

export const PLACEHOLDERS = {
  consultation_title: "The consultation's title",
  asked_by: "Who asked (the addressee), for example ODPM",
  response_deadline: "When the council's answer is due",
  council_name: "The council's name",
  signatory_name: "Who signs the letter",
  signatory_title: "The signatory's job title",
  contact_officer: "The contact officer's name, email and phone",
  date: "The date the letter is made",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Record<Placeholder, string>;

export const DEFAULT_LETTER_TEMPLATE = `Dear {{asked_by}},

Thank you for the opportunity to respond to the consultation “{{consultation_title}}”. {{council_name}}'s response to each of the key questions is set out in the annex to this letter.

If you have any questions about our response, please contact {{contact_officer}}.`;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template uses that do not exist (each once, in order of first use). */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const m of template.matchAll(TOKEN)) {
    const name = m[1]!;
    if (!Object.hasOwn(PLACEHOLDERS, name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** The template filled in: plain text still, to be escaped by whichever renderer shows it. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(TOKEN, (whole, name: string) => (Object.hasOwn(PLACEHOLDERS, name) ? values[name as Placeholder] : whole));
}
