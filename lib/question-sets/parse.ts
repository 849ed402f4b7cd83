// The paste importer: turns a consultation paper's pasted list of key questions (and any
// interleaved draft answers) into a question set, with a warning for everything it was unsure of.
// Pure (no I/O), so a server action, the CLI and the tests all run exactly the same code.
import { InvalidError } from "../errors";
import { QUESTION_SET_FORMAT, QUESTION_SET_FORMAT_VERSION } from "./schema";
import { clip } from "../text/clip";
import type { QuestionSet, QuestionSetChapter, QuestionSetQuestion } from "./schema";

/** Larger pastes are refused: no real list of questions comes near it, and parsing stays instant. */
export const MAX_PASTE_BYTES = 2 * 1024 * 1024;

export type ParseWarning = {
  /** 1-based line number in the pasted text. */
  line: number;
  code: ParseWarningCode;
  message: string;
  /** The text concerned, when there is some to show. */
  text?: string;
};

export type ParseWarningCode =
  | "number_gap"
  | "number_repeat"
  | "number_order"
  | "empty_question"
  | "empty_chapter"
  | "unplaced_text"
  | "extra_answer"
  | "page_number"
  | "running_header"
  | "list_end"
  | "too_long"
  | "explanatory_paragraph"
  | "too_many_warnings";

export type ParseOptions = {
  title?: string;
  kind?: QuestionSet["kind"];
};

/**
 * Lines of the input not imported, with why: before the list starts, after it ends, or page
 * furniture (page numbers, running headers, form labels such as "Question Title"), whose text
 * gives each line's number ("line 12: Page 3 of 8").
 */
export type SkippedLines = { from: number; to: number; reason: "before_questions" | "after_questions" | "page_furniture"; text: string };

export type ParseResult = {
  questionSet: QuestionSet;
  warnings: ParseWarning[];
  /** Every line that is neither placed nor warned about is listed here: nothing is lost silently. */
  skipped: SkippedLines[];
  /** Title lines found at the top of the paper, best first, to offer as the consultation's title. */
  titleSuggestions: string[];
};

// The schema's limits, applied here so the result always validates (see schema.ts).
const LIMITS = {
  title: 300,
  summary: 20_000,
  description: 5000,
  subheading: 300,
  text: 5000,
  hint: 2000,
  answer: 100_000,
  questionsPerChapter: 500,
  chapters: 100,
} as const;

// Enough to show the officer what to look at; thousands of identical warnings help nobody.
const MAX_WARNINGS = 200;

// ---------------------------------------------------------------------------------------------
// Line patterns. Every pattern is anchored and free of nested quantifiers, so each line is
// matched in time proportional to its length and the whole parse stays linear.

const PAGE_NUMBER =
  /^(?:(?:agenda\s+)?page\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|\d{1,4}\s*(?:of|\/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|\[\s*\d{1,4}\s*\])$/i;
const LONE_NUMBER = /^\d{1,4}$/;
// Glyph bullets may touch the text; ASCII ones need a space so "-5" or "*note*" survive.
const BULLETS = /^(?:[-–—*>]\s+|[•●▪■◦○➤►▶▸·‣⁃✓✔→\uf0b7\uf0a7\uf0d8\uf076]\s*)+/;

const KEY_QUESTIONS = /^(?:(?:key|consultation)\s+)?questions(?:\s+for\s+consultation)?\s*(?:[-–—:]\s*(.*))?$/i;
const CHAPTER = /^(chapter|section|part)\s+(\d{1,3}|[ivxlc]{1,6}|[a-z])\b\s*(?:[-–—:.]\s*(.*))?$/i;
const CHAPTER_NO_SEPARATOR = /^(chapter|section|part)\s+(\d{1,3}|[ivxlc]{1,6}|[a-z])\s+(\p{Lu}.{0,79})$/iu;
const END_HEADING =
  /^(?:\d{1,3}\.?\s+)?(?:conclusions?|recommendations?|next steps|background (?:papers|documents)|(?:financial|legal|staffing|equality|risk|hr|other)\s+implications|implications|comments of .{1,80}|glossary|how to respond|responding to this consultation|contact details|signed|report author.*|appendices)\s*:?$/i;
const REGION_HEADING = /\b(?:questions|questionnaire|draft (?:responses?|answers?)|consultation response form)\b/i;

const Q_PREFIXED = /^(?:q|question)\s*\.?\s*(\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)(?:\s*[:.)\-–—]\s*|\s+|$)(.*)$/i;
const Q_DECIMAL = /^(\d{1,3}(?:\.\d{1,3}){1,3})\.?(?:\s*[:)\-–—]\s*|\s+|$)(.*)$/;
// "1." needs a space after it, so "3.5%" or "10:30" never start a question.
const Q_SIMPLE = /^\(?(\d{1,3}[a-h]?)(?:[:.)](?=\s|$))\s*(.*)$/;
// "Evaluation Question 1:", "Consultation Question 3:", "Question Evaluation Question 1:".
const Q_LABELLED = /^(?:\p{Lu}\p{Ll}+\s+){1,2}(?:Q|[Qq]uestion)\s*(\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)\s*[:.)\-–—]\s*(.*)$/u;
// Online survey pages' furniture, copied with the questions.
const FURNITURE = /^(?:question title|powered by (?:surveymonkey|smartsurvey)|\* required|required)$/i;

const ANSWER_A = /^A(?::|\.(?=\s|$))\s*(.*)$/;
const ANSWER_WORD = /^(?:answer|response|draft (?:answer|response)|our response|reply)\s*(?::|[-–—](?=\s))\s*(.*)$/i;
const PART = /^(?:\(([a-h]|[ivx]{1,4})\)|([a-h]|[ivx]{1,4})\))\s+(\S.*)$/;

const NAMED_CHAPTER = /^(.{2,120}?)\s*\((?:chapter|section|part)\s+(\d{1,3})\)\s*[.;,]?$/i;

// Simple inline markup survives some copy-and-paste routes (Word to web to text).
const INLINE_TAG = /<\/?(?:u|b|i|em|strong|span|sup|sub|small|mark|ins|del|s|font|p)\b[^<>]{0,200}>/gi;
const BREAK_TAG = /<br\s*\/?>/gi;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };
const ENTITY = /&(?:amp|lt|gt|quot|#39|nbsp);/g;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060]/g;
// Printable characters with single spaces between words: nothing for clean() to do.
const PLAIN = /^[^\s\u00ad\u200b-\u200d\u2060](?:[^\s\u00ad\u200b-\u200d\u2060]| (?! |$))*$/;

const REPORT_SECTION = /^(?:purpose|background|introduction|executive summary|summary|contents|table of contents|recommendations?|conclusions?|risk issues|corporate priorities|report of|agenda)\b/i;

// Patterns of real papers' question lists (see corpus/): instructions, option lists, follow-ups.
const INSTRUCTION =
  /^\(?(?:please\s+)?(?:select|tick|choose|mark|circle|pick|rank)\b.{0,80}?(?:apply|box(?:es)?|one|only|options?|answers?|below|appropriate|preference|order|\d)\)?\.?\)?$/i;
