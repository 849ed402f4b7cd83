// Prints the paste parser's recall and precision on each paper of the corpus and overall.
// Usage: npm run import:score [-- --verbose]
import { scoreCorpus, totals } from "../lib/question-sets/corpus-score";

const verbose = process.argv.includes("--verbose");
const scores = scoreCorpus();
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "–");
console.log("paper".padEnd(40), "expected", "found", "matched", "recall", "precision", "attributes");
for (const s of scores) {
  console.log(
    s.name.padEnd(40),
    String(s.expected).padStart(8),
    String(s.found).padStart(5),
    String(s.matched).padStart(7),
    pct(s.matched, s.expected).padStart(6),
    pct(s.matched, s.found).padStart(9),
    pct(s.attributesRight, s.matched).padStart(10),
    s.error ? ` ERROR: ${s.error}` : "",
  );
  if (verbose) {
    for (const m of s.missing) console.log("   missing:", m.slice(0, 160));
    for (const x of s.extra) console.log("   extra:  ", x.slice(0, 160));
  }
}
const t = totals(scores);
console.log(`\noverall: ${t.papers} papers, ${t.expected} expected questions, ${t.found} found, ${t.matched} word for word; recall ${pct(t.matched, t.expected)}, precision ${pct(t.matched, t.found)}, attributes right ${pct(t.attributesRight, t.matched)}`);
