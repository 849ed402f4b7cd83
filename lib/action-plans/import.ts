// Reads an action plan pasted from a council paper in the layout of the Rochford LSP Strategic
// Action Plan (seed 001): strategic priorities, their indicator lines with baselines and
// targets, the lead and resources, the milestone / outcome / RAG table, progress comments,
// risks and mitigations, and the appendix of funded projects. Pure: text in, plan and
// warnings out; whatever it cannot place is named in a warning, never dropped silently.
import type { IndicatorUnit } from "../../db/schema/action-plans";

export type RagLetter = "R" | "A" | "G";

export type ImportedIndicator = {
  code: string;
  title: string;
  unit: IndicatorUnit;
  baseline: number | null;
  baselineDate: string;
  targets: { label: string; value: number }[];
  results: { label: string; value: number }[];
};

export type ImportedItem = {
  number: string;
  text: string;
  outcome: string;
  /** The RAG letter the paper gives; null where it gives none (the key's "Achieved" mark). */
  rag: RagLetter | null;
  /** The last day of the month the outcome names ("by March 2010" → 2010-03-31). */
  dueOn: string | null;
};

export type ImportedPriority = {
  number: number;
  title: string;
  leadText: string;
  resources: string;
  comments: string;
  indicators: ImportedIndicator[];
  milestones: ImportedItem[];
  projects: ImportedItem[];
  risks: { risk: string; mitigation: string }[];
};

export type ImportedPlan = {
  title: string;
  summary: string;
  ragKey: { rag: "green" | "amber" | "red" | "achieved"; meaning: string }[];
  priorities: ImportedPriority[];
  warnings: string[];
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

const PRIORITY = /^Strategic Priority\s+(\d+)\s*[:.-]\s*(.+)$/i;
// An indicator code: "LI 2.1", "NI 6", "LI 5.1a", "LI188", "LI (NI 165)".
const CODE = String.raw`(?:LI|NI)\s*(?:\(\s*NI\s*\d+\s*\)|\d+(?:\.\d+)*[a-z]?)`;
const CODE_AT_START = new RegExp(String.raw`^(${CODE})\s*:?\s+(.+)$`, "i");
const CODE_ANYWHERE = new RegExp(CODE, "gi");
const VALUE = /(-?\d+(?:\.\d+)?)\s*(%)?\s*(?:\(([^)]*)\))?/g;

/** "LI188" → "LI 188", "LI (NI 165)" kept, spaces collapsed: codes compare in this form. */
export function normaliseCode(code: string): string {
  return code
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(LI|NI)\s*(?=\d)/i, (_, p: string) => `${p.toUpperCase()} `)
    .replace(/^(LI|NI)\s*\(\s*NI\s*(\d+)\s*\)/i, (_, p: string, n: string) => `${p.toUpperCase()} (NI ${n})`);
}

/** The last "Month YYYY" in the text, as the last day of that month. */
export function dueDateOf(text: string): string | null {
  const re = new RegExp(String.raw`\b(${MONTHS.join("|")})\s+(\d{4})\b`, "gi");
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) return null;
  const month = MONTHS.indexOf(last[1]!.toLowerCase());
  const year = Number(last[2]);
  const day = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

type Figure = { code: string; values: { value: number; percent: boolean; label: string }[] };

/** "NI 7 17.0% (2009/10) 19.7% (2010/11)" → one code with two values; several codes a line. */
export function readFigures(text: string): Figure[] {
  const found = [...text.matchAll(CODE_ANYWHERE)];
  return found.map((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < found.length ? found[i + 1]!.index! : text.length;
    const rest = text.slice(start, end);
    const values = [...rest.matchAll(VALUE)].map((v) => ({ value: Number(v[1]), percent: v[2] === "%", label: (v[3] ?? "").trim() }));
    return { code: normaliseCode(m[0]), values };
  });
}

const cells = (line: string) => line.split("\t").map((c) => c.trim());
const clean = (line: string) => line.replace(/\*\*/g, "").replace(/\s+$/, "");

function ragKeyOf(meaning: string): ImportedPlan["ragKey"][number]["rag"] | null {
  if (/achieved/i.test(meaning)) return "achieved";
  if (/unlikely/i.test(meaning)) return "red";
  if (/slippage|holding/i.test(meaning)) return "amber";
  if (/on target/i.test(meaning)) return "green";
  return null;
}

