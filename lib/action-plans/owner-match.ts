// Who leads each priority of a pasted plan: the paper names the lead in words ("Chair of the
// Community Involvement Group (CIG)"), and the plan needs an organisation. Each lead is matched
// to the existing organisations: exactly (the name as written), then after normalising (case,
// punctuation, "&", role words such as "Chair of", little words), by the words of the lead all
// being in one organisation's name, or by its abbreviation in brackets being that organisation's
// initials. Two organisations matching equally well is no match. Unmatched leads are warned
// about; the officer chooses in the preview. Pure: names in, matches and warnings out.

export type OwnerCandidate = { id: string; name: string };
export type LeadMatch = {
  priority: number;
  leadText: string;
  organisationId: string | null;
  /** exact: the name as written; words: every word of the lead is in the name; initials: the bracketed abbreviation. */
  how: "exact" | "words" | "initials" | null;
};

const LITTLE = new Set(["the", "of", "and", "for", "a", "an", "to", "in", "on"]);
const ROLES = new Set(["chair", "chairman", "chairs", "chairperson", "vice", "lead", "leader", "officer", "head", "director", "manager", "secretary"]);

const plain = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\s+/g, " ")
    .trim();

/** The words that name an organisation: lower case, no punctuation, no little or role words. */
export function nameWords(s: string): string[] {
  return plain(s.replace(/\([^)]*\)/g, " "))
    .replace(/[^a-z0-9 ]+/g, " ")
    .split(" ")
    .filter((w) => w && !LITTLE.has(w) && !ROLES.has(w));
}

/** "Health and Wellbeing Partnership (HWP)" → "hwp". */
function bracketed(s: string): string[] {
  return [...s.matchAll(/\(([A-Za-z]{2,10})\)/g)].map((m) => m[1]!.toLowerCase());
}

/** Initials of a name's words, and of the name without its first word ("Rochford Health and Wellbeing Partnership" → rhwp, hwp). */
function initialsOf(name: string): string[] {
  const words = nameWords(name);
  const all = words.map((w) => w[0]).join("");
  return words.length > 2 ? [all, all.slice(1)] : [all];
}

/** "To be established" and the like: no lead yet (the importer says so itself). */
const NO_LEAD_YET = /^(to be (established|confirmed|agreed)|tbc|tba|none|n\/a)$/;

function matchOne(leadText: string, orgs: OwnerCandidate[]): { id: string; how: LeadMatch["how"] } | null {
  const lead = plain(leadText);
  if (!lead || NO_LEAD_YET.test(lead)) return null;
  const exact = orgs.filter((o) => plain(o.name) === lead);
  if (exact.length === 1) return { id: exact[0]!.id, how: "exact" };
  const words = nameWords(leadText);
  if (words.length) {
    // Every word of the lead is in the organisation's name; the closest (fewest extra words) wins.
    const scored = orgs
      .map((o) => {
        const ow = new Set(nameWords(o.name));
        return { o, covered: words.every((w) => ow.has(w)), extra: ow.size - words.filter((w) => ow.has(w)).length };
      })
      .filter((x) => x.covered)
      .sort((a, b) => a.extra - b.extra);
    if (scored.length === 1 || (scored.length > 1 && scored[0]!.extra < scored[1]!.extra)) return { id: scored[0]!.o.id, how: "words" };
    if (scored.length > 1) return null;
  }
  const abbreviations = bracketed(leadText);
  if (abbreviations.length) {
    const hits = orgs.filter((o) => initialsOf(o.name).some((i) => abbreviations.includes(i)) || bracketed(o.name).some((b) => abbreviations.includes(b)));
    if (hits.length === 1) return { id: hits[0]!.id, how: "initials" };
  }
  return null;
}

export function matchLeads(priorities: { number: number; leadText: string }[], orgs: OwnerCandidate[]): { matches: LeadMatch[]; warnings: string[] } {
  const warnings: string[] = [];
  const matches = priorities.map((p) => {
    const m = p.leadText.trim() ? matchOne(p.leadText, orgs) : null;
    if (!m && p.leadText.trim() && !NO_LEAD_YET.test(plain(p.leadText))) warnings.push(`Strategic Priority ${p.number}: no organisation matches the lead “${p.leadText}”; the council owns its milestones and indicators until you choose one.`);
    return { priority: p.number, leadText: p.leadText, organisationId: m?.id ?? null, how: m?.how ?? null };
  });
  return { matches, warnings };
}
