// Deterministic, realistic-looking partner answers for benchmarks: sentences in the register
// of the seed papers, lengths skewed like real consultation answers (most short, a long tail).

const OPENERS = [
  "We agree with the proposal",
  "Our organisation broadly supports this",
  "The partnership has found",
  "In our experience",
  "We do not think",
  "It would help if the Government",
  "Local circumstances should decide",
  "The evidence from our area shows",
  "Parish councils are well placed",
  "The voluntary and community sector",
  "The police and community safety partners",
  "Primary care trusts",
];
const MIDDLES = [
  "the Sustainable Community Strategy should remain a long term vision",
  "the LAA action plan is refreshed annually",
  "neighbourhood engagement works best at district level",
  "thematic partnerships need clear lines of accountability",
  "a duty to co-operate would clarify responsibilities",
  "performance management is the main skill gap",
  "co-terminous boundaries make joint commissioning easier",
  "small organisations cannot supply data in the form asked",
  "the Local Compact already covers engagement",
  "overview and scrutiny could hold partners to account",
  "resources should be pooled up front",
  "regional and sub-regional plans must reflect local needs",
  "the executive should include an umbrella organisation",
  "capacity building for communities needs funding",
  "the local development framework gives spatial expression",
];
const CLOSERS = [
  "and this should be decided locally.",
  "provided it is kept short and specific.",
  "but only with support for capacity.",
  "which the council should reflect in its response.",
  "as our recent survey of residents confirmed.",
  "and we would welcome guidance on this.",
  "though the timetable is very tight.",
  "so national prescription should be reduced.",
];
const RARE = ["zeugma", "quillwort", "fenland", "samphire"];

/** A small, fast PRNG so that runs are repeatable. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Answer length: 50–2,000 characters, median about 250. */
export function answerLength(r: () => number): number {
  const x = Math.exp(Math.log(50) + (Math.log(2000) - Math.log(50)) * Math.pow(r(), 1.8));
  return Math.round(Math.min(2000, Math.max(50, x)));
}

export function answerText(r: () => number, length = answerLength(r), rareWordChance = 0.002): string {
  const parts: string[] = [];
  let n = 0;
  while (n < length) {
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    let sentence = `${pick(OPENERS)} that ${pick(MIDDLES)} ${pick(CLOSERS)}`;
    if (r() < rareWordChance) sentence = sentence.replace(/\.$/, `, as the ${pick(RARE)} project showed.`);
    parts.push(sentence);
    n += sentence.length + 1;
  }
  return parts.join(" ").slice(0, length).replace(/\s+\S*$/, "") + ".";
}

export const RARE_WORDS = RARE;