export function importActionPlan(raw: string): ImportedPlan {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n").map(clean);
  const warnings: string[] = [];
  const priorities: ImportedPriority[] = [];
  const ragKey: ImportedPlan["ragKey"] = [];
  let title = "";
  let summary = "";
  let inAppendix = false;
  let current: ImportedPriority | null = null;
  /** What the lines being read belong to. */
  let mode: "none" | "indicators" | "milestones" | "projects" = "none";
  /** Indicator headings of the current priority: code → title. */
  let headings = new Map<string, { code: string; title: string; used: boolean }>();
  let pendingRisk: { risk: string; mitigation: string } | null = null;

  const finishPriority = () => {
    if (!current || inAppendix) return;
    for (const h of headings.values()) {
      if (!h.used) {
        warnings.push(`Strategic Priority ${current.number}: indicator ${h.code} has no baseline or target line; added without figures.`);
        current.indicators.push({ code: h.code, title: h.title, unit: "number", baseline: null, baselineDate: "", targets: [], results: [] });
      }
    }
    if (!current.leadText) warnings.push(`Strategic Priority ${current.number}: no lead partnership is named.`);
  };

  /** The indicator a baseline, target or result line's code refers to, made on first sight. */
  const indicatorFor = (code: string, lineNo: number): ImportedIndicator | null => {
    if (!current) return null;
    const existing = current.indicators.find((i) => i.code === code);
    if (existing) return existing;
    let heading = headings.get(code);
    let readAs = code;
    if (!heading) {
      // "LI 5.1" heads "LI 5.1a" and "LI 5.1b".
      const parent = [...headings.values()].find((h) => code.startsWith(h.code) && /^[a-z]$/i.test(code.slice(h.code.length)));
      if (parent) heading = { code, title: parent.title, used: false };
      if (parent) parent.used = true;
    }
    if (!heading) {
      // "LI 141" in the heading, "NI 141" in its figures: the same number under another prefix.
      const num = code.replace(/^(LI|NI)\s*/i, "");
      const other = [...headings.values()].find((h) => !h.used && h.code.replace(/^(LI|NI)\s*/i, "") === num);
      if (other) {
        warnings.push(`Strategic Priority ${current.number}: indicator ${other.code} is called ${code} in its figures (line ${lineNo}); read as ${code}.`);
        heading = other;
        readAs = code;
      }
    }
    if (!heading) {
      warnings.push(`Strategic Priority ${current.number}: line ${lineNo} gives figures for ${code}, which is not among the priority's indicators; added with the code as its title.`);
      heading = { code, title: code, used: false };
    }
    heading.used = true;
    const ind: ImportedIndicator = { code: readAs, title: heading.title, unit: "number", baseline: null, baselineDate: "", targets: [], results: [] };
    current.indicators.push(ind);
    return ind;
  };

  const readItemRow = (line: string, kind: "milestones" | "projects", lineNo: number) => {
    if (!current) return;
    const parts = cells(line).filter((c) => c !== "");
    const letters = parts.filter((c) => /^[RAG]$/i.test(c)).map((c) => c.toUpperCase() as RagLetter);
    const texts = parts.filter((c) => !/^[RAG]$/i.test(c));
    if (!texts.length) return;
    if (texts.length > 2) warnings.push(`Line ${lineNo}: more than two columns of text; the third and later were joined to the outcome.`);
    if (new Set(letters).size > 1) warnings.push(`Line ${lineNo}: the milestone and its outcome have different RAG letters (${letters.join(", ")}); the first was used.`);
    const text = texts[0]!;
    const outcome = texts.slice(1).join(" ");
    const list = kind === "milestones" ? current.milestones : current.projects;
    const number = `${kind === "projects" ? "P" : ""}${current.number}.${list.length + 1}`;
    list.push({ number, text, outcome, rag: letters[0] ?? null, dueOn: dueDateOf(outcome) ?? dueDateOf(text) });
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    const trimmed = line.trim();
    if (!trimmed) {
      if (mode === "indicators") mode = "none";
      continue;
    }
    if (!current && !inAppendix) {
      if (!title && /action plan/i.test(trimmed)) title = trimmed;
      if (!summary && /^This action plan/i.test(trimmed)) summary = trimmed;
      const key = /^[-•*]\s+(.+)$/.exec(trimmed);
      if (key) {
        const rag = ragKeyOf(key[1]!);
        if (rag) ragKey.push({ rag, meaning: key[1]!.trim() });
      }
    }
    if (/^Appendix\b/i.test(trimmed)) {
      finishPriority();
      inAppendix = true;
      current = null;
      mode = "none";
      continue;
    }
    const p = PRIORITY.exec(trimmed);
    if (p) {
      const number = Number(p[1]);
      const ptitle = p[2]!.trim();
      if (inAppendix) {
        current = priorities.find((x) => x.number === number) ?? null;
        if (!current) warnings.push(`Line ${lineNo}: funded projects for Strategic Priority ${number}, which the plan does not have; skipped.`);
        else if (current.title !== ptitle) warnings.push(`Line ${lineNo}: the appendix calls Strategic Priority ${number} "${ptitle}"; the plan calls it "${current.title}".`);
      } else {
        finishPriority();
        if (priorities.some((x) => x.number === number)) warnings.push(`Line ${lineNo}: Strategic Priority ${number} appears twice; the second was read as well.`);
        current = { number, title: ptitle, leadText: "", resources: "", comments: "", indicators: [], milestones: [], projects: [], risks: [] };
        priorities.push(current);
        headings = new Map();
        pendingRisk = null;
      }
      mode = "none";
      continue;
    }
    if (!current) continue; // the title page, the key, the appendix's introduction

    const label = cells(line)[0]!;
    const rest = cells(line)
      .slice(1)
      .filter((c) => c !== "")
      .join(" ");

    if (/^Performance Indicators?\s*:/i.test(trimmed)) {
      mode = "indicators";
      const after = trimmed.replace(/^Performance Indicators?\s*:\s*/i, "");
      if (after) readHeading(after, lineNo);
      continue;
    }
    if (mode === "indicators" && CODE_AT_START.test(trimmed) && !/^(Baseline|Target|Result)/i.test(trimmed)) {
      readHeading(trimmed, lineNo);
      continue;
    }
    const fig = /^(Baseline|Target|Result)s?\s*:?\s*(.*)$/i.exec(trimmed);
    if (fig && !inAppendix) {
      mode = "none";
      const kind = fig[1]!.toLowerCase();
      const figures = readFigures(fig[2]!);
      if (!figures.length) warnings.push(`Line ${lineNo}: a ${kind} line with no indicator code; skipped: "${trimmed}"`);
      for (const f of figures) {
        const ind = indicatorFor(f.code, lineNo);
        if (!ind) continue;
        if (!f.values.length) warnings.push(`Line ${lineNo}: no figure for ${f.code}.`);
        if (f.values.some((v) => v.percent)) ind.unit = "percentage";
        if (kind === "baseline") {
          const v = f.values[0];
          if (v) {
            ind.baseline = v.value;
            ind.baselineDate = v.label;
            if (!v.label) warnings.push(`Strategic Priority ${current.number}: the baseline of ${f.code} has no date.`);
          }
          if (f.values.length > 1) warnings.push(`Line ${lineNo}: more than one baseline for ${f.code}; the first was used.`);
        } else {
          for (const v of f.values) {
            if (!v.label) warnings.push(`Strategic Priority ${current.number}: a ${kind} of ${f.code} (${v.value}) has no year.`);
            (kind === "target" ? ind.targets : ind.results).push({ label: v.label, value: v.value });
          }
        }
      }
      continue;
    }
    if (/^LSP Lead\s*:/i.test(label)) {
      const parts = cells(line);
      const resIdx = parts.findIndex((c) => /^LSP Resources\s*:/i.test(c));
      const leadParts = parts.slice(1, resIdx === -1 ? undefined : resIdx).filter(Boolean);
      current.leadText = leadParts.join(" ");
      current.resources = resIdx === -1 ? "" : parts.slice(resIdx + 1).filter(Boolean).join(" ");
      if (/^to be established$/i.test(current.leadText)) warnings.push(`Strategic Priority ${current.number}: the lead partnership is "To be established"; choose an owner for its milestones.`);
      mode = "none";
      continue;
    }
    if (/^Strategic Key Milestones/i.test(label)) {
      mode = "milestones";
      continue;
    }
    if (/^Projects$/i.test(label)) {
      mode = "projects";
      continue;
    }
    if (/^Progress\s*\/\s*Comments\s*:/i.test(label)) {
      current.comments = rest;
      mode = "none";
      continue;
    }
    if (/^Key Risks/i.test(label)) {
      pendingRisk = { risk: rest, mitigation: "" };
      current.risks.push(pendingRisk);
      mode = "none";
      continue;
    }
    if (/^Key Actions to Mitigate/i.test(label)) {
      if (pendingRisk && !pendingRisk.mitigation) pendingRisk.mitigation = rest;
      else current.risks.push({ risk: "", mitigation: rest });
      mode = "none";
      continue;
    }
    if ((mode === "milestones" || mode === "projects") && line.includes("\t")) {
      readItemRow(line, mode, lineNo);
      continue;
    }
    warnings.push(`Line ${lineNo} could not be placed and was left out: "${trimmed.slice(0, 120)}"`);
  }
  finishPriority();
  if (!priorities.length) warnings.push('No strategic priorities were found. Each should start with a line such as "Strategic Priority 1: Supporting the Ageing Population".');
  return { title: title || "Imported action plan", summary, ragKey, priorities, warnings };

  function readHeading(text: string, lineNo: number) {
    const m = CODE_AT_START.exec(text.trim());
    if (!m) {
      warnings.push(`Line ${lineNo}: an indicator without a code such as "NI 6"; left out: "${text.slice(0, 120)}"`);
      return;
    }
    const code = normaliseCode(m[1]!);
    headings.set(code, { code, title: m[2]!.trim(), used: false });
  }
}
