// The responses CSV written by Postgres itself: `COPY (query) TO STDOUT WITH (FORMAT csv)`,
// streamed to the client as it comes. On a real Postgres this is how a 100,000-response export
// stays near the speed of the database and uses almost no memory in the app: Node never parses
// a row. The query produces exactly the cells responses-export.ts writes on the batch path
// (which PGlite keeps, as it has no COPY TO STDOUT over a socket): the same columns, the same
// order, UK times to the second, and the spreadsheet-formula guard of csv.ts done in SQL (in Node,
// once per export, for the long shape's question cells). The integration test compares the two
// byte for byte.
import { pgPool, type Db } from "../../db/client";
import { ORGANISATION_TYPES } from "../../db/schema/organisations";
import { ERASED_PERSON } from "../audit/erased";
import { label } from "../format";
import type { ExportQuestion, ExportTheme, SourceFilter } from "./responses-source";
import { isPaired, PAIRED_TYPES } from "./answer-parts";
import { spreadsheetText } from "./csv";
import type { ResponseShape } from "./responses-export";

/** Quotes a value as an SQL string literal (COPY takes no bind parameters). */
export type Literal = (value: string) => string;

/** csv.ts's bidi controls (SPREADSHEET_BIDI), as `translate` takes them: each mapped to nothing. */
const BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";

/**
 * The text of `expr` without csv.ts's bidi controls. translate() walks its list of characters for
 * every character of the text (3.3 s over 350,000 answers, where reading them takes 0.4 s), so it
 * runs only on the rare text that holds one, which a regular expression finds in one pass. That
 * regular expression was then the dearest part of the statement (it reads the text widened to
 * 4 bytes a character: 1.0 s over 350,000 seeded answers), so a text of ASCII only, which cannot
 * hold a control, skips it: its length in characters equals its length in bytes, and counting
 * the characters is a plain loop over the bytes (0.45 s over the same answers).
 */
export function stripBidiSql(expr: string): string {
  const t = `(${expr})::text`;
  return `case when octet_length(${t}) = char_length(${t}) then ${t}
      when ${t} ~ '[${BIDI_CHARS}]' then translate(${t}, '${BIDI_CHARS}', '')
      else ${t} end`;
}

/**
 * csv.ts's spreadsheetText guard on text already without bidi controls: empty → NULL (an
 * unquoted empty field), formulas and their look-alikes (FORMULA_START, the same characters
 * written as a Postgres regular expression) get an apostrophe, unless the cell is a plain number.
 * `x` appears several times: give a column, not an expression to work out again each time.
 */
export function formulaGuardSql(x: string): string {
  // Only a text whose first character could start a formula is matched in full: a regular
  // expression reads the whole text, and almost every answer starts with a letter.
  return `case when ${x} = '' then null
      when left(${x}, 1) !~ '[\\t\\r \\n\\v\\f\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff=+@\\uff1d\\uff0b\\uff0d\\uff20-]' then ${x}
      when ${x} ~ '^([\\t\\r]|[ \\n\\v\\f\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*[=+@\\uff1d\\uff0b\\uff0d\\uff20-])' and ${x} !~ '^[+-]?[0-9]+(\\.[0-9]+)?$' then '''' || ${x}
      else ${x} end`;
}

/** csv.ts's spreadsheetText guard in SQL, inlined: for short values (names, references, labels). */
export function guardSql(expr: string): string {
  return formulaGuardSql(`(${stripBidiSql(expr)})`);
}

/** responses-export.ts's ukDateTimeText: UK wall-clock time, to the second. */
const UK_TIME = `to_char(r.submitted_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI:SS')`;

/** The organisation type in words, as lib/format's label gives it. */
function typeLabelSql(lit: Literal): string {
  return `case o.type ${ORGANISATION_TYPES.map((t) => `when ${lit(t)} then ${lit(label(t))}`).join(" ")} else o.type end`;
}

function responseWhere(filter: SourceFilter, lit: Literal): string {
  const where = [`r.consultation_id = ${lit(filter.consultationId)}`, `r.status = 'submitted'`];
  if (filter.organisationId) where.push(`r.organisation_id = ${lit(filter.organisationId)}`);
  return where.join(" and ");
}

