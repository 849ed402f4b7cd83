// Pure rules of responding: whether a consultation takes answers now, which questions a chapter
// page shows, each chapter's state, and the receipt's copy of the answers. No database, no
// Node-only code: the chapter form uses `chapterDisplay` in the browser too.
import type { ShowIf } from "../../db/schema/consultations";
import {
  AGREEMENT_SCALE,
  answerToText,
  isAnswered,
  RAG_STATUSES,
  TEXT_LIMITS,
  YES_NO,
  type AnswerValue,
  type QuestionDef,
} from "../questions/answers";
import { formatDateTime } from "../format";
import { isQuestionVisible, validateResponse } from "../questions/visibility";

export type SnapshotQuestion = QuestionDef & { subheading: string | null };
export type SnapshotChapter = { id: string; title: string; description: string; questions: SnapshotQuestion[] };

/** The published snapshot (see buildSnapshot), read defensively since it is stored JSON. */
export function parseSnapshot(json: unknown): SnapshotChapter[] {
  const chapters = (json as { chapters?: unknown })?.chapters;
  if (!Array.isArray(chapters)) return [];
  return chapters.map((ch: Record<string, unknown>) => ({
    id: String(ch.id),
    title: String(ch.title ?? ""),
    description: String(ch.description ?? ""),
    questions: (Array.isArray(ch.questions) ? ch.questions : []).map((q: Record<string, unknown>) => ({
      id: String(q.id),
      number: String(q.number),
      subheading: typeof q.subheading === "string" && q.subheading ? q.subheading : null,
      type: q.type as QuestionDef["type"],
      text: String(q.text ?? ""),
      hint: String(q.hint ?? ""),
      required: q.required === true,
      options: Array.isArray(q.options) ? q.options.map(String) : [],
      limits: (q.limits && typeof q.limits === "object" ? q.limits : {}) as QuestionDef["limits"],
      showIf: (q.showIf && typeof q.showIf === "object" ? q.showIf : null) as ShowIf | null,
    })),
  }));
}

/**
 * What a question's control needs from the answer rules, worked out on the server so the page's
 * JavaScript need not carry the schemas: the choices offered and the stated text limits.
 */
export type ControlSettings = { options: string[]; textMax: number | null; pairMax: number | null };

export function controlSettings(q: QuestionDef): ControlSettings {
  const stated = q.limits.maxLength;
  const limit = (fallback: number) => Math.min(stated && stated > 0 ? Math.floor(stated) : fallback, TEXT_LIMITS.ceiling);
  switch (q.type) {
    case "long_text":
      return { options: [], textMax: limit(TEXT_LIMITS.longText), pairMax: null };
    case "short_text":
      return { options: [], textMax: limit(TEXT_LIMITS.shortText), pairMax: null };
    case "yes_no":
      return { options: [...YES_NO], textMax: null, pairMax: limit(TEXT_LIMITS.explanation) };
    case "rag_status":
      return { options: [...RAG_STATUSES], textMax: null, pairMax: limit(TEXT_LIMITS.explanation) };
    case "agreement_scale":
      return { options: q.options.length ? q.options : [...AGREEMENT_SCALE], textMax: null, pairMax: null };
    default:
      return { options: q.options, textMax: null, pairMax: null };
  }
}

export type RespondWindow = "open" | "not_open_yet" | "closed";

/** A consultation takes answers while it is open and between its opening and closing times. */
export function respondWindow(
  c: { status: string; opensAt: Date | null; closesAt: Date | null },
  now: Date = new Date(),
): RespondWindow {
  if (c.status === "closed" || c.status === "archived") return "closed";
  if (c.status !== "open") return "not_open_yet";
  if (c.opensAt && now < c.opensAt) return "not_open_yet";
  if (c.closesAt && now >= c.closesAt) return "closed";
  return "open";
}

/** What a respondent is told when the consultation does not take answers now. */
export function windowMessage(
  c: { opensAt: Date | null; closesAt: Date | null },
  window: RespondWindow,
  now: Date = new Date(),
): string | null {
  if (window === "closed") {
    const when = c.closesAt && c.closesAt <= now ? ` on ${formatDateTime(c.closesAt)}` : "";
    return `This consultation closed${when} and no longer accepts answers. Nothing has been saved.`;
  }
  if (window === "not_open_yet") {
    return `This consultation is not open yet${c.opensAt && c.opensAt > now ? `: it opens on ${formatDateTime(c.opensAt)}` : ""}. Nothing has been saved.`;
  }
  return null;
}

