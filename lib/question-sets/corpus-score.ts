// Scores the paste parser against the corpus of real consultation papers (corpus/NN-name.txt, each
// with its hand-written expected question list NN-name.json) and the seed paper: how many of the
// expected questions it finds word for word (recall), and how many of the questions it finds are
// real ones (precision). Used by `npm run import:score` and by corpus.test.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseQuestionPaper } from "./parse";

export type ExpectedQuestion = { number: string; text: string; required?: boolean; type?: string; options?: string[]; hint?: string };
export type PaperScore = {
  name: string;
  source: string;
  expected: number;
  found: number;
  matched: number;
  /** Matched questions whose required flag, and type and options when the list gives them, are right too. */
  attributesRight: number;
  missing: string[];
  extra: string[];
  error?: string;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = path.resolve(here, "corpus");
const SEED_PAPER = path.resolve(here, "../../../shared/seeds/002_c29d52a561d580ca.txt");
const SEED_SET = path.resolve(here, "../../db/seed/data/odpm-lsp-shaping-their-future.json");

/** Word for word, ignoring only spacing and the kind of apostrophe. */
export const normalise = (t: string) => t.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();

/** The fixture's text without its "# Source:" header lines. */
export function paperText(raw: string): { text: string; source: string } {
  const lines = raw.split("\n");
  let source = "";
  while (lines.length && lines[0].startsWith("# ")) {
    const m = /^# Source: (\S+)/.exec(lines[0]);
    if (m) source = m[1];
    lines.shift();
  }
  return { text: lines.join("\n"), source };
}

export function scorePaper(name: string, source: string, text: string, expected: ExpectedQuestion[]): PaperScore {
  let found: { text: string; required: boolean; type: string; options?: string[] }[] = [];
  let error: string | undefined;
  try {
    found = parseQuestionPaper(text).questionSet.chapters.flatMap((c) => c.questions);
  } catch (e) {
    error = (e as Error).message;
  }
  const pool = new Map<string, number[]>();
  found.forEach((q, i) => {
    const k = normalise(q.text);
    pool.set(k, [...(pool.get(k) ?? []), i]);
  });
  let matched = 0;
  let attributesRight = 0;
  const missing: string[] = [];
  const used = new Set<number>();
  for (const want of expected) {
    const hits = pool.get(normalise(want.text));
    const i = hits?.shift();
    if (i === undefined) {
      missing.push(`${want.number}: ${want.text}`);
      continue;
    }
    used.add(i);
    matched++;
    const got = found[i];
    const typeOk = want.type ? got.type === want.type : true;
    const optionsOk = want.options ? JSON.stringify(got.options ?? []) === JSON.stringify(want.options) : true;
    if (Boolean(want.required) === got.required && typeOk && optionsOk) attributesRight++;
  }
  const extra = found.filter((_, i) => !used.has(i)).map((q) => q.text);
  return { name, source, expected: expected.length, found: found.length, matched, attributesRight, missing, extra, error };
}

/** Every paper of the corpus, and the seed paper when the shared seeds are present. */
export function scoreCorpus(): PaperScore[] {
  const out: PaperScore[] = [];
  if (existsSync(SEED_PAPER)) {
    const set = JSON.parse(readFileSync(SEED_SET, "utf8")) as { chapters: { questions: ExpectedQuestion[] }[] };
    out.push(scorePaper("00-odpm-lsp-seed", "shared/seeds/002_c29d52a561d580ca.txt", readFileSync(SEED_PAPER, "utf8"), set.chapters.flatMap((c) => c.questions)));
  }
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".txt")).sort()) {
    const name = file.replace(/\.txt$/, "");
    const { text, source } = paperText(readFileSync(path.join(CORPUS_DIR, file), "utf8"));
    const expected = JSON.parse(readFileSync(path.join(CORPUS_DIR, `${name}.json`), "utf8")) as { questions: ExpectedQuestion[] };
    out.push(scorePaper(name, source, text, expected.questions));
  }
  return out;
}

export function totals(scores: PaperScore[]) {
  const sum = (f: (s: PaperScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const expected = sum((s) => s.expected);
  const found = sum((s) => s.found);
  const matched = sum((s) => s.matched);
  return { papers: scores.length, expected, found, matched, recall: expected ? matched / expected : 1, precision: found ? matched / found : 1, attributesRight: sum((s) => s.attributesRight) };
}