/**
 * `left join` of a pivot: `columns` (aggregates over `table` as `row`) grouped by response, over
 * the rows of the `exported` responses, joined to the response as `alias`; nothing when there
 * are no columns. A grouped sub-select, not a lateral one per response: that was an index scan of
 * a response's rows for each response, in the order of their ids, which is no order on disk. With
 * the answers in the page cache it cost little more, but with the cache cold (a database larger
 * than memory) it read a page at random for each response. Grouped, the planner chooses: where
 * the consultation holds most of the rows, one scan of the table sorted by response (copyBegin
 * turns hashing off); where it holds few (a small consultation among many, one organisation's
 * export), the index. The measurements, all in one place (300,000 responses, cold and warm,
 * hashed and sorted): bench/results/export-plan-300k-2026-12-07.txt.
 */
function pivotByResponse(table: string, row: string, alias: string, columns: string[], exported: string): string {
  if (!columns.length) return "";
  return `left join (select ${row}.response_id, ${columns.join(", ")} from ${table} ${row} where ${row}.response_id in (${exported}) group by ${row}.response_id) ${alias} on ${alias}.response_id = r.id`;
}

/**
 * The long shape's SELECT: one row per answer, the responses in id order and each one's answers
 * in question order (the export's question list, responses-export's longRows). A response's
 * answers are gathered by one grouped sub-select over the exported responses' answers, as the
 * wide shape's pivot (pivotByResponse): each answer's place in the list, text and explanation,
 * aggregated in that order, then set out a row each. What repeats on a response's rows is worked
 * out once: the response's own cells once per response (`rr`, kept a sub-select by offset 0),
 * and the questions' chapters, numbers and texts once per export, guarded here (csv.ts
 * spreadsheetText, as the batch path writes them) and looked up by place from arrays written
 * into the statement; the sort by response carries the answers alone.
 * (A lateral sub-select per response read a page at random for each response when the answers
 * were not cached; the answers joined with their questions and sorted spilled; the figures:
 * bench/results/export-long-300k-2026-12-07.txt.)
 */
function longCopySelect(base: string[], from: string, where: string, exported: string, questionList: ExportQuestion[], lit: Literal): string {
  const own = base.map((b, i) => `${b} as c${i}`);
  const rr = `(select r.id, ${own.join(", ")} ${from} where ${where} offset 0) rr`;
  const ownColumns = base.map((_, i) => `rr.c${i}`);
  const columns = ["x.chapter", "x.subheading", "x.number", "x.text", formulaGuardSql("x.answer"), formulaGuardSql("x.explanation")];
  // No questions, no answers to set out: the statement's columns, and no row.
  if (!questionList.length) return `select ${[...ownColumns, ...columns.map(() => "null")].join(", ")} from ${rr} where false`;
  // A cell as the batch path writes it (an empty one is NULL, as the SQL guard gives it).
  const cell = (v: string | null) => {
    const s = v === null ? "" : spreadsheetText(v);
    return s === "" ? "null" : lit(s);
  };
  const list = (f: (q: ExportQuestion) => string | null) => `(array[${questionList.map((q) => cell(f(q))).join(", ")}]::text[])[u.place]`;
  // Each question's place in the list (1-based), and for a paired one the keys of its two parts.
  const places = questionList.map((q, i) => {
    const k = isPaired(q) ? PAIRED_TYPES[q.type] : null;
    return `(${lit(q.id)}::uuid, ${i + 1}, ${k ? lit(k.choice) : "null"}, ${k ? lit(k.text) : "null"})`;
  });
  const answer = stripBidiSql("case when l.choice is not null then a.value ->> l.choice else a.value_text end");
  const explanation = stripBidiSql("case when l.text is not null then a.value ->> l.text end");
  return `select ${[...ownColumns, ...columns].join(", ")}
      from ${rr}
      join (
        select a.response_id, array_agg(l.place order by l.place) as places, array_agg(${answer} order by l.place) as answers,
          array_agg(${explanation} order by l.place) as explanations
        from answers a
        join (values ${places.join(", ")}) l(question_id, place, choice, text) on l.question_id = a.question_id
        where a.response_id in (${exported})
        group by a.response_id
      ) p on p.response_id = rr.id
      cross join lateral (
        select u.place, ${list((q) => q.chapter)} as chapter, ${list((q) => q.subheading)} as subheading, ${list((q) => q.number)} as number,
          ${list((q) => q.text)} as text, u.answer, u.explanation
        from unnest(p.places, p.answers, p.explanations) u(place, answer, explanation)
        offset 0
      ) x
      order by rr.id, x.place`;
}