export const NO_AMENDMENTS_MESSAGE =
  "Your organisation has submitted its response, and this consultation does not accept changes after submission. Nothing has been saved.";

export type DisplayedQuestion = {
  question: SnapshotQuestion;
  /**
   * Set when the question depends on an answer on this same page: without JavaScript the page
   * cannot know that answer yet, so it shows the question with a note saying when to answer it.
   */
  conditional: ShowIf | null;
};

/**
 * The questions a chapter page shows. A show-if on an earlier (or later) page is decided from
 * the stored answers, and a question whose condition is not met is left out; a show-if on the
 * same page is shown with its condition.
 */
export function chapterDisplay(
  chapters: readonly SnapshotChapter[],
  chapterIndex: number,
  storedByQuestionId: ReadonlyMap<string, unknown>,
): DisplayedQuestion[] {
  const all = chapters.flatMap((c) => c.questions);
  const byNumber = new Map(all.map((q) => [q.number, q]));
  const onPage = new Set((chapters[chapterIndex]?.questions ?? []).map((q) => q.number));
  const answersByNumber = new Map<string, unknown>();
  for (const q of all) {
    const v = storedByQuestionId.get(q.id);
    if (v !== undefined && v !== null) answersByNumber.set(q.number, v);
  }
  // Same-page questions count as answered the way the condition wants, so that a chain of
  // conditions on this page still shows; later pages are then decided from stored answers.
  const shown = new Map<string, DisplayedQuestion>();
  for (const q of chapters[chapterIndex]?.questions ?? []) {
    if (!q.showIf) {
      shown.set(q.number, { question: q, conditional: null });
      continue;
    }
    if (onPage.has(q.showIf.questionNumber)) {
      if (shown.has(q.showIf.questionNumber)) shown.set(q.number, { question: q, conditional: q.showIf });
      continue;
    }
    if (isQuestionVisible(q, answersByNumber, byNumber)) shown.set(q.number, { question: q, conditional: null });
  }
  return [...shown.values()];
}

export type ChapterState = "not_started" | "in_progress" | "completed" | "not_needed";

export type ChapterProgress = { state: ChapterState; answered: number; shown: number; missingRequired: number };

/**
 * Each chapter's state from the stored answers, with show-if applied across the response.
 * A chapter is completed when every question it shows is answered, or when the organisation
 * finished it with "Save and continue" (`finished`: chapter ids) and nothing it requires is
 * missing: so a chapter of optional questions left empty is completed once saved, as in the
 * GOV.UK task list pattern, and goes back to in progress if a required answer goes missing.
 */
export function chapterProgress(
  chapters: readonly SnapshotChapter[],
  storedByQuestionId: ReadonlyMap<string, unknown>,
  finished: ReadonlySet<string> = new Set(),
): { chapters: ChapterProgress[]; visibleIds: Set<string>; missingRequired: SnapshotQuestion[]; answeredCount: number } {
  const all = chapters.flatMap((c) => c.questions);
  const check = validateResponse(all, storedByQuestionId, { requireAnswers: false });
  const visibleIds = new Set(check.visibleQuestionIds);
  const answered = (id: string) => isAnswered(check.prunedAnswers[id]);
  const missingRequired: SnapshotQuestion[] = [];
  let answeredCount = 0;
  const progress = chapters.map((ch) => {
    const shown = ch.questions.filter((q) => visibleIds.has(q.id));
    const done = shown.filter((q) => answered(q.id)).length;
    const missing = shown.filter((q) => q.required && !answered(q.id));
    missingRequired.push(...missing);
    answeredCount += done;
    const state: ChapterState =
      shown.length === 0
        ? "not_needed"
        : done === shown.length || (finished.has(ch.id) && missing.length === 0)
          ? "completed"
          : done === 0 && !finished.has(ch.id)
            ? "not_started"
            : "in_progress";
    return { state, answered: done, shown: shown.length, missingRequired: missing.length };
  });
  return { chapters: progress, visibleIds, missingRequired, answeredCount };
}

export type SummaryItem = { question: SnapshotQuestion; answered: boolean; text: string };
export type SummaryChapter = { chapter: SnapshotChapter; index: number; items: SummaryItem[] };

