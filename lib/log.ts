// The server's log. Every line the process writes through console (the app's, and Next.js's own)
// goes through here once installLogging() has run (instrumentation.ts):
//
// - as text for a person at a terminal (the default), or, with LOG_FORMAT=json, one JSON object
//   per line for a provider's log store: time, level, instance, msg, and the error's parts;
// - without what people typed: a failed statement's error from drizzle quotes the statement's
//   parameters (the answer being saved, an email address), and Postgres's `detail` quotes the row
//   (`Key (email)=(…) already exists`). Both are left out wherever an error is logged or its
//   message kept (safeErrorMessage: a job's last error, say); the statement's text, Postgres's
//   code, constraint and message stay, which is what finding the fault needs.
import { randomInt } from "node:crypto";
import { formatWithOptions, inspect } from "node:util";
import { referenceOf } from "./error-reference";

export type Level = "info" | "warn" | "error";

/** An error as it may be logged: its kind, message and code, the statement (not its values), what caused it. */
export type SafeError = {
  name: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The failed statement's text (placeholders, never the values). */
  query?: string;
  /** The reference the person who met the failure was given (errorReference), to find it here. */
  reference?: string;
  stack?: string;
  cause?: SafeError;
};

const isQueryError = (e: object): boolean => "query" in e && "params" in e;

/** An email address, as a mail server's error quotes it. */
const EMAIL_ADDRESS = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;

/**
 * The reference a person is shown for a failure they met ("quote reference 2868193867"), and under
 * which the log has it: the one Next.js gave the error (its digest, which the App Router's error
 * page is handed), else a new one kept on the error, so that logging it shows it.
 */
export function errorReference(e: unknown): string {
  const known = referenceOf(e);
  if (known) return known;
  const reference = String(randomInt(1, 2 ** 32));
  // Never over a digest of Next.js's own (a redirect's, a not-found's): it is how Next.js knows them.
  const digest = e !== null && typeof e === "object" ? (e as { digest?: unknown }).digest : undefined;
  if (digest === undefined && e !== null && typeof e === "object" && Object.isExtensible(e)) (e as { digest?: string }).digest = reference;
  return reference;
}

/**
 * Log a failure a person met, with its reference, and give the reference to show them. Whatever
 * was thrown is logged (made safe, as every line is); a reference that could not be kept on it
 * (a string thrown, a frozen object) is written in the line's message.
 */
export function logFailure(context: string, e: unknown): string {
  const reference = errorReference(e);
  console.error(referenceOf(e) === reference ? context : `${context} (reference ${reference})`, e);
  return reference;
}

/** `e` with what people typed left out (see the top of this file); at most five causes deep. */
export function safeError(e: unknown, depth = 0): SafeError {
  if (!(e instanceof Error) && (typeof e !== "object" || e === null)) return { name: typeof e, message: String(e) };
  const err = e as Error & { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; cause?: unknown; query?: unknown };
  // Drizzle's error keeps the name "Error" (and its class's name is minified in a build).
  const name = (!err.name || err.name === "Error") && isQueryError(err) ? "QueryError" : String(err.name ?? "Error");
  const out: SafeError = { name, message: String(err.message ?? "") };
  if (isQueryError(err)) {
    out.query = String(err.query);
    // Drizzle's message is the statement and its values; a driver's (PGlite's, which also keeps
    // the statement and values beside it) is Postgres's own.
    if (out.message.startsWith("Failed query:")) out.message = "Failed query";
  }
  // Postgres's data exceptions (class 22) quote the value refused: 'invalid input syntax for type
  // uuid: "…"'. Quoted names in other classes' messages (a constraint's) stay.
  if (typeof err.code === "string" && err.code.startsWith("22")) out.message = out.message.replace(/"(?:[^"]|"")*"/g, '"…"');
  // A mail server's refusal quotes the address it refused ("550 5.1.1 <jane@example.org>: no such
  // user"); so may other errors. The address is someone's: kept out of the log and a job's error.
  out.message = out.message.replace(EMAIL_ADDRESS, "<address>");
  for (const key of ["code", "constraint", "table", "column"] as const) {
    if (typeof err[key] === "string" || typeof err[key] === "number") out[key] = String(err[key]);
  }
  const reference = referenceOf(err);
  if (reference) out.reference = reference;
  // The stack's first lines repeat the message (drizzle's, with the values): keep the frames only.
  if (typeof err.stack === "string") {
    const frames = err.stack.split("\n").filter((l) => /^\s+at /.test(l));
    if (frames.length) out.stack = frames.join("\n");
  }
  if (err.cause !== undefined && depth < 5) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** An error's message as it may be kept or shown to an administrator (a job's last error): no values typed. */
export function safeErrorMessage(e: unknown): string {
  const s = safeError(e);
  const parts = [s.query ? `${s.message}: ${s.query}` : s.message];
  for (let c = s.cause; c; c = c.cause) parts.push(c.code ? `${c.message} (${c.code})` : c.message);
  return parts.join(": caused by: ");
}

function errorText(s: SafeError): string {
  const code = [s.code && `code ${s.code}`, s.constraint && `constraint ${s.constraint}`, s.reference && `reference ${s.reference}`].filter(Boolean).join(", ");
  let text = `${s.name}: ${s.message}${s.query ? ` ${s.query}` : ""}${code ? ` (${code})` : ""}`;
  if (s.stack) text += `\n${s.stack}`;
  if (s.cause) text += `\n  caused by ${errorText(s.cause).replace(/\n/g, "\n  ")}`;
  return text;
}

/** The arguments of a console call as one message, each error made safe. */
export function formatLogArgs(args: unknown[]): { msg: string; error?: SafeError } {
  let error: SafeError | undefined;
  const parts = args.map((a) => {
    if (a instanceof Error || (typeof a === "object" && a !== null && isQueryError(a))) {
      const s = safeError(a);
      error ??= s;
      return errorText(s);
    }
    return a;
  });
  // Strings with %s etc. are formatted as console would; objects as inspect would.
  const msg = parts.length && typeof parts[0] === "string" ? formatWithOptions({ colors: false }, ...(parts as [string, ...unknown[]])) : parts.map((p) => (typeof p === "string" ? p : inspect(p, { depth: 4 }))).join(" ");
  return { msg, error };
}

/** One log line: text, or with `json` one JSON object (the error's stack kept apart from the message). */
export function logLine(level: Level, args: unknown[], opts: { json: boolean; instance: string; now?: Date }): string {
  const { msg, error } = formatLogArgs(args);
  if (!opts.json) return msg;
  const firstLine = error ? msg.split("\n")[0] : msg;
  return JSON.stringify({ time: (opts.now ?? new Date()).toISOString(), level, instance: opts.instance, msg: firstLine, ...(error ? { error } : {}) });
}

const g = globalThis as unknown as { __consultLogging?: boolean };

/**
 * Route console.log/info/debug (info), console.warn and console.error through logLine, for this
 * process: once, however often it is called. LOG_FORMAT=json writes JSON lines.
 */
export function installLogging(opts: { json: boolean; instance: string }): void {
  if (g.__consultLogging) return;
  g.__consultLogging = true;
  const write = (level: Level, stream: NodeJS.WriteStream) => (...args: unknown[]) => {
    stream.write(logLine(level, args, opts) + "\n");
  };
  console.log = console.info = console.debug = write("info", process.stdout);
  console.warn = write("warn", process.stderr);
  console.error = write("error", process.stderr);
}