/**
 * The SELECT whose rows are the CSV's data rows (the header is written by the caller). Wide:
 * one row per response, its answers pivoted into a column per question (grouped by response).
 * Long: one row per answer in question order.
 */
export function responsesCopySelect(filter: SourceFilter, questionList: ExportQuestion[], shape: ResponseShape, lit: Literal, themeList: ExportTheme[] = []): string {
  // "Submitted by" as the batch path reads it (lib/audit/erased shownNameOf): a person whose
  // details were erased is said so, not left blank.
  const submittedBy = `coalesce(sb.name, case when sb.erased_at is not null then ${lit(ERASED_PERSON)} end)`;
  const base = [guardSql("r.reference"), guardSql("o.name"), guardSql(typeLabelSql(lit)), UK_TIME, guardSql(submittedBy)];
  const from = `from responses r
      join organisations o on o.id = r.organisation_id
      left join users sb on sb.id = r.submitted_by`;
  // The responses exported, for the sub-selects that read their answers.
  const exported = `select r.id from responses r where ${responseWhere(filter, lit)}`;
  if (shape === "long") return longCopySelect(base, from, responseWhere(filter, lit), exported, questionList, lit);
  const pivot: string[] = [];
  for (const [i, q] of questionList.entries()) {
    const where = `filter (where a.question_id = ${lit(q.id)})`;
    if (isPaired(q)) {
      const k = PAIRED_TYPES[q.type];
      pivot.push(`max(${stripBidiSql(`a.value ->> ${lit(k.choice)}`)}) ${where} as q${i}`, `max(${stripBidiSql(`a.value ->> ${lit(k.text)}`)}) ${where} as q${i}_text`);
    } else pivot.push(`max(${stripBidiSql("a.value_text")}) ${where} as q${i}`);
  }
  // Each answer is cleaned once, in its aggregate's argument (worked out only for the row its
  // FILTER lets through), and guarded outside the pivot, where it is a column.
  const answerColumns = questionList.flatMap((q, i) => (isPaired(q) ? [formulaGuardSql(`p.q${i}`), formulaGuardSql(`p.q${i}_text`)] : [formulaGuardSql(`p.q${i}`)]));
  // A column per theme (responses-export's themeCell): "Yes" confirmed, "Suggested" otherwise tagged.
  const themePivot = themeList.map((t, i) => `min(g.status) filter (where g.theme_id = ${lit(t.id)}) as t${i}`);
  const themeColumns = themeList.map((_, i) => `case tg.t${i} when 'confirmed' then 'Yes' when 'suggested' then 'Suggested' end`);
  const columns = [...base, "r.revision", "v.version", ...answerColumns, ...themeColumns];
  return `select ${columns.join(", ")}
      ${from}
      left join consultation_versions v on v.id = r.consultation_version_id
      ${pivotByResponse("answers", "a", "p", pivot, exported)}
      ${pivotByResponse("answer_tags", "g", "tg", themePivot, exported)}
      where ${responseWhere(filter, lit)}
      order by r.id`;
}

/**
 * The longest an export's COPY may run: far above the app's statement timeout (an export of
 * 300,000 responses takes about a minute, and it goes at the downloader's pace), yet bounded, so
 * that a downloader who stops reading does not hold a connection and an old snapshot for ever.
 */
export const EXPORT_STATEMENT_TIMEOUT_MS = 30 * 60_000;