// A printed form's answer instruction in capitals, its tick glyph often lost in copying:
// "PLEASE TICK ONE BOX ON EACH ROW", "PLEASE ONE ANSWER ONLY".
const CAPS_INSTRUCTION = /^PLEASE(?: (?:[A-Z]{1,12}|\(\s?\)|[✓✔√]))+\.?$/;
const isInstruction = (t: string) => INSTRUCTION.test(t) || CAPS_INSTRUCTION.test(t);
// "(Required)" on its own line under a question (Citizen Space and similar forms).
const REQUIRED_NOTE = /^\((?:required|mandatory)\)$/i;
const MULTIPLE = /\b(?:all that apply|as many as|all those that apply|more than one|all which apply|any that apply|up to (?:\d+|two|three|four|five))\b/i;
const FOLLOW_UP =
  /^\(?(?:if\s+(?:not|no|so|yes|you\s+(?:disagree|agree|answered|selected|chose))\b|please\s+(?:explain|expand)\b|please\s+(?:give|provide)\s+(?:your\s+)?(?:reasons?|details|evidence)\b|(?:please\s+)?give\s+(?:your\s+)?reasons?\b|why(?:\s+not)?\b|explain\s+why\b|tell us why\b|what are your reasons\b)/i;
const REQUIRED_MARK = /\s*(?:\*+|\(required\)|\(mandatory\))$/i;
// Tick boxes drawn as characters, before or after an option.
const BOX = /[☐□■☑☒◻◼▢❑❒○◯]|\[\s?[xX✓✔]?\s?\]|\(\s?\)/gu;
const KNOWN_OPTION =
  /^(?:strongly agree|agree|tend to agree|somewhat agree|neither agree n?or disagree|neutral|tend to disagree|somewhat disagree|disagree|strongly disagree|don't know|do not know|not sure|unsure|no opinion|no view|yes|no|maybe|partly|partially|yes, partly|prefer not to say|not applicable|n\/a|other|other \(please specify\)|other, please specify|very satisfied|fairly satisfied|satisfied|neither satisfied n?or dissatisfied|dissatisfied|fairly dissatisfied|very dissatisfied|very important|quite important|fairly important|important|not very important|not important|not at all important|very likely|likely|unlikely|very unlikely|support|oppose|strongly support|strongly oppose|neither support n?or oppose|tend to support|tend to oppose|male|female|good|poor|very good|very poor|fair|excellent)$/i;

/** Is the question's text finished (a question mark, a full stop, a required mark)? */
function isComplete(last: string): boolean {
  return /[?.!:;*…]["'”’)\]]*$/.test(last) || /\((?:required|mandatory)\)$/i.test(last) || /\?\s*\[[^\]]*\/[^\]]*\]$/.test(last);
}

/** The options a line lists ("Yes / No", "☐ Agree", "Strongly disagree"), or null if it is not an option line. */
function optionLine(line: string): string[] | null {
  if (line.length > 200) return null;
  const boxed = BOX.test(line);
  BOX.lastIndex = 0;
  const norm = (t: string) => t.replace(/[’]/g, "'").replace(/\s+/g, " ").trim();
  let parts: string[];
  if (boxed) parts = line.split(BOX).map(norm).filter(Boolean);
  else if (/\s[/|]\s|^[^/]+\/[^/]+$/.test(line)) parts = line.split(/\s*[/|]\s*/).map(norm).filter(Boolean);
  // "Yes No": a printed form's tick boxes, their boxes lost in copying.
  else if (/^(?:yes|no)\s+(?:yes|no)$/i.test(line.trim())) parts = line.trim().split(/\s+/);
  else parts = [norm(line)];
  BOX.lastIndex = 0;
  if (!parts.length) return null;
  for (const p of parts) {
    if (p.length > 80 || /[.?]$/.test(p) && !/etc\.$/.test(p)) return null;
    if (!boxed && !KNOWN_OPTION.test(p.replace(/[,;:]$/, ""))) return null;
  }
  // A lone known word not in a box ("Yes") is an option only beside others; one line of several is fine.
  return parts.map((p) => p.replace(/[,;]$/, "")).map((p) => (p === line.trim() ? p : p));
}

/** A short line under a question ending "?" ("Daily", "Weekly", "Rarely"): one of its options. */
function shortOption(line: string): string[] | null {
  if (line.length > 40 || line.split(" ").length > 5 || /[.?:;,!]$/.test(line) || !startsWithCapital(line)) return null;
  if (/\p{Lu}{2,}/u.test(line) && !/\p{Ll}/u.test(line)) return null;
  if (END_HEADING.test(line) || REPORT_SECTION.test(line) || isInstruction(line) || FOLLOW_UP.test(line)) return null;
  return [line];
}

// Words that open a question or a request; a numbered paragraph starting otherwise, with no
// question mark, explains ("3.1 The schedule is set out in Appendix A.").
const ASKS =
  /^(?:["'“‘(]?)(?:please|do|does|did|what|which|how|why|who|whom|whose|where|when|should|shall|would|could|can|will|is|are|was|were|has|have|to what extent|in what|tell us|describe|explain|give|list|provide|comment|comments|any other|anything else|name|your|rate|rank|indicate|select|tick|choose|identify|outline|suggest|set out|state|consider|if|views|we (?:would )?welcome|we invite|we seek|we would like|we want|enter|add|upload|are there|is there|in your (?:view|opinion))\b/i;

// "On Section 3, how could we improve it." asks, though it has no question mark.
const ASKS_WITHIN = /\b(?:how|what|which|why|where|when|who) (?:could|can|should|would|might|will|do|does) (?:we|you|the council|it|they|this)\b/i;

/** Numbered paragraphs that explain rather than ask become text (context), with their number kept. */
function demoteExplanatory(lines: Line[]): number[] {
  const out: number[] = [];
  let remaining = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== "question") continue;
    // A form's required mark ("* 5.") is only ever put on a question.
    if (l.requiredMark) {
      remaining++;
      continue;
    }
    let text = l.body;
    let j = i + 1;
    for (; j < lines.length && lines[j].kind === "text" && !lines[j].bullet; j++) text += ` ${lines[j].text}`;
    while (j < lines.length && lines[j].kind === "blank") j++;
    const answered = j < lines.length && lines[j].kind === "answer";
    // What follows before the next numbered line: a question there ("Do you agree…?") or a
    // request to tick makes the numbered paragraph that question's preamble.
    let asksLater = false;
    for (let k = j; k < lines.length && k < j + 60; k++) {
      const n = lines[k];
      if (n.kind === "question" || n.kind === "chapter" || n.kind === "endHeading") break;
      if (n.kind === "text" && (/\?["'”’)]*$/.test(n.text) || /^please\s+(?:tick|select|choose|confirm|indicate)\b/i.test(n.text))) {
        asksLater = true;
        break;
      }
    }
    const words = text.split(" ").length;
    // "3. Charges" followed by 3.1, 3.2: a numbered heading, so a chapter.
    if (!answered && !text.includes("?") && l.body.length <= 80 && l.body.split(" ").length <= 8 && !/[.;:,]$/.test(l.body) && !ASKS.test(l.body) && startsWithCapital(l.body)) {
      let k = i + 1;
      while (k < lines.length && lines[k].kind !== "question") k++;
      const child = k < lines.length ? lines[k].seq! : null;
      if (child && child.nums.length === l.seq!.nums.length + 1 && l.seq!.nums.every((n, d) => child.nums[d] === n)) {
        l.kind = "chapter";
        l.chapterName = l.body;
        l.bareLabel = l.body;
        l.chapterNumber = undefined;
        continue;
      }
    }
    if (
      !answered &&
      !asksLater &&
      !text.includes("?") &&
      words >= 8 &&
      /[.;]["'”’)]*$/.test(text) &&
      !ASKS.test(l.body) &&
      !ASKS_WITHIN.test(text) &&
      !/\b(?:your views?|views on|tell us|comment on|let us know|do you|would you|please)\b/i.test(text)
    ) {
      out.push(i);
    } else remaining++;
  }
  if (!remaining) return [];
  for (const i of out) {
    const l = lines[i];
    l.kind = "text";
    l.explanatory = l.number;
    l.body = l.text;
  }
  return out;
}

/** Heading-like lines at the top of the paper, for the officer to choose the title from. */
function suggestTitles(lines: Line[], firstQuestion: number): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length) {
      const joined = run.join(": ");
      if (run.length > 1 && joined.length <= 200) out.push(joined);
      out.push(...run);
    }
    run = [];
  };
  for (let i = 0; i < Math.min(firstQuestion, 40) && out.length < 8; i++) {
    const l = lines[i];
    const t = l.text;
    if (l.kind === "blank") {
      endRun();
      continue;
    }
    const heading =
      l.kind === "text" &&
      !l.bullet &&
      t.length >= 4 &&
      t.length <= 150 &&
      !/[.,;:?]$/.test(t) &&
      startsWithCapital(t) &&
      t.split(" ").length <= 16 &&
      !/^(?:https?:|www\.|source:)/i.test(t) &&
      !REPORT_SECTION.test(t);
    if (heading) run.push(l.caps ? titleCase(t) : t);
    else endRun();
  }
  endRun();
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------

type Kind =
  | "blank"
  | "pageBreak"
  | "pageNumber"
  | "loneNumber"
  | "chapter"
  | "endHeading"
  | "question"
  | "answer"
  | "part"
  | "text";

type Seq = { nums: number[]; letter: string };

type Line = {
  no: number;
  /** Cleaned, whitespace collapsed, trimmed. */
  text: string;
  /** `text` without a leading bullet; for a question or an answer, what follows "1." or "A:". */
  body: string;
  bullet: boolean;
  kind: Kind;
  number?: string;
  seq?: Seq;
  prefixed?: boolean;
  /** Chapter headings: the name after "Key Questions –" or "Chapter 2:". */
  chapterName?: string;
  chapterNumber?: number;
  bareLabel?: string;
  keyQuestions?: boolean;
  caps?: boolean;
  regionHeading?: boolean;
  /** "* 1." on an online survey page: a required question. */
  requiredMark?: boolean;
  /** A numbered paragraph that explains rather than asks: its printed number. */
  explanatory?: string;
  /** "(Required)" on a line of its own: marks the question above it required. */
  requiredNote?: boolean;
};

/** Text built up line by line; remembers its last piece so joins never re-read the whole string. */
class Acc {
  private parts: string[] = [];
  last = "";
  get empty() {
    return this.parts.length === 0;
  }
  add(piece: string, separator: string) {
    if (!piece) return;
    if (this.parts.length) this.parts.push(separator);
    this.parts.push(piece);
    this.last = piece;
  }
  toString() {
    return this.parts.join("");
  }
}

type DraftQuestion = {
  number: string;
  /** As printed, before any renumbering of a repeat. */
  printed: string;
  seq: Seq;
  line: number;
  subheading?: string;
  text: Acc;
  answer?: Acc;
  /** Paragraphs shown under the question: lists and sub-headed blocks after it, the preamble before it. */
  hint: string[];
  options: string[];
  /** Options may still follow (nothing but instructions since the question ended). */
  optionsOpen: boolean;
  multiple: boolean;
  required: boolean;
};

type DraftChapter = {
  title: string;
  line: number;
  /** From a bare "Key Questions" heading: it may only have been the heading of the whole list. */
  generic: boolean;
  heading: string;
  description: Acc;
  questions: DraftQuestion[];
};

type Block = "summary" | "intro" | "question" | "answer" | "unplaced" | "context" | null;

/** Text between a finished question and the next: the first's hint, or the next one's preamble. */
type Pending = { text: string; line: number; bullet: boolean; blankBefore: boolean; heading: boolean };

/** Pending text in paragraphs: a blank line, or a sub-heading after plain text, starts a new one. */
function groupPending(pending: Pending[]): Pending[][] {
  const groups: Pending[][] = [];
  for (const p of pending) {
    if (!groups.length || p.blankBefore || (p.heading && !groups[groups.length - 1][0].heading)) groups.push([p]);
    else groups[groups.length - 1].push(p);
  }
  return groups;
}

/** A paragraph of pending text as hint text: list items as "- item", plain lines run together. */
function renderGroup(group: Pending[]): string {
  let out = "";
  let plain = false;
  for (const p of group) {
    const isPlain = !p.bullet && !p.heading;
    out += out ? (isPlain && plain ? " " : "\n") : "";
    out += p.bullet ? `- ${p.text}` : p.text;
    plain = isPlain;
  }
  return out;
}

/**
 * Parse a pasted list of questions. Throws InvalidError for empty or oversized input and when
 * no numbered question can be found; everything else it is unsure of comes back as a warning.
 */
export function parseQuestionPaper(text: string, options: ParseOptions = {}): ParseResult {
  if (utf8Length(text, MAX_PASTE_BYTES) > MAX_PASTE_BYTES) {
    throw new InvalidError(
      `The pasted text is too long: paste at most ${MAX_PASTE_BYTES / 1024 / 1024} MB, for example just the list of questions.`,
    );
  }
  if (!text.trim()) throw new InvalidError("Paste the consultation paper's questions first.");

  const lines = splitLines(text);
  letterUnnumbered(lines);
  demoteLeadInLists(lines);
  const prefixedCount = lines.reduce((n, l) => n + (l.kind === "question" && l.prefixed ? 1 : 0), 0);
  // Papers that write "Q1" or "Question 1" use plain numbers for their paragraphs.
  if (prefixedCount >= 2) {
    for (const l of lines) if (l.kind === "question" && !l.prefixed) l.kind = "text";
  }
  demoteExplanatory(lines);

  const nextQuestion = new Int32Array(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--) nextQuestion[i] = lines[i].kind === "question" ? i : nextQuestion[i + 1];
  if (nextQuestion[0] === -1) {
    throw new InvalidError(
      'We could not find any numbered questions. Number each question at the start of its line, for example "1.", "Q1" or "Question 1:".',
    );
  }

  const start = findStart(lines, nextQuestion);
  const warnings = new Warnings();
  const skipped: SkippedLines[] = [];

  // Lines left out as page furniture: listed at the end, so no line of the paste is lost unseen.
  const furniture: { no: number; text: string }[] = [];
  const silentHeaders = new Set<number>();
  const removed = findRunningHeaders(lines, start, nextQuestion, warnings, silentHeaders);
  const chapterNames = namedChapters(lines, start);

  const chapters: DraftChapter[] = [];
  const summary = new Acc();
  let chapter: DraftChapter | null = null;
  let question: DraftQuestion | null = null;
  let block: Block = null;
  let unplaced: ParseWarning | null = null;
  let subheading: string | undefined;
  let sawBlank = true;
  let sawPageBreak = false;
  let answers = 0;
  let questionCount = 0;
  let answerList = 0;
  const seen = new Map<string, number>();
  const copies = new Map<string, number>();
  let last: DraftQuestion | null = null;
  let pending: Pending[] = [];

  /** Give the text since the last question to it (lists, sub-headed blocks) or to the next (preamble). */
  const flushPending = (next: DraftQuestion | null) => {
    if (!pending.length) return;
    const prev = pending[0] && last && last !== next ? last : null;
    const groups = groupPending(pending);
    // Lists, sub-headed blocks and instructions straight after the question are its hint;
    // from the first plain paragraph on, the text introduces the next question.
    let split = groups.length;
    if (next) {
      split = 0;
      while (prev && split < groups.length) {
        const first = groups[split][0];
        if (!(first.bullet || first.heading || isInstruction(first.text) || (split === 0 && !first.blankBefore))) break;
        split++;
      }
    }
    const after = groups.slice(0, split).map(renderGroup);
    const before = groups.slice(split).map(renderGroup);
    if (prev) prev.hint.push(...after);
    else if (after.length) before.unshift(...after);
    if (before.length) {
      if (next) next.hint.unshift(...before);
      else if (prev) prev.hint.push(...before);
    }
    pending = [];
  };

  const startChapter = (title: string, line: number, generic: boolean, heading = title) => {
    if (chapters.length >= LIMITS.chapters) throw tooBig(`more than ${LIMITS.chapters} chapters`);
    chapter = { title, line, generic, heading, description: new Acc(), questions: [] };
    chapters.push(chapter);
    return chapter;
  };
  const placeNowhere = (l: Line, message: string) => {
    if (block === "unplaced" && !sawBlank && unplaced) {
      unplaced.text = `${unplaced.text} ${l.text}`;
      return;
    }
    unplaced = { line: l.no, code: "unplaced_text", message, text: l.text };
    warnings.add(unplaced);
    block = "unplaced";
  };

  let i = start;
  const regionHeading = lines[start].kind === "text" && Boolean(lines[start].regionHeading);
  if (regionHeading) {
    // A heading such as "Draft responses to key questions": what follows it, before the first
    // chapter or question, introduces the whole list.
    block = "summary";
    i++;
  }

  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l.explanatory && !removed.has(i)) {
      // Its number counts as seen, so it is not reported missing.
      if (!seen.has(l.explanatory)) seen.set(l.explanatory, l.no);
      warnings.add({
        line: l.no,
        code: "explanatory_paragraph",
        message: `Paragraph ${l.explanatory} explains rather than asks, so it was kept as context (a chapter's description or a question's hint), not made a question.`,
        text: l.text,
      });
    }
    switch (l.kind) {
      case "blank":
        sawBlank = true;
        continue;
      case "pageBreak":
        sawBlank = sawPageBreak = true;
        continue;
      case "pageNumber":
        furniture.push({ no: l.no, text: l.text });
        sawBlank = sawPageBreak = true;
        continue;
      case "loneNumber": {
        if (!last || l.text !== expectedNext(last.seq)) furniture.push({ no: l.no, text: l.text });
        else {
          warnings.add({
            line: l.no,
            code: "page_number",
            message: `A line holding only "${l.text}" was taken to be a page number. If it is question ${l.text}, put its number and text on the same line.`,
            text: l.text,
          });
        }
        sawBlank = sawPageBreak = true;
        continue;
      }
    }
    if (removed.has(i)) {
      if (silentHeaders.has(i)) furniture.push({ no: l.no, text: l.text });
      sawBlank = sawPageBreak = true;
      continue;
    }
    if (l.requiredNote && question && (block === "question" || block === "context")) {
      // "(Required)" under a question is the form's mark, not part of its wording.
      question.required = true;
      sawBlank = sawPageBreak = false;
      continue;
    }
    // A heading after the last question ("CONCLUSION", a signature in capitals) ends the list
    // unless the numbering carries on after it.
    const heading = l.kind === "endHeading" || (l.kind === "text" && l.caps && !l.bullet && sawBlank);
    if (heading && last && !continuesAfter(lines, nextQuestion[i + 1], last.seq)) {
      // "CONCLUSION" is an obvious end; a line in capitals is a guess the officer should see.
      if (l.kind === "text" && nextContent(lines, i + 1, removed) !== -1) {
        warnings.add({
          line: l.no,
          code: "list_end",
          message: `The questions were taken to end before "${l.text}"; nothing from this line on was read.`,
          text: l.text,
        });
      }
      break;
    }
    // A numbered list inside a draft answer ("1. more funding", "2. fewer targets") restarts at
    // 1; its items stay in the answer while they follow on, unless one reads as the next question.
    if (l.kind === "question" && block === "answer" && last && !l.prefixed && isListItem(l, last.seq, answerList)) {
      question!.answer!.add(l.text, "\n");
      answerList = l.seq!.nums[0] + 1;
      sawBlank = sawPageBreak = false;
      continue;
    }

    switch (l.kind) {
      case "chapter": {
        flushPending(null);
        const n = chapters.length + 1;
        const title = l.chapterName || (l.chapterNumber ? chapterNames.get(l.chapterNumber) : undefined) || (l.keyQuestions ? chapterNames.get(n) ?? `Chapter ${n}` : l.bareLabel!);
        startChapter(title, l.no, Boolean(l.keyQuestions && !l.chapterName && !chapterNames.has(n)), l.text);
        question = null;
        subheading = undefined;
        block = "intro";
        break;
      }
      case "question": {
        const ch: DraftChapter = chapter ?? startChapter("Questions", l.no, false);
        if (++questionCount > LIMITS.chapters * LIMITS.questionsPerChapter) {
          throw tooBig(`more than ${(LIMITS.chapters * LIMITS.questionsPerChapter).toLocaleString("en-GB")} questions`);
        }
        let number = l.number!;
        const earlier = seen.get(number);
        if (earlier !== undefined) {
          // Printed numbers never contain " (", so "4 (2)" cannot clash with one.
          const k = (copies.get(number) ?? 1) + 1;
          copies.set(number, k);
          number = `${l.number} (${k})`;
          warnings.add({
            line: l.no,
            code: "number_repeat",
            message: `Question ${l.number} appears more than once (lines ${earlier} and ${l.no}). The later one is numbered "${number}" for now; check the numbering.`,
            text: l.text,
          });
        } else {
          checkSequence(last, l, seen, warnings);
        }
        seen.set(number, l.no);
        question = { number, printed: l.number!, seq: l.seq!, line: l.no, subheading, text: new Acc(), hint: [], options: [], optionsOpen: true, multiple: false, required: Boolean(l.requiredMark) };
        question.text.add(l.body, " ");
        if (pending.length && chapter === ch) flushPending(question);
        else flushPending(null);
        ch.questions.push(question);
        last = question;
        block = "question";
        break;
      }
      case "answer": {
        if (!question) {
          placeNowhere(l, "This answer comes before any question, so it was left out.");
          break;
        }
        flushPending(null);
        if (question.answer) {
          warnings.add({
            line: l.no,
            code: "extra_answer",
            message: `Question ${question.number} already has an answer; this one was added to it as a new paragraph.`,
            text: l.text,
          });
          question.answer.add(l.body, "\n\n");
        } else {
          question.answer = new Acc();
          question.answer.add(l.body, " ");
          answerList = 0;
          answers++;
        }
        block = "answer";
        break;
      }
      case "part": {
        if (block === "context" && question) pending.push({ text: l.text, line: l.no, bullet: true, blankBefore: sawBlank, heading: false });
        else if (block === "question" && question) question.text.add(l.text, "\n");
        else if (block === "answer" && question?.answer) question.answer.add(l.text, "\n");
        else placeNowhere(l, "This part, (a), (b) and so on, does not follow a question, so it was left out.");
        break;
      }
      default: {
        // "text", and headings that turned out not to end the list.
        const current = block === "question" ? question!.text : block === "answer" ? question!.answer! : null;
        if ((block === "question" || block === "context") && question) {
          const q: DraftQuestion = question;
          const line = l.bullet ? l.body : l.text;
          const opts =
            (block === "context" || isComplete(q.text.last)) && q.optionsOpen && !CAPS_INSTRUCTION.test(line)
              ? (optionLine(line) ?? (/\?["'”’)]*$/.test(q.text.last) || q.options.length ? shortOption(line) : null))
              : null;
          if (opts) {
            for (const o of opts) if (!q.options.includes(o)) q.options.push(o);
            block = "context";
            break;
          }
        }
        const continuesSentence = current !== null && sawPageBreak && !endsSentence(current.last);
        if (
          !l.bullet &&
          (sawBlank || block === "intro" || block === "summary" || (current !== null && endsSentence(current.last))) &&
          !continuesSentence &&
          isSubheading(l.text) &&
          nextQuestion[i + 1] !== -1 &&
          nextContent(lines, i + 1, removed) === nextQuestion[i + 1]
        ) {
          subheading = l.text.replace(/\s*:$/, "");
          question = null;
          block = null;
          break;
        }
        if ((block === "question" || block === "context") && question) {
          const q: DraftQuestion = question;
          const text = l.bullet ? l.body : l.text;
          const complete = block === "context" || isComplete(q.text.last);
          if (complete && !pending.some((p) => !isInstruction(p.text)) && FOLLOW_UP.test(text) && text.length <= 300) {
            // "If not, please explain why." belongs to the question it follows.
            q.text.add(text, " ");
          } else if (complete && !l.bullet && /^\(.*\)$/.test(text) && text.length <= 500) {
            // "(think about parking, access, lighting)" under a question guides the answer.
            pending.push({ text, line: l.no, bullet: false, blankBefore: false, heading: false });
            block = "context";
          } else if (
            block === "question" &&
            !l.bullet &&
            !pending.length &&
            /\?["'”’)]*$/.test(text) &&
            /[.;]["'”’)]*$/.test(q.text.last) &&
            !q.text.toString().includes("?")
          ) {
            // A numbered preamble and then its question, as its own paragraph.
            q.text.add(text, "\n\n");
          } else if (
            block === "context" &&
            !l.bullet &&
            sawBlank &&
            pending.length > 0 &&
            !q.options.length &&
            /\?["'”’)]*$/.test(text) &&
            text.length <= 1000 &&
            /[.:;]["'”’)]*$/.test(q.text.last) &&
            !q.text.toString().includes("?") &&
            nextContent(lines, i + 1, removed) === nextQuestion[i + 1]
          ) {
            // "4. Section 3 sets out our aims as follows." A quoted block or list, then
            // "Do you agree that these are the right aims?": the question the preamble leads to;
            // the block between is its hint.
            q.hint.push(...groupPending(pending).map(renderGroup));
            pending = [];
            q.text.add(text, "\n\n");
            q.optionsOpen = true;
            block = "question";
          } else if (
            block === "question" &&
            !l.bullet &&
            !sawBlank &&
            /\?["'”’)]*$/.test(q.text.last) &&
            startsWithCapital(text) &&
            /[.!]["'”’)]*$/.test(text) &&
            !text.includes("?") &&
            !/^(?:please|tell us|give|describe|explain|list|state|provide)\b/i.test(text) &&
            text.length <= 500
          ) {
            // A statement straight under a finished question ("If you give your email address
            // you will get an acknowledgement.") guides the answer: it is the question's hint.
            pending.push({ text, line: l.no, bullet: false, blankBefore: false, heading: false });
            block = "context";
          } else if (complete && isInstruction(text)) {
            if (MULTIPLE.test(text)) q.multiple = true;
            pending.push({ text, line: l.no, bullet: false, blankBefore: sawBlank, heading: false });
            block = "context";
          } else if (
            block === "question" &&
            (l.bullet ? !/\?["'”’)]*$/.test(q.text.last) : !sawBlank || q.text.empty || !startsWithCapital(l.text) || !complete)
          ) {
            q.text.add(l.bullet ? `- ${l.body}` : l.text, l.bullet ? "\n" : " ");
          } else if (!l.bullet && sawBlank && /\?["'”’)]*$/.test(text) && !pending.length) {
            // A question of its own whose number was lost (on a line by itself, or never printed).
            placeNowhere(l, `This looks like a question without a number; it was left out. Give it a number to import it.`);
          } else {
            pending.push({ text, line: l.no, bullet: l.bullet, blankBefore: sawBlank, heading: !l.bullet && isSubheading(text) && text.split(" ").length <= 10 });
            q.optionsOpen = false;
            block = "context";
          }
        } else if (current) {
          if (l.bullet) current.add(`- ${l.body}`, "\n");
          else if (!sawBlank || current.empty) current.add(l.text, " ");
          else if (!startsWithCapital(l.text) || !endsSentence(current.last)) current.add(l.text, " ");
          // An answer runs on over a page break; a new paragraph after a complete question
          // is more likely commentary than part of the question.
          else if (block === "answer") current.add(l.text, sawPageBreak ? " " : "\n\n");
          else placeNowhere(l, `This paragraph follows question ${question!.number} but does not look like part of it, so it was left out.`);
        } else if (block === "intro" && chapter) {
          (chapter as DraftChapter).description.add(l.text, sawBlank ? "\n\n" : " ");
        } else if (block === "summary") {
          summary.add(l.text, sawBlank ? "\n\n" : " ");
        } else {
          placeNowhere(l, "This text is not inside a question or an answer, so it was left out.");
        }
      }
    }
    sawBlank = sawPageBreak = false;
  }
  flushPending(null);
  const end = i;

  // Lines before the list and after its end are listed, so nothing is dropped unseen.
  const listSkipped = (from: number, to: number, reason: SkippedLines["reason"]) => {
    const kept: Line[] = [];
    for (const l of lines.slice(from, to)) {
      if (l.kind === "pageNumber" || l.kind === "loneNumber") furniture.push({ no: l.no, text: l.text });
      else if (l.text) kept.push(l);
    }
    if (!kept.length) return;
    const text = kept.map((l) => l.text).join("\n");
    skipped.push({ from: kept[0].no, to: kept[kept.length - 1].no, reason, text });
  };
  // A heading such as "Draft responses to key questions" opens the list but is not imported.
  listSkipped(0, regionHeading ? start + 1 : start, "before_questions");
  listSkipped(end, lines.length, "after_questions");

  const titleSuggestions = suggestTitles(lines, nextQuestion[0]);
  const questionSet = assemble(chapters, summary, warnings, (no, text) => furniture.push({ no, text }), {
    title: clip(options.title?.trim() || detectTitle(lines, nextQuestion[0]) || titleSuggestions[0] || "Untitled consultation", LIMITS.title),
    kind: options.kind ?? (answers > 0 ? "consultation_to_answer" : "questionnaire"),
  });
  const detected = detectTitle(lines, nextQuestion[0]);
  if (detected && !titleSuggestions.includes(detected)) titleSuggestions.unshift(detected);
  if (furniture.length) {
    furniture.sort((a, b) => a.no - b.no);
    // Listed, not warned about: these lines are certainly not questions (a warning on every page
    // number would leave no paper clean); anything less certain gets a warning of its own.
    const n = furniture.length;
    const text = furniture.map((f) => `line ${f.no}: ${f.text}`).join("\n");
    skipped.push({ from: furniture[0].no, to: furniture[n - 1].no, reason: "page_furniture", text });
    skipped.sort((a, b) => a.from - b.from);
  }
  return { questionSet, warnings: warnings.list(), skipped, titleSuggestions: titleSuggestions.slice(0, 5) };
}

// ---------------------------------------------------------------------------------------------

class Warnings {
  private items: ParseWarning[] = [];
  private dropped = 0;
  add(w: ParseWarning) {
    if (this.items.length < MAX_WARNINGS) this.items.push(w);
    else this.dropped++;
  }
  list(): ParseWarning[] {
    const out = [...this.items].sort((a, b) => a.line - b.line);
    if (this.dropped) {
      out.push({
        line: out[out.length - 1].line,
        code: "too_many_warnings",
        message: `${this.dropped} more warnings were not listed. Check that the paste is a list of numbered questions.`,
      });
    }
    return out;
  }
}

function assemble(
  drafts: DraftChapter[],
  summary: Acc,
  warnings: Warnings,
  leftOut: (line: number, text: string) => void,
  head: { title: string; kind: QuestionSet["kind"] },
): QuestionSet {
  const chapters: QuestionSetChapter[] = [];
  const withQuestions = drafts.filter((d) => d.questions.length);
  // One list under a bare "Consultation questions" heading: that heading names it better than
  // "Chapter 1" does.
  if (withQuestions.length === 1 && withQuestions[0].generic) withQuestions[0].title = withQuestions[0].heading.replace(/\s*[-–—:]$/, "");
  for (let c = 0; c < drafts.length; c++) {
    const d = drafts[c];
    const description = d.description.toString().trim();
    if (!d.questions.length) {
      // A bare "Key Questions" straight before the first real chapter heading is the heading of
      // the whole list, not a chapter of its own.
      if (d.generic && !description && chapters.length === 0) {
        leftOut(d.line, d.heading);
        continue;
      }
      warnings.add({
        line: d.line,
        code: "empty_chapter",
        message: `The chapter "${d.title}" has no questions.`,
        text: d.title,
      });
    }
    const questions = d.questions.map((q) => finishQuestion(q, warnings));
    const base: Omit<QuestionSetChapter, "questions"> = { title: clip(d.title, LIMITS.title) };
    if (description) base.description = limited(description, LIMITS.description, d.line, `The description of chapter "${d.title}"`, warnings);
    if (questions.length <= LIMITS.questionsPerChapter) {
      chapters.push({ ...base, questions });
      continue;
    }
    const at = d.questions[LIMITS.questionsPerChapter].line;
    warnings.add({
      line: at,
      code: "too_long",
      message: `The chapter "${d.title}" has more than ${LIMITS.questionsPerChapter} questions, so it was split into parts.`,
    });
    for (let k = 0; k < questions.length; k += LIMITS.questionsPerChapter) {
      const part = k / LIMITS.questionsPerChapter;
      chapters.push({
        ...(part === 0 ? base : { title: clip(`${d.title} (continued ${part + 1})`, LIMITS.title) }),
        questions: questions.slice(k, k + LIMITS.questionsPerChapter),
      });
    }
  }
  if (chapters.length > LIMITS.chapters) throw tooBig(`more than ${LIMITS.chapters} chapters`);
  const set: QuestionSet = {
    format: QUESTION_SET_FORMAT,
    formatVersion: QUESTION_SET_FORMAT_VERSION,
    title: head.title,
    kind: head.kind,
    stages: [],
    chapters,
  };
  const s = summary.toString().trim();
  if (s) set.summary = limited(s, LIMITS.summary, 1, "The introduction", warnings);
  return set;
}

function tooBig(what: string): InvalidError {
  return new InvalidError(
    `This paste has ${what}, which is more than one consultation can hold. Paste only the list of questions, or split it into more than one consultation.`,
  );
}

function finishQuestion(q: DraftQuestion, warnings: Warnings): QuestionSetQuestion {
  let text = q.text.toString().trim();
  if (!text) {
    warnings.add({
      line: q.line,
      code: "empty_question",
      message: `Question ${q.number} has no text. Add the question's wording before publishing.`,
    });
    text = `[No text found for question ${q.number}]`;
  }
  // A trailing "*" (or "(required)") is an online form's mark of a required question.
  let required = q.required;
  const marked = REQUIRED_MARK.exec(text);
  if (marked && marked.index > 0) {
    text = text.slice(0, marked.index).trimEnd();
    required = true;
  }
  const hint = q.hint.filter(Boolean);
  // "… in February? * Please note …": the mark, and a note for the hint.
  const starred = /^([\s\S]*?[?:])\s+\*\s+(\S[\s\S]*)$/.exec(text);
  if (starred) {
    text = starred[1];
    hint.unshift(starred[2]);
    required = true;
  }
  // "How satisfied were you? [Very satisfied / … / Very dissatisfied] Please comment."
  const inline = /^([\s\S]*?\?)\s*\[([^\]]{3,1000})\]\s*([\s\S]*)$/.exec(text);
  if (inline && inline[2].includes("/") && !q.options.length) {
    q.options.push(...inline[2].split(/\s*\/\s*/).map((o) => o.trim()).filter(Boolean));
    text = inline[3] ? `${inline[1]} ${inline[3]}` : inline[1];
  }
  let type: QuestionSetQuestion["type"] = "long_text";
  let options: string[] | undefined;
  const opts = q.options;
  if (opts.length === 1) hint.unshift(opts[0]);
  else if (opts.length >= 2) {
    const lower = opts.map((o) => o.toLowerCase().replace(/[’']/g, "'"));
    const multiple = q.multiple || MULTIPLE.test(text);
    if (!multiple && lower.length === 2 && lower.includes("yes") && lower.includes("no")) type = "yes_no";
    else if (!multiple && lower.some((o) => /\bdisagree\b/.test(o)) && lower.some((o) => /^(?:strongly |tend to )?agree$/.test(o))) {
      type = "agreement_scale";
      options = opts.slice(0, 100);
    } else {
      type = multiple ? "multiple_choice" : "single_choice";
      options = opts.slice(0, 100);
    }
  }
  const hintText = hint.join("\n\n").trim();
  const out: QuestionSetQuestion = {
    number: q.number,
    type,
    text: limited(text, LIMITS.text, q.line, `Question ${q.number}`, warnings),
    required,
  };
  if (hintText) out.hint = limited(hintText, LIMITS.hint, q.line, `The hint of question ${q.number}`, warnings);
  if (options) out.options = options.map((o) => clip(o, 500));
  if (q.subheading) out.subheading = clip(q.subheading, LIMITS.subheading);
  const answer = q.answer?.toString().trim();
  if (answer) out.draftAnswer = limited(answer, LIMITS.answer, q.line, `The answer to question ${q.number}`, warnings);
  // Key order as in the seed files, so exported JSON reads the same.
  const { number, subheading, draftAnswer } = out;
  return {
    number,
    ...(subheading ? { subheading } : {}),
    type: out.type,
    text: out.text,
    ...(out.hint ? { hint: out.hint } : {}),
    required: out.required,
    ...(out.options ? { options: out.options } : {}),
    ...(draftAnswer ? { draftAnswer } : {}),
  };
}

function limited(value: string, max: number, line: number, what: string, warnings: Warnings): string {
  if (value.length <= max) return value;
  warnings.add({
    line,
    code: "too_long",
    message: `${what} is longer than ${max.toLocaleString("en-GB")} characters and was cut short.`,
  });
  return clip(value, max);
}

// ---------------------------------------------------------------------------------------------
// Lines

/** Counts UTF-8 bytes, stopping once past `cap` so a huge paste is refused without a full scan. */
function utf8Length(s: string, cap: number): number {
  // Every UTF-16 unit is at least one UTF-8 byte.
  if (s.length > cap) return s.length;
  let bytes = 0;
  for (let i = 0; i < s.length && bytes <= cap; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function clean(raw: string): string {
  let t = raw;
  if (t.includes("<")) t = t.replace(BREAK_TAG, " ").replace(INLINE_TAG, "");
  if (t.includes("&")) t = t.replace(ENTITY, (e) => ENTITIES[e] ?? e);
  // Text converted from Word or PDF by way of Markdown keeps its heading and bold marks.
  if (t.includes("#")) t = t.replace(/^\s*#{1,6}\s+/, "");
  if (t.includes("**")) t = t.replace(/\*\*/g, "");
  // Most lines are plain already; skip the rewrites for them.
  if (!PLAIN.test(t)) t = t.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  return t.length >= 3 && t.length <= 40 && /^(?:[-_=*] ?){3,}$/.test(t) ? "" : t;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  for (let n = 0; n < raw.length; n++) {
    const segments = raw[n].includes("\f") ? raw[n].split("\f") : [raw[n]];
    for (let s = 0; s < segments.length; s++) {
      // A form feed is a page break: it separates like a blank line but marks the join.
      if (s > 0) {
        const pageBreak = classify(n + 1, "");
        pageBreak.kind = "pageBreak";
        out.push(pageBreak);
      }
      const text = clean(segments[s]);
      // A run of blank lines means no more than one does.
      if (!text && out.length && out[out.length - 1].kind === "blank") continue;
      if (text.length > 300) {
        for (const piece of splitRunTogether(text)) out.push(classify(n + 1, piece));
        continue;
      }
      out.push(classify(n + 1, text));
    }
  }
  return out;
}

// "Q2." inside a line: where a questionnaire's text lost its line breaks (copied from a PDF
// viewer), each question starts at its number. Bounded and anchored on the "Q", so linear.
const RUN_MARKER = /(?:^|\s)Q ?(\d{1,3})[.:)](?=\s)/g;
// The answer instruction after such a question, in capitals, up to the first word that is not.
const RUN_INSTRUCTION = /\sPLEASE(?: (?:[A-Z]{1,12}|\(\s?\)|[✓✔√]))+(?=\s|$)/;

/** The first capitals instruction about answering ("PLEASE TICK…", "PLEASE ONE ANSWER ONLY"), not "PLEASE NOTE". */
function runInstruction(text: string): RegExpExecArray | null {
  const m = RUN_INSTRUCTION.exec(text);
  return m && /\b(?:TICK|ANSWERS?|BOX(?:ES)?|ROW|CIRCLE|ONLY|APPLY|WRITE)\b/.test(m[0]) ? m : null;
}

/**
 * A long line holding questions numbered in sequence (Q1. … Q2. …, or one Q1. followed by an
 * answer instruction in capitals) is split into
 * the text before the first, each question, its answer instruction and the rest (options,
 * notes), so the line reads as the paper was laid out. Any other line is returned whole.
 */
function splitRunTogether(text: string): string[] {
  const starts: number[] = [];
  let expect = -1;
  for (const m of text.matchAll(RUN_MARKER)) {
    const n = Number(m[1]);
    if (expect !== -1 && n !== expect) continue;
    starts.push(m.index! + (m[0].startsWith("Q") ? 0 : 1));
    expect = n + 1;
    if (starts.length > 500) break;
  }
  // One question alone is split off only when it ends as a question and a capitals answer
  // instruction follows it ("…in the future? PLEASE TICK ONE BOX ON EACH ROW").
  if (!starts.length) return [text];
  if (starts.length === 1) {
    const rest = text.slice(starts[0]);
    const instruction = runInstruction(rest);
    if (!instruction || !/[?:…]$/.test(rest.slice(0, instruction.index).trim())) return [text];
  }
  const out: string[] = [];
  if (starts[0] > 0) out.push(text.slice(0, starts[0]).trim());
  for (let k = 0; k < starts.length; k++) {
    const piece = text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : text.length).trim();
    const instruction = runInstruction(piece);
    if (!instruction) {
      out.push(piece);
      continue;
    }
    out.push(piece.slice(0, instruction.index).trim(), instruction[0].trim());
    const rest = piece.slice(instruction.index + instruction[0].length).trim();
    if (rest) out.push(rest);
  }
  return out.filter(Boolean);
}

/**
 * "However, this would mean:" then "1. higher administration costs; and" "2. the scheme would
 * count…": numbered items that start in lower case after a lead-in ending with a colon are the
 * items of a list, not questions (inside a draft answer, the answer's own list rule applies).
 */
function demoteLeadInLists(lines: Line[]) {
  let inAnswer = false;
  let leadIn = false;
  for (const l of lines) {
    if (l.kind === "blank" || l.kind === "pageBreak" || l.kind === "pageNumber" || l.kind === "loneNumber") continue;
    if (l.kind === "answer") inAnswer = true;
    if (l.kind === "question" && !l.prefixed && !inAnswer && leadIn && /^\p{Ll}/u.test(l.body)) {
      l.kind = "text";
      l.body = l.text;
      continue;
    }
    if (l.kind === "question") inAnswer = false;
    leadIn = (l.kind === "text" || l.kind === "question") && /:$/.test(l.text);
  }
}

/**
 * An online survey page prints "Question Title" over each question, and some of its questions
 * (a respondent's details, before question 1) carry the required mark but no number: each such
 * line is a question, lettered a, b, c… in order so its number clashes with none printed.
 */
function letterUnnumbered(lines: Line[]) {
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== "pageNumber" || !/^question title$/i.test(lines[i].text)) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].kind === "blank") j++;
    const l = lines[j];
    if (!l || l.kind !== "text" || !l.bullet || l.text.charCodeAt(0) !== 42 || !l.body || l.body.length > 500 || count >= 26) continue;
    const letter = String.fromCharCode(97 + count++);
    l.kind = "question";
    l.requiredMark = true;
    l.prefixed = false;
    l.number = letter;
    l.seq = { nums: [0], letter };
  }
}

function classify(no: number, text: string): Line {
  // Every line gets the same shape, which keeps a 2 MB paste fast.
  const line: Line = {
    no,
    text,
    body: text,
    bullet: false,
    kind: "text",
    number: undefined,
    seq: undefined,
    prefixed: undefined,
    chapterName: undefined,
    chapterNumber: undefined,
    bareLabel: undefined,
    keyQuestions: undefined,
    caps: undefined,
    regionHeading: undefined,
    requiredMark: undefined,
    explanatory: undefined,
    requiredNote: undefined,
  };
  if (!text) {
    line.kind = "blank";
    return line;
  }
  if (text.length <= 40) {
    if (REQUIRED_NOTE.test(text)) {
      line.requiredNote = true;
      return line;
    }
    if (LONE_NUMBER.test(text)) line.kind = "loneNumber";
    else if (FURNITURE.test(text)) line.kind = "pageNumber";
    else if (PAGE_NUMBER.test(text)) line.kind = "pageNumber";
    if (line.kind !== "text") return line;
  }
  const bullet = BULLETS.exec(text);
  if (bullet) {
    line.bullet = true;
    line.body = text.slice(bullet[0].length);
    if (!line.body) {
      line.kind = "blank";
      return line;
    }
  }
  const body = line.body;
  const lead = text.charCodeAt(0) | 0x20; // lower-cased ASCII first letter
  if (!line.bullet && text.length <= 200) {
    if (END_HEADING.test(text)) {
      line.kind = "endHeading";
      return line;
    }
    // k(ey), c(onsultation), q(uestions); c(hapter), s(ection), p(art).
    let m = lead === 0x6b || lead === 0x63 || lead === 0x71 ? KEY_QUESTIONS.exec(text) : null;
    if (m) {
      line.kind = "chapter";
      line.keyQuestions = true;
      line.chapterName = tidyName(m[1]);
      return line;
    }
    m =
      lead === 0x63 || lead === 0x73 || lead === 0x70
        ? (CHAPTER.exec(text) ?? (/[.,;]$/.test(text) ? null : CHAPTER_NO_SEPARATOR.exec(text)))
        : null;
    if (m) {
      const numeric = /^\d+$/.test(m[2]);
      line.kind = "chapter";
      line.chapterNumber = numeric ? Number(m[2]) : undefined;
      line.chapterName = tidyName(m[3]);
      line.bareLabel = `${capitalise(m[1].toLowerCase())} ${numeric ? m[2] : m[2].toUpperCase()}`;
      return line;
    }
  }
  const first = body.charCodeAt(0);
  const digitOrBracket = (first >= 48 && first <= 57) || first === 40;
  let q = first === 81 || first === 113 ? Q_PREFIXED.exec(body) : null;
  if (!q && first >= 65 && first <= 90 && body.length <= 5000 && /uestion\s*\d/.test(body)) q = Q_LABELLED.exec(body);
  const numbered = q ?? (digitOrBracket ? (Q_DECIMAL.exec(body) ?? Q_SIMPLE.exec(body)) : null);
  if (numbered) {
    line.kind = "question";
    // Online survey pages mark a required question with "*" before its number.
    if (line.bullet && text.charCodeAt(0) === 42) line.requiredMark = true;
    line.number = numbered[1].toLowerCase();
    line.seq = toSeq(line.number);
    line.prefixed = q !== null;
    line.body = numbered[2].trim();
    return line;
  }
  const a = ANSWER_A.exec(body) ?? ANSWER_WORD.exec(body);
  if (a) {
    line.kind = "answer";
    line.body = a[1].trim();
    return line;
  }
  if (PART.test(body)) {
    line.kind = "part";
    line.text = body;
    return line;
  }
  if (text.length <= 200) {
    line.caps = !/\p{Ll}/u.test(text) && /\p{Lu}.*\p{Lu}.*\p{Lu}/u.test(text);
    line.regionHeading =
      !line.bullet && text.length <= 100 && !/[.?!,;]$/.test(text) && text.split(" ").length <= 10 && REGION_HEADING.test(text);
  }
  return line;
}

function tidyName(name: string | undefined): string | undefined {
  const t = name?.replace(/\s*\((?:chapter|section|part)\s+\w+\)\s*$/i, "").trim();
  return t || undefined;
}

function toSeq(number: string): Seq {
  const letter = /[a-z]$/.test(number) ? number.slice(-1) : "";
  return { nums: (letter ? number.slice(0, -1) : number).split(".").map(Number), letter };
}

function compareSeq(a: Seq, b: Seq): number {
  const n = Math.max(a.nums.length, b.nums.length);
  for (let k = 0; k < n; k++) {
    const d = (a.nums[k] ?? 0) - (b.nums[k] ?? 0);
    if (d) return d;
  }
  return a.letter < b.letter ? -1 : a.letter > b.letter ? 1 : 0;
}

function expectedNext(seq: Seq): string {
  const nums = [...seq.nums];
  nums[nums.length - 1]++;
  return nums.join(".");
}

/** Does the next numbered line carry the numbering on, so a heading before it is inside the list? */
function continuesAfter(lines: Line[], next: number, last: Seq): boolean {
  if (next === -1) return false;
  const seq = lines[next].seq!;
  return compareSeq(seq, last) > 0 && seq.nums[0] <= last.nums[0] + 5;
}

function checkSequence(previous: DraftQuestion | null, l: Line, seen: ReadonlyMap<string, number>, warnings: Warnings) {
  const seq = l.seq!;
  if (seq.letter || (previous && previous.seq.letter)) return;
  const prev = previous?.seq;
  const depth = seq.nums.length;
  const prefix = seq.nums.slice(0, -1);
  const lastNum = seq.nums[depth - 1];
  const number = l.number!;
  if (prev && prev.nums.length === depth && compareSeq(seq, prev) < 0) {
    warnings.add({
      line: l.no,
      code: "number_order",
      message: `Question ${number} comes after question ${previous!.printed}; check the numbering.`,
      text: l.text,
    });
    return;
  }
  // The first number expected at this level: one more than the previous question's, or 1.
  let from = 1;
  if (prev && prev.nums.length === depth && prev.nums.slice(0, -1).join(".") === prefix.join(".")) from = prev.nums[depth - 1] + 1;
  else if (prev && prev.nums.length !== depth) return;
  if (lastNum <= from) return;
  const name = (k: number) => [...prefix, k].join(".");
  // Numbers already used out of order are not missing; a huge jump is reported as one range.
  const missing: string[] = [];
  if (lastNum - from > 1000) missing.push(name(from), name(lastNum - 1));
  else for (let k = from; k < lastNum; k++) if (!seen.has(name(k))) missing.push(name(k));
  if (!missing.length) return;
  const contiguous = lastNum - from > 1000 || missing.length === lastNum - from;
  const what =
    missing.length === 1
      ? `Question ${missing[0]} seems to be missing`
      : contiguous
        ? `Questions ${missing[0]} to ${missing[missing.length - 1]} seem to be missing`
        : `Questions ${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]} seem to be missing`;
  warnings.add({
    line: l.no,
    code: "number_gap",
    message: `${what}: question ${number} follows ${previous ? `question ${previous.printed}` : "no earlier question"}.`,
    text: l.text,
  });
}

/** Is this numbered line the next item of a list in an answer (see the main loop)? */
function isListItem(l: Line, question: Seq, listNext: number): boolean {
  const seq = l.seq!;
  if (seq.nums.length !== 1 || seq.letter || question.nums.length !== 1) return false;
  const n = seq.nums[0];
  const nextQuestion = question.nums[0] + 1;
  if (!listNext) return n === 1 && nextQuestion !== 1;
  return n === listNext && (n !== nextQuestion || !/\?["'”’)]*$/.test(l.body));
}

function endsSentence(t: string): boolean {
  return /[.?!:;]["'”’)\]]*$/.test(t);
}

function startsWithCapital(t: string): boolean {
  return /^["'“‘(\[]*[\p{Lu}\d]/u.test(t);
}

function isSubheading(t: string): boolean {
  return t.length <= 100 && !/[.?!,;]$/.test(t) && startsWithCapital(t) && t.split(" ").length <= 14;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The next line that is not blank, page furniture or a removed running header. */
function nextContent(lines: Line[], from: number, removed: ReadonlySet<number>): number {
  for (let j = from; j < lines.length; j++) {
    const k = lines[j].kind;
    if (k === "blank" || k === "pageBreak" || k === "pageNumber" || k === "loneNumber" || removed.has(j)) continue;
    return j;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Where the list starts, its running headers, chapter names and the paper's title

/**
 * The list starts at its heading ("Key Questions", "Draft responses to key questions") when the
 * numbering restarts there, so numbered paragraphs of a report before it are skipped; otherwise
 * at the first numbered question, or at the chapter heading just above it.
 */
function findStart(lines: Line[], nextQuestion: Int32Array): number {
  const first = nextQuestion[0];
  const heading = lines.findIndex((l) => (l.kind === "chapter" && l.keyQuestions) || (l.kind === "text" && l.regionHeading));
  if (heading !== -1 && nextQuestion[heading] !== -1) {
    if (heading < first) return heading;
    let before: Seq | undefined;
    for (let j = heading - 1; j >= 0 && !before; j--) if (lines[j].kind === "question") before = lines[j].seq;
    if (before && compareSeq(lines[nextQuestion[heading]].seq!, before) <= 0) return heading;
  }
  for (let j = first - 1; j >= 0 && first - j <= 12; j--) {
    if (lines[j].kind === "chapter") return j;
    if (lines[j].kind === "question") break;
  }
  // A sub-heading just above the first question belongs to it.
  let above = first - 1;
  while (above >= 0 && lines[above].kind === "blank") above--;
  // Unless it is the paper's first line, set apart: then it is the title (see suggestTitles).
  let before = above - 1;
  while (before >= 0 && lines[before].kind === "blank") before--;
  const titleLine = before < 0 && above >= 0 && above < first - 1 && !lines.some((l, k) => k > first && l.text === lines[above].text);
  if (above >= 0 && !titleLine && lines[above].kind === "text" && !lines[above].bullet && isSubheading(lines[above].text)) return above;
  return first;
}

/**
 * Lines repeated on every page (a running header or footer) are removed. Silently when each copy
 * sits next to a page break or page number; with a warning when they repeat elsewhere. A line that
 * always comes straight before a question is a repeated sub-heading and is kept.
 */
function findRunningHeaders(lines: Line[], start: number, nextQuestion: Int32Array, warnings: Warnings, silent: Set<number>): Set<number> {
  const byText = new Map<string, number[]>();
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    // An answer instruction repeated under every question ("PLEASE TICK ONE BOX") is not a header.
    if (l.kind !== "text" || l.bullet || l.text.length > 150 || /[.?!:;,]$/.test(l.text) || isInstruction(l.text)) continue;
    const list = byText.get(l.text);
    if (list) list.push(i);
    else byText.set(l.text, [i]);
  }
  // Next to a page break, the start or end of the paste, or another repeated line (a header
  // and a footer often sit either side of the same break).
  const nearPage = (j: number) => {
    if (j < 0 || j >= lines.length) return true;
    const l = lines[j];
    return l.kind === "pageBreak" || l.kind === "pageNumber" || l.kind === "loneNumber";
  };
  const otherRepeat = (j: number, text: string) =>
    j >= 0 && j < lines.length && lines[j].text !== text && (byText.get(lines[j].text)?.length ?? 0) > 1;
  const near = (i: number) => {
    let p = i - 1;
    while (p >= 0 && lines[p].kind === "blank") p--;
    let n = i + 1;
    while (n < lines.length && lines[n].kind === "blank") n++;
    return nearPage(p) || nearPage(n) || otherRepeat(p, lines[i].text) || otherRepeat(n, lines[i].text);
  };
  const removed = new Set<number>();
  for (const [text, at] of byText) {
    if (at.length < 2) continue;
    const allNearPages = at.every(near);
    if (!allNearPages && at.length < 3) continue;
    if (!allNearPages && at.every((i) => nextQuestion[i + 1] !== -1 && nextContent(lines, i + 1, NONE) === nextQuestion[i + 1])) continue;
    for (const i of at) {
      removed.add(i);
      // Listed with the page furniture; the others get a warning of their own below.
      if (allNearPages) silent.add(i);
    }
    if (!allNearPages) {
      warnings.add({
        line: lines[at[0]].no,
        code: "running_header",
        message: `"${text}" appears ${at.length} times and was taken to be a running header or footer, so it was left out.`,
        text,
      });
    }
  }
  return removed;
}

const NONE: ReadonlySet<number> = new Set();

/** "Governance (Chapter 2)" in the paper's introduction names a chapter whose heading is bare. */
function namedChapters(lines: Line[], start: number): Map<number, string> {
  const names = new Map<number, string>();
  for (let i = 0; i < start; i++) {
    const l = lines[i];
    if (l.kind === "chapter" && l.chapterNumber && l.chapterName && !names.has(l.chapterNumber)) {
      names.set(l.chapterNumber, l.chapterName);
      continue;
    }
    if (l.body.length > 140) continue;
    const m = NAMED_CHAPTER.exec(l.body);
    if (m && !names.has(Number(m[2]))) names.set(Number(m[2]), m[1].trim());
  }
  return names;
}

/** A line in capitals near the top naming the consultation, else a line that mentions it. */
function detectTitle(lines: Line[], firstQuestion: number): string | undefined {
  let mentions: string | undefined;
  let capitals: string | undefined;
  for (let i = 0; i < Math.min(firstQuestion, 80); i++) {
    const l = lines[i];
    const t = l.text;
    if (l.kind !== "text" || l.bullet || t.length < 8 || t.length > 200 || /[.,;:]$/.test(t)) continue;
    const words = t.split(" ").length;
    const consultation = /\bconsultation\b/i.test(t);
    if (l.caps && consultation && words >= 2) return titleCase(t);
    if (!l.caps && consultation && words >= 2 && t.length <= 150 && !/[?!]$/.test(t) && startsWithCapital(t)) mentions ??= t;
    if (l.caps && words >= 3 && !REPORT_SECTION.test(t)) capitals ??= titleCase(t);
  }
  return mentions ?? capitals;
}

const SMALL_WORDS = new Set(["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "via", "per", "nor"]);

function titleCase(t: string): string {
  let afterBreak = true;
  return t
    .split(" ")
    .map((word) => {
      const letters = word.replace(/[^\p{L}]/gu, "");
      const lower = word.toLowerCase();
      let out: string;
      if (letters.length >= 2 && letters.length <= 5 && !/[AEIOUY]/.test(letters)) out = word; // an acronym: LSP, NHS
      else if (!afterBreak && SMALL_WORDS.has(lower)) out = lower;
      else out = lower.replace(/(^|[-/(“"])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
      afterBreak = /[:–—-]$/.test(word) || /^[–—-]$/.test(word);
      return out;
    })
    .join(" ");
}
