// `npm run --silent parse-questions -- <file> [--title "…"] [--kind questionnaire|consultation_to_answer]`:
// runs the paste importer on a text file and prints the question set, with its warnings, as JSON.
import { readFile } from "node:fs/promises";
import { isDomainError } from "../lib/errors";
import { parseQuestionPaper, type ParseOptions } from "../lib/question-sets/parse";

const USAGE = 'Usage: npm run --silent parse-questions -- <file> [--title "Title"] [--kind questionnaire|consultation_to_answer]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readArgs(argv: string[]): { file: string; options: ParseOptions } {
  const options: ParseOptions = {};
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--title") options.title = argv[++i] ?? fail(`--title needs a value. ${USAGE}`);
    else if (arg === "--kind") {
      const kind = argv[++i];
      if (kind !== "questionnaire" && kind !== "consultation_to_answer") fail(`--kind must be questionnaire or consultation_to_answer. ${USAGE}`);
      options.kind = kind;
    } else if (arg.startsWith("--")) fail(`Unknown option ${arg}. ${USAGE}`);
    else if (file) fail(`Give one file only. ${USAGE}`);
    else file = arg;
  }
  return { file: file ?? fail(USAGE), options };
}

const { file, options } = readArgs(process.argv.slice(2));
let text: string;
try {
  text = await readFile(file, "utf8");
} catch (e) {
  const code = (e as NodeJS.ErrnoException).code;
  fail(code === "ENOENT" ? `No such file: ${file}` : `Cannot read ${file}: ${(e as Error).message}`);
}
try {
  const { questionSet, warnings } = parseQuestionPaper(text, options);
  process.stdout.write(`${JSON.stringify({ ...questionSet, warnings }, null, 2)}\n`);
} catch (e) {
  if (isDomainError(e)) fail(`${file}: ${e.message}`);
  throw e;
}