/** Every question the person sees, with its answer as text, chapter by chapter. */
export function answerSummary(
  chapters: readonly SnapshotChapter[],
  answersByQuestionId: ReadonlyMap<string, unknown>,
  options: { answeredOnly?: boolean } = {},
): SummaryChapter[] {
  const all = chapters.flatMap((c) => c.questions);
  const check = validateResponse(all, answersByQuestionId, { requireAnswers: false });
  const visible = new Set(check.visibleQuestionIds);
  return chapters
    .map((chapter, index) => ({
      chapter,
      index,
      items: chapter.questions
        .filter((q) => visible.has(q.id))
        .map((q) => {
          // An answer that no longer validates (say, a wording fix narrowed the options) is still
          // shown as stored: a summary must never hide what was sent.
          const value = check.prunedAnswers[q.id] ?? (answersByQuestionId.get(q.id) as AnswerValue | undefined) ?? null;
          return { question: q, answered: isAnswered(value), text: answerToText(q, value) };
        })
        .filter((item) => !options.answeredOnly || item.answered),
    }))
    .filter((c) => c.items.length > 0 || !options.answeredOnly);
}

export type ReceiptInput = {
  consultationTitle: string;
  organisationName: string;
  reference: string;
  revision: number;
  submittedAt: string;
  submittedBy: string;
  viewUrl: string;
  summary: SummaryChapter[];
  /** Who to write to about it: the consultation's contact officer (receipts reply to them). */
  contact?: { name: string; email: string };
  /** A member of the public's own response: worded to them, with what is published and the privacy notice. */
  publicRespondent?: { publicReference: string | null; consent: string | null; privacyNotice: string };
};

/**
 * The consultation's contact officer: its own when it names one, else the council's (the
 * letterhead's, set by the administrator). Either may be blank.
 */
export function consultationContact(
  c: { contactOfficerName: string; contactOfficerEmail: string },
  council: { name: string; email: string },
): { name: string; email: string } {
  if (c.contactOfficerName.trim() || c.contactOfficerEmail.trim()) return { name: c.contactOfficerName.trim(), email: c.contactOfficerEmail.trim() };
  return { name: council.name.trim(), email: council.email.trim() };
}

/** The emailed receipt: the reference and a plain-text copy of every answer given. */
export function receiptEmail(r: ReceiptInput): { subject: string; text: string } {
  const amended = r.revision > 1;
  const whose = r.publicRespondent ? "Your" : `${r.organisationName}'s`;
  const lines = [
    amended
      ? `${whose} amended response to "${r.consultationTitle}" has been received.`
      : `${whose} response to "${r.consultationTitle}" has been received.`,
    "",
    `Reference: ${r.reference}`,
    ...(r.publicRespondent?.publicReference
      ? [`Public reference: ${r.publicRespondent.publicReference} (shown if your response is published; keep the reference above private)`]
      : []),
    ...(r.publicRespondent?.consent ? [`Publishing: ${r.publicRespondent.consent}`] : []),
    ...(amended ? [`Version: ${r.revision} (amendment ${r.revision - 1})`] : []),
    `Submitted: ${r.submittedAt} by ${r.submittedBy}`,
    "",
    `You can see what was submitted at ${r.viewUrl}`,
    "",
    "A copy of your answers",
    "======================",
  ];
  for (const ch of r.summary) {
    lines.push("", ch.chapter.title, "-".repeat(Math.min(ch.chapter.title.length, 70)));
    for (const item of ch.items) {
      lines.push("", `${item.question.number}. ${item.question.text}`, item.answered ? item.text : "(not answered)");
    }
  }
  const who = r.contact?.name && r.contact.email ? `${r.contact.name} (${r.contact.email})` : r.contact?.name || r.contact?.email || "";
  lines.push(
    "",
    who
      ? `Keep this email for your records. If anything here is wrong, or you have a question, contact ${who}: replying to this email reaches them.`
      : "Keep this email for your records. Reply to the council's contact if anything here is wrong.",
  );
  if (r.publicRespondent?.privacyNotice.trim()) {
    lines.push("", "How we use your information", "==========================", "", r.publicRespondent.privacyNotice.trim());
  }
  if (r.publicRespondent) {
    const privacy = `${/^https?:\/\/[^/]+/.exec(r.viewUrl)?.[0] ?? ""}/privacy#your-rights`;
    lines.push(
      "",
      `You can ask for a copy of your information or for it to be erased: ${who ? `write to ${who}` : "write to the council's consultation team"} from this email address. If your response was published, erasing your information takes it off the public pages. More at ${privacy}`,
    );
  }
  if (who) lines.splice(lines.indexOf("") + 1, 0, `Contact officer: ${who}`, "");
  return {
    subject: `${amended ? "Amended response received" : "Response received"}: ${r.consultationTitle} (${r.reference})`,
    text: lines.join("\n") + "\n",
  };
}
