// Import a question-set document (JSON text, as uploaded or pasted) into a new draft
// consultation. Bad documents get every problem listed with its path, and change nothing.
import type { Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { createConsultationFromQuestionSet, ownerOrganisationFor } from "../consultations/commands";
import { authorize } from "../auth/policy";
import { InvalidError, zodFieldErrors } from "../errors";
import { questionSetSchema, type QuestionSet } from "./schema";

export const MAX_QUESTION_SET_BYTES = 2 * 1024 * 1024;
const MAX_ERRORS = 100;

export type ImportError = { path: string; message: string };
export type ParsedQuestionSet = { ok: true; set: QuestionSet } | { ok: false; errors: ImportError[] };

/** `["chapters", 0, "questions", 2, "type"]` → `chapters[0].questions[2].type`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(the whole file)";
}

function lineAndColumn(text: string, position: number) {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

/** Read and check a question-set file. Never throws for bad input: it returns the errors. */
export function parseQuestionSetJson(text: string): ParsedQuestionSet {
  const bytes = new TextEncoder().encode(text).length;
  if (!text.trim()) return { ok: false, errors: [{ path: "(the whole file)", message: "The file is empty" }] };
  if (bytes > MAX_QUESTION_SET_BYTES) {
    return {
      ok: false,
      errors: [{ path: "(the whole file)", message: `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; a question set must be smaller than ${MAX_QUESTION_SET_BYTES / 1024 / 1024} MB` }],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineAndColumn(text, Number(pos[1])) : null;
    // V8 quotes the whole text in some messages; keep only the reason.
    const reason = msg
      .replace(/, "[\s\S]*" is not valid JSON$/, "")
      .replace(/ in JSON at position \d+[\s\S]*$/, "")
      .replace(/^Unexpected end of JSON input$/, "the file ends too soon (is something missing at the end?)");
    return {
      ok: false,
      errors: [{ path: where ? `line ${where.line}, column ${where.column}` : "(the whole file)", message: `This is not valid JSON: ${reason}` }],
    };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ path: "(the whole file)", message: "A question set is a JSON object with format, formatVersion, title, kind and chapters" }] };
  }
  const format = (data as Record<string, unknown>).format;
  if (format !== undefined && format !== "council-consult/question-set") {
    return { ok: false, errors: [{ path: "format", message: `This is not a question-set file (format is “${String(format)}”, expected “council-consult/question-set”)` }] };
  }
  const parsed = questionSetSchema.safeParse(data);
  const errors: ImportError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ path: formatPath(issue.path), message: describe(issue, data) });
      if (errors.length >= MAX_ERRORS) break;
    }
    return { ok: false, errors };
  }
  return { ok: true, set: parsed.data };
}

function describe(issue: { path: ReadonlyArray<PropertyKey>; message: string; code?: string }, data: unknown): string {
  // Name the question, so "chapters[2].questions[4].type" can be found in the file.
  const [a, ci, b, qi] = issue.path;
  let where = "";
  if (a === "chapters" && b === "questions" && typeof ci === "number" && typeof qi === "number") {
    const q = (data as { chapters?: { questions?: { number?: unknown }[] }[] }).chapters?.[ci]?.questions?.[qi];
    if (q && typeof q.number === "string") where = ` (question ${q.number})`;
  }
  let message = issue.message;
  if (issue.code === "invalid_type" && /received undefined/.test(message)) message = "This is required but missing";
  const allowed = (issue as { values?: unknown[] }).values;
  if (issue.code === "invalid_value" && Array.isArray(allowed) && allowed.length > 1) {
    const found = valueAt(data, issue.path);
    message = `Must be one of: ${allowed.map(String).join(", ")}${typeof found === "string" ? ` (the file has “${found.slice(0, 60)}”)` : ""}`;
  }
  return `${message}${where}`;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const p of path) v = typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/**
 * Create a draft consultation from a question set. The set is checked against the one
 * question-set schema here, whoever built it (the API, the JSON import, the paste parser), so
 * nothing the schema refuses (impossible limits, text Postgres cannot store) is ever stored.
 */
export async function importQuestionSet(db: Db, set: QuestionSet, actor: Actor, ownerOrganisationId?: string) {
  const owner = ownerOrganisationFor(actor, ownerOrganisationId);
  authorize(actor, "consultation.create", { kind: "organisation", organisationId: owner });
  const checked = questionSetSchema.safeParse(set);
  if (!checked.success) {
    const errors = zodFieldErrors(checked.error.issues);
    const [path, message] = Object.entries(errors)[0]!;
    throw new InvalidError(`The question set has a problem at ${formatPath(path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)))}: ${message}`, errors);
  }
  return createConsultationFromQuestionSet(db, checked.data, { ownerOrganisationId: owner, actorId: actor.id });
}
