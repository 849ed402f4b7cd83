// Turns an answer into the terms the analysis counts: lower-cased words without stop words
// (the `stopword` package's English list plus the filler of consultation answers), stemmed with
// Porter2 (`wink-porter2-stemmer`), and the two-word phrases of words that stood side by side.
import { eng as englishStopWords } from "stopword";
import stem from "wink-porter2-stemmer";

/** Words that carry no theme in consultation answers, beyond the general English list. */
const EXTRA_STOP_WORDS = [
  "i'm", "i've", "i'd", "i'll", "it's", "don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't",
  "weren't", "shouldn't", "wouldn't", "couldn't", "that's", "there's", "they're", "we're", "you're", "let's",
  "would", "could", "should", "might", "must", "shall", "will", "may", "also", "really", "just", "very", "quite",
  "much", "many", "lot", "lots", "think", "feel", "believe", "thing", "things", "etc", "yes", "no", "get", "got",
  "one", "two", "us", "me", "my", "our", "your", "their", "them", "they", "we", "you", "it", "its", "im", "ive",
  "dont", "doesnt", "cant", "wont", "isnt", "even", "still", "well", "way", "make", "made", "see", "like", "say",
  "said", "some", "any", "every", "ever", "never", "always", "often", "please", "thank", "thanks", "re", "ve",
];

export const STOP_WORDS: ReadonlySet<string> = new Set([...englishStopWords, ...EXTRA_STOP_WORDS]);

export type Tokens = {
  /** Stemmed content words, in order. */
  terms: string[];
  /** Stemmed two-word phrases ("park charg") of content words that stood side by side. */
  phrases: string[];
  /** The surface word seen for each stem (and "word word" for each phrase), for labels. */
  surfaces: [string, string][];
};

const WORD = /[a-z]+(?:['’][a-z]+)*/g;
const stemCache = new Map<string, string>();
// Phrases are interned too: 100,000 answers repeat the same few thousand phrases, and one
// string per occurrence costs hundreds of megabytes.
const phraseCache = new Map<string, Map<string, string>>();

function phraseOf(a: string, b: string): string {
  let m = phraseCache.get(a);
  if (!m) {
    if (phraseCache.size >= 200_000) return `${a} ${b}`;
    phraseCache.set(a, (m = new Map()));
  }
  let p = m.get(b);
  if (p === undefined) {
    p = `${a} ${b}`;
    m.set(b, p);
  }
  return p;
}

function stemOf(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/** Split, drop stop words, stem, and pair neighbours into phrases. Pure and deterministic. */
export function tokenise(text: string): Tokens {
  const lower = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const terms: string[] = [];
  const phrases: string[] = [];
  const surfaces: [string, string][] = [];
  let prev: { stem: string; word: string; pos: number } | null = null;
  let pos = 0;
  for (const m of lower.matchAll(WORD)) {
    const word = m[0].replace(/’/g, "'");
    pos++;
    if (word.length < 2 || STOP_WORDS.has(word) || STOP_WORDS.has(word.replace(/'/g, ""))) continue;
    const bare = word.replace(/'s$/, "").replace(/'/g, "");
    if (bare.length < 2) continue;
    const s = stemOf(bare);
    terms.push(s);
    surfaces.push([s, bare]);
    if (prev && prev.pos === pos - 1 && prev.stem !== s) {
      const p = phraseOf(prev.stem, s);
      phrases.push(p);
      surfaces.push([p, `${prev.word} ${bare}`]);
    }
    prev = { stem: s, word: bare, pos };
  }
  return { terms, phrases, surfaces };
}

/** Text reduced to lower-case letters and digits with single spaces: equal for exact duplicates. */
export function normaliseForDuplicates(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