/** From this many responses to export, the statement is worth compiling (JIT without inlining or optimisation); below it, not at all. */
export const JIT_FROM_RESPONSES = 50_000;

/**
 * Sent before the COPY, on its connection (and "commit" after): its own statement timeout
 * (EXPORT_STATEMENT_TIMEOUT_MS, for DATABASE_STATEMENT_TIMEOUT_SECONDS is for requests), and how
 * Postgres's JIT treats the statement. Its cost estimate (a pivot of ~40 aggregates, each with a filter, and a guard per
 * cell) is far above jit_inline_above_cost and jit_optimize_above_cost at any size, and LLVM's
 * inlining and optimisation of its expressions took 4-10 s whatever the size (EXPLAIN ANALYZE's
 * "JIT: Timing", on a loaded host), more than the whole export of 10,000 responses without them:
 * never those. Compiling the expressions and tuple deforming costs ~1 s and pays for itself at
 * 100,000 responses (1.26× COPY against 1.80× without JIT) but not at 10,000 (2.00× against
 * 1.40×; docs/performance.md, issue 21): so JIT is off below JIT_FROM_RESPONSES responses to
 * export, counted in the same transaction (an index-only count, ~1 ms at 10,000). SET LOCAL /
 * set_config(…, true), in a transaction of its own, so the settings never outlive the export on
 * a pooled connection, nor on a pooler's shared one. A server with jit off keeps it off.
 *
 * And no hash aggregate: for a large export the wide pivot (responsesCopySelect) is grouped by
 * response over a scan of the answers, and hashing keeps every response's answer texts in its
 * groups' states until the end, far past work_mem, spilled to disk and read back; sorted by
 * response, each group is written as soon as it ends (pivotByResponse gives the figures).
 */
export function copyBegin(filter: SourceFilter, lit: Literal, jitFrom = JIT_FROM_RESPONSES): string {
  return `begin; set local statement_timeout = ${EXPORT_STATEMENT_TIMEOUT_MS}; set local jit_inline_above_cost = -1; set local jit_optimize_above_cost = -1; set local enable_hashagg = off;
    select set_config('jit', case when (select count(*) from responses r where ${responseWhere(filter, lit)}) < ${Math.trunc(jitFrom)} then 'off' else current_setting('jit') end, true)`;
}

export function canCopyResponses(db: Db): boolean {
  return pgPool(db) !== null;
}

/**
 * The CSV's data rows as Postgres writes them, as a web stream. Pulls from the COPY stream only
 * as the consumer reads (backpressure), and gives the connection back to the pool when done,
 * on error, or when the client goes away mid-download.
 */
export async function copyResponsesCsv(db: Db, filter: SourceFilter, questionList: ExportQuestion[], shape: ResponseShape, themeList: ExportTheme[] = []): Promise<ReadableStream<Uint8Array>> {
  const pool = pgPool(db);
  if (!pool) throw new Error("COPY needs a node-postgres pool");
  const { to } = await import("pg-copy-streams");
  const client = await pool.connect();
  const lit: Literal = (v) => client.escapeLiteral(v);
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    // A COPY abandoned half way leaves the connection mid-protocol: destroy it, never reuse.
    client.release(error ?? false);
  };
  let source: ReturnType<typeof to>;
  try {
    // The statement is built before the transaction opens: if building it throws, the
    // connection goes back destroyed rather than idle in a transaction.
    const statement = `COPY (${responsesCopySelect(filter, questionList, shape, lit, themeList)}) TO STDOUT WITH (FORMAT csv)`;
    await client.query(copyBegin(filter, lit));
    source = client.query(to(statement));
  } catch (e) {
    release(e as Error);
    throw e;
  }
  const iterator: AsyncIterator<Buffer> = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) {
            await client.query("commit");
            release();
            controller.close();
          } else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (e) {
          release(e as Error);
          controller.error(e);
        }
      },
      async cancel() {
        release(new Error("export cancelled by the client"));
        source.destroy();
      },
    },
    { highWaterMark: 1 },
  );
}
