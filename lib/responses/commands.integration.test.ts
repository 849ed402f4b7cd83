// Responding on a real database (PGlite, or Postgres with DATABASE_URL): versions and
// conflicts between colleagues, validation as the authority, other organisations, closing
// dates, double submission, amendments, the receipt and the audit log.
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answers,
  auditLog,
  consultations,
  invitations,
  notifications,
  organisations,
  outbox,
  responses,
  responseSubmissions,
  users,
} from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { publishOneQuestionConsultation } from "../consultations/test-helpers";
import { ForbiddenError, InvalidError, LockedError } from "../errors";
import { formToValue } from "../questions/answers";
import { QUESTION_OF_TYPE, VALID_ANSWER_OF_TYPE } from "../questions/fixtures";
import type { QuestionSetInput } from "../question-sets/schema";
import { questionSetSchema } from "../question-sets/schema";
import { markInvitationOpened } from "../invitations/commands";
import { saveAndSubmitResponse, saveAnswers, submitNewResponse, submitResponse, type AnswerOutcome } from "./commands";
import { getRespondContext, getResponseForActor, listSubmissions, loadPublishedSnapshot } from "./queries";
import { EMPTY_BASE } from "./queries";

let t: TestDb;
const actors: Record<string, Actor> = {};
const orgIds: Record<string, string> = {};
let councilId: string;

async function actorByEmail(email: string) {
  const [u] = await t.db.select().from(users).where(eq(users.email, email));
  return (await loadActor(t.db, u!.id))!;
}

async function bySlug(slug: string) {
  const [c] = await t.db.select().from(consultations).where(eq(consultations.slug, slug));
  const snap = (await loadPublishedSnapshot(t.db, c!.id))!;
  return { c: c!, ...snap };
}

/** A published consultation from a question set, opening and closing relative to today. */
async function publish(set: Omit<QuestionSetInput, "format" | "formatVersion">, slug: string) {
  const parsed = questionSetSchema.parse({ format: "council-consult/question-set", formatVersion: 1, ...set });
  const c = await createConsultationFromQuestionSet(t.db, parsed, { ownerOrganisationId: councilId, actorId: null, slug });
  await publishConsultation(t.db, c.id, null);
  return bySlug(slug);
}

/** An open questionnaire of one long-text question, closing in five days. */
function oneQuestionConsultation(title: string, slug: string) {
  return publishOneQuestionConsultation(t.db, { ownerOrganisationId: councilId, title, slug });
}

/**
 * A RAG progress return as a questionnaire (the demo's Rochford return is now an action plan):
 * RAG status with commentary per milestone, some required, and a free-text question.
 */
let ragReturnMade: ReturnType<typeof bySlug> | null = null;
function ragReturn() {
  ragReturnMade ??= publish(
    {
      title: "Rochford LSP Strategic Action Plan: progress return",
      kind: "questionnaire",
      opensOn: "@-10d",
      closesOn: "@+20d",
      chapters: [
        {
          title: "Strategic Priority 1: Supporting the Ageing Population",
          questions: [
            { number: "1.1", type: "rag_status", text: "Improved access to information for older people", required: false },
            { number: "1.2", type: "rag_status", text: "Handyperson scheme extended across the district", required: true },
          ],
        },
        {
          title: "Strategic Priority 5: Keeping Rochford Safe",
          questions: [
            { number: "5.1", type: "rag_status", text: "Domestic abuse awareness training delivered", required: true },
            { number: "5.2", type: "rag_status", text: "Anti-social behaviour hotspots reviewed", required: true },
            { number: "5.3", type: "long_text", text: "Key risks and the actions to mitigate them", required: false },
          ],
        },
        {
          title: "Strategic Priority 7: Resourcing the Partnership",
          questions: [{ number: "7.1", type: "rag_status", text: "Partners' contributions agreed for 2010–11", required: true }],
        },
      ],
    },
    "rag-progress-return",
  );
  return ragReturnMade;
}

const outcome = (r: { outcomes: Record<string, AnswerOutcome> }, id: string) => r.outcomes[id]!;
const base = (o: AnswerOutcome) => ("base" in o ? o.base : "");

async function storedAnswers(responseId: string) {
  return t.db.select().from(answers).where(eq(answers.responseId, responseId));
}

async function responseOf(consultationId: string, organisationId: string) {
  const [r] = await t.db
    .select()
    .from(responses)
    .where(and(eq(responses.consultationId, consultationId), eq(responses.organisationId, organisationId)));
  return r ?? null;
}

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  for (const o of await t.db.select().from(organisations)) orgIds[o.name] = o.id;
  councilId = orgIds["Chorley Council"]!;
  actors.sarah = await actorByEmail("sarah.lee@police.example");
  actors.david = await actorByEmail("david.brown@police.example");
  actors.grace = await actorByEmail("grace.okafor@health.example");
  actors.mark = await actorByEmail("mark.evans@cvs.example");
  actors.jane = await actorByEmail("jane.fisher@council.example");
});
afterAll(async () => t?.close());

const police = () => orgIds["Lancashire Constabulary"]!;
const health = () => orgIds["Chorley and South Ribble Primary Care Trust"]!;

describe("saving answers", () => {
  it("keeps text exactly as typed, line breaks and spacing included", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const q1 = odpm.chapters[0]!.questions[0]!;
    const typed = "  Yes, broadly.\r\n\r\nBut the LSP needs:\r\n- a clear remit\r\n- resources  ";
    const r = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId: odpm.chapters[0]!.id, answers: [{ questionId: q1.id, value: typed, base: EMPTY_BASE }] },
      actors.sarah!,
    );
    expect(outcome(r, q1.id).status).toBe("saved");
    const [row] = (await storedAnswers(r.responseId!)).filter((a) => a.questionId === q1.id);
    expect(row!.value).toBe(typed.replace(/\r\n/g, "\n"));
    expect(row!.version).toBe(1);
    expect(row!.updatedBy).toBe(actors.sarah!.id);
    const ctx = await getRespondContext(t.db, { slug: odpm.c.slug }, actors.david!);
    expect(ctx.answers.get(q1.id)?.value).toBe(typed.replace(/\r\n/g, "\n"));
    expect(ctx.response?.lastEditedByName).toBe("Sarah Lee");
    // The stage under way today, and on later days the next one.
    expect(ctx.currentStage).toBe("Stage 1: Partners give their views");
    const later = await getRespondContext(t.db, { slug: odpm.c.slug }, actors.david!, new Date(Date.now() + 50 * 86_400_000));
    expect(later.currentStage).toBe("Stage 2: Overview and Scrutiny Committee");
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "response.save"), eq(auditLog.entityId, r.responseId!)));
    expect(audit).toHaveLength(1);
  });

  it("reads back a text answer that looks like JSON as the text typed", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const q1 = odpm.chapters[0]!.questions[0]!;
    const rollback = new Error("rollback");
    for (const typed of ["2005", "1.50", "true", "null", '{"a":1}', "[1]"]) {
      await t.db
        .transaction(async (tx) => {
          const before = await getRespondContext(tx, { slug: odpm.c.slug }, actors.sarah!);
          const base = before.answers.get(q1.id)?.base ?? EMPTY_BASE;
          const r = await saveAnswers(
            tx,
            { consultationId: odpm.c.id, organisationId: police(), chapterId: odpm.chapters[0]!.id, answers: [{ questionId: q1.id, value: typed, base }] },
            actors.sarah!,
          );
          expect(outcome(r, q1.id).status).toBe("saved");
          const after = await getRespondContext(tx, { slug: odpm.c.slug }, actors.sarah!);
          expect(after.answers.get(q1.id)?.value).toBe(typed);
          const [row] = await tx.select({ value: answers.value }).from(answers).where(and(eq(answers.responseId, r.responseId!), eq(answers.questionId, q1.id)));
          expect(row!.value).toBe(typed);
          throw rollback;
        })
        .catch((e) => {
          if (e !== rollback) throw e;
        });
    }
  });

  it("two colleagues editing the same question at once: neither loses text", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const [, q2, q3] = odpm.chapters[0]!.questions;
    const chapterId = odpm.chapters[0]!.id;
    // Both open the page while question 2 is unanswered.
    const sarahBase = EMPTY_BASE;
    const davidBase = EMPTY_BASE;
    const david = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q2!.id, value: "David: regional plans matter.", base: davidBase }] },
      actors.david!,
    );
    expect(outcome(david, q2!.id).status).toBe("saved");
    // The response (begun by Sarah) records who edited it last, in the statement that saves.
    expect((await getRespondContext(t.db, { slug: odpm.c.slug }, actors.david!)).response?.lastEditedByName).toBe("David Brown");
    // Sarah saves her own text for question 2 and an answer to question 3 in the same post.
    const sarah = await saveAnswers(
      t.db,
      {
        consultationId: odpm.c.id,
        organisationId: police(),
        chapterId,
        answers: [
          { questionId: q2!.id, value: "Sarah: we sit on the sub-regional board.", base: sarahBase },
          { questionId: q3!.id, value: "Yes, a requirement would help.", base: EMPTY_BASE },
        ],
      },
      actors.sarah!,
    );
    const conflict = outcome(sarah, q2!.id);
    expect(conflict.status).toBe("conflict");
    if (conflict.status !== "conflict") throw new Error("expected a conflict");
    expect(conflict.current.text).toBe("David: regional plans matter.");
    expect(conflict.current.updatedByName).toBe("David Brown");
    expect(conflict.attemptedText).toBe("Sarah: we sit on the sub-regional board.");
    expect(sarah.errors[q2!.id]).toMatch(/David Brown changed the answer to question 2/);
    // The other question in the same post saved normally.
    expect(outcome(sarah, q3!.id).status).toBe("saved");
    // David's text is what is stored; Sarah's attempt is in the audit log.
    let rows = await storedAnswers(sarah.responseId!);
    expect(rows.find((a) => a.questionId === q2!.id)?.value).toBe("David: regional plans matter.");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "response.save"), eq(auditLog.actorId, actors.sarah!.id)))
      .orderBy(asc(auditLog.id))
      .then((r) => r.slice(-1));
    expect((audit!.after as { conflicts: Record<string, string> }).conflicts["2"]).toBe("Sarah: we sit on the sub-regional board.");
    // Sarah merges both texts and keeps hers, editing from David's version.
    const merged = "David: regional plans matter.\n\nSarah: we sit on the sub-regional board.";
    const resolved = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q2!.id, value: merged, base: conflict.current.base }] },
      actors.sarah!,
    );
    expect(outcome(resolved, q2!.id).status).toBe("saved");
    rows = await storedAnswers(sarah.responseId!);
    const q2row = rows.find((a) => a.questionId === q2!.id)!;
    expect(q2row.value).toBe(merged);
    expect(q2row.version).toBe(2);
  });

  it("leaves a colleague's newer answer alone when the person had not changed that question", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const chapterId = odpm.chapters[0]!.id;
    const q4 = odpm.chapters[0]!.questions[3]!;
    const q5 = odpm.chapters[0]!.questions[4]!;
    const first = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q4.id, value: "Original", base: EMPTY_BASE }] },
      actors.sarah!,
    );
    const sarahBase = base(outcome(first, q4.id));
    await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q4.id, value: "David's improvement", base: sarahBase }] },
      actors.david!,
    );
    // Sarah's page still shows "Original" for question 4; she only changes question 5.
    const r = await saveAnswers(
      t.db,
      {
        consultationId: odpm.c.id,
        organisationId: police(),
        chapterId,
        answers: [
          { questionId: q4.id, value: "Original", base: sarahBase },
          { questionId: q5.id, value: "Question 5 answer", base: EMPTY_BASE },
        ],
      },
      actors.sarah!,
    );
    const o4 = outcome(r, q4.id);
    expect(o4.status).toBe("refreshed");
    expect(o4.status === "refreshed" && o4.current.text).toBe("David's improvement");
    expect(outcome(r, q5.id).status).toBe("saved");
    expect(r.conflictCount).toBe(0);
    const rows = await storedAnswers(r.responseId!);
    expect(rows.find((a) => a.questionId === q4.id)?.value).toBe("David's improvement");
  });

  it("lets the person keep a colleague's answer instead of theirs", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const chapterId = odpm.chapters[0]!.id;
    const q6 = odpm.chapters[0]!.questions[5]!;
    await saveAnswers(t.db, { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q6.id, value: "David's", base: EMPTY_BASE }] }, actors.david!);
    const r = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q6.id, value: "Sarah's", base: EMPTY_BASE, keepTheirs: true }] },
      actors.sarah!,
    );
    expect(outcome(r, q6.id).status).toBe("kept_theirs");
    const rows = await storedAnswers(r.responseId!);
    expect(rows.find((a) => a.questionId === q6.id)?.value).toBe("David's");
  });

  it("serialises simultaneous saves of the same question: one is saved, the other conflicts", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const chapterId = odpm.chapters[1]!.id;
    const q = odpm.chapters[1]!.questions[0]!;
    const [a, b] = await Promise.all([
      saveAnswers(t.db, { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q.id, value: "From Sarah", base: EMPTY_BASE }] }, actors.sarah!),
      saveAnswers(t.db, { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q.id, value: "From David", base: EMPTY_BASE }] }, actors.david!),
    ]);
    expect([outcome(a, q.id).status, outcome(b, q.id).status].sort()).toEqual(["conflict", "saved"]);
  });

  it("clears an answer when the person empties it", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const chapterId = odpm.chapters[1]!.id;
    const q = odpm.chapters[1]!.questions[1]!;
    const saved = await saveAnswers(t.db, { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q.id, value: "Temporary", base: EMPTY_BASE }] }, actors.sarah!);
    const cleared = await saveAnswers(
      t.db,
      { consultationId: odpm.c.id, organisationId: police(), chapterId, answers: [{ questionId: q.id, value: "   ", base: base(outcome(saved, q.id)) }] },
      actors.sarah!,
    );
    expect(outcome(cleared, q.id)).toEqual({ status: "saved", base: EMPTY_BASE });
    expect((await storedAnswers(saved.responseId!)).some((a) => a.questionId === q.id)).toBe(false);
  });
});

describe("the server is the authority on answers", () => {
  let every: Awaited<ReturnType<typeof bySlug>>;
  const Q = QUESTION_OF_TYPE;
  const idOf = (n: string) => every.questions.find((q) => q.number === n)!.id;

  beforeAll(async () => {
    const all = Object.values(Q);
    every = await publish(
      {
        title: "Every question type",
        kind: "questionnaire",
        opensOn: "@-1d",
        closesOn: "@+10d",
        chapters: [
          {
            title: "First",
            questions: [
              ...all.slice(0, 5).map((q) => ({ number: q.number, type: q.type, text: q.text, required: true, options: q.options, limits: q.limits })),
              { number: "2a", type: "long_text", text: "Why the police?", required: true, showIf: { questionNumber: "2", equals: ["Police"] } },
            ],
          },
          {
            title: "Second",
            questions: [
              ...all.slice(5).map((q) => ({ number: q.number, type: q.type, text: q.text, required: true, options: q.options, limits: q.limits })),
              { number: "2b", type: "short_text", text: "Which force?", required: false, showIf: { questionNumber: "2", equals: ["Police"] } },
            ],
          },
        ],
      },
      "every-question-type",
    );
  });

  // Each save is edited from what is stored now, as a page just loaded would be.
  const save = async (chapter: number, list: { n: string; value: unknown }[], requireAnswers = false, actor = actors.sarah!) => {
    const ctx = await getRespondContext(t.db, { slug: every.c.slug }, actor);
    return saveAnswers(
      t.db,
      {
        consultationId: every.c.id,
        organisationId: police(),
        chapterId: every.chapters[chapter]!.id,
        answers: list.map(({ n, value }) => ({ questionId: idOf(n), value, base: ctx.answers.get(idOf(n))?.base ?? EMPTY_BASE })),
        requireAnswers,
      },
      actor,
    );
  };

  it("refuses a missing required answer on Save and continue, but keeps a draft without it", async () => {
    const strict = await save(0, [{ n: "1", value: "" }], true);
    expect(strict.errors[idOf("1")]).toBe("Enter your answer to question 1");
    // Required questions on the page that were not posted at all are reported too.
    expect(strict.errors[idOf("2")]).toBe("Select an option for question 2");
    const draft = await save(0, [{ n: "1", value: "" }], false);
    expect(draft.errors).toEqual({});
  });

  it("refuses an option that was not offered, and stores nothing for it", async () => {
    const r = await save(0, [
      { n: "2", value: "Fire service" },
      { n: "3", value: ["Economy", "Space travel"] },
    ]);
    expect(r.errors[idOf("2")]).toBe("Select one of the options offered for question 2");
    expect(r.errors[idOf("3")]).toBe("Select only the options offered for question 3");
    expect(r.responseId).toBeNull();
    expect(await responseOf(every.c.id, police())).toBeNull();
  });

  it("refuses a 2 MB answer with the stated limit and stores nothing", async () => {
    const huge = "x".repeat(2 * 1024 * 1024);
    const r = await save(0, [{ n: "4", value: huge }]);
    expect(r.errors[idOf("4")]).toBe("Answer to question 4 must be 10,000 characters or fewer");
    expect(await responseOf(every.c.id, police())).toBeNull();
  });

  it("refuses answers to questions that are not on the page or not in the consultation", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const forged = [
      { questionId: odpm.questions[0]!.id, value: "From another consultation", base: EMPTY_BASE },
      { questionId: "00000000-0000-4000-8000-00000000dead", value: "Made up", base: EMPTY_BASE },
      { questionId: idOf("7"), value: "12", base: EMPTY_BASE }, // on chapter 2, posted to chapter 1
    ];
    for (const a of forged) {
      await expect(
        saveAnswers(t.db, { consultationId: every.c.id, organisationId: police(), chapterId: every.chapters[0]!.id, answers: [{ questionId: idOf("1"), value: "ok", base: EMPTY_BASE }, a] }, actors.sarah!),
      ).rejects.toBeInstanceOf(InvalidError);
    }
    expect(await responseOf(every.c.id, police())).toBeNull();
  });

  it("stores every type's canonical value from the form fields", async () => {
    const fields = (n: keyof typeof Q, f: Record<string, string | string[]>) => ({ n: Q[n].number, value: formToValue({ ...Q[n], id: idOf(Q[n].number) }, f, "p") });
    const first = await save(
      0,
      [
        fields("short_text", { p: "Breckland Council" }),
        fields("single_choice", { p: "Voluntary sector" }),
        fields("multiple_choice", { p: ["Community safety", "", "Economy"] }),
        fields("long_text", { p: VALID_ANSWER_OF_TYPE.long_text }),
        fields("ranking", { "p.rank.0": "2", "p.rank.1": "4", "p.rank.2": "1", "p.rank.3": "3" }),
      ],
      true,
    );
    expect(first.errors).toEqual({});
    const second = await save(
      1,
      [
        fields("agreement_scale", { p: "Agree" }),
        fields("number", { p: "12.5" }),
        fields("yes_no", { p: "Yes", "p.explanation": "Two officers will attend each board meeting." }),
        fields("date", { "p.day": "3", "p.month": "3", "p.year": "2026" }),
        fields("rag_status", { p: "Amber", "p.commentary": VALID_ANSWER_OF_TYPE.rag_status.commentary }),
      ],
      true,
    );
    expect(second.errors).toEqual({});
    const rows = await storedAnswers(first.responseId!);
    for (const [type, q] of Object.entries(Q)) {
      expect(rows.find((a) => a.questionId === idOf(q.number))?.value, type).toEqual(VALID_ANSWER_OF_TYPE[type as keyof typeof Q]);
    }
  });

  it("drops the answer to a question its show-if hides, and submission drops stored ones", async () => {
    // 2 is "Voluntary sector", so 2a (same page) and 2b (later page) are hidden.
    const r = await save(0, [{ n: "2a", value: "Because" }]);
    expect(outcome(r, idOf("2a")).status).toBe("hidden");
    const ctx = await getRespondContext(t.db, { slug: every.c.slug }, actors.sarah!);
    expect(ctx.answers.has(idOf("2a"))).toBe(false);
    // Switch to Police: 2a and 2b show; 2a is required, so answer it and 2b.
    const police_ = await save(0, [{ n: "2", value: "Police" }, { n: "2a", value: "Because we lead on community safety" }]);
    expect(police_.errors).toEqual({});
    await save(1, [{ n: "2b", value: "Lancashire" }]);
    // Back to Voluntary sector: the stored 2a and 2b answers are no longer part of the response.
    await save(0, [{ n: "2", value: "Voluntary sector" }]);
    const before = await getRespondContext(t.db, { slug: every.c.slug }, actors.sarah!);
    expect(before.progress.visibleIds.has(idOf("2b"))).toBe(false);
    const s = await submitResponse(t.db, { consultationId: every.c.id, organisationId: police(), revision: 0, declaration: true }, actors.sarah!);
    const [copy] = await t.db.select().from(responseSubmissions).where(eq(responseSubmissions.responseId, s.responseId));
    expect(Object.keys(copy!.answers as object)).not.toContain(idOf("2a"));
    expect(Object.keys(copy!.answers as object)).not.toContain(idOf("2b"));
    const rows = await storedAnswers(s.responseId);
    expect(rows.some((a) => a.questionId === idOf("2a") || a.questionId === idOf("2b"))).toBe(false);
    expect(rows).toHaveLength(10);
  });

  it("writes an organisation's first complete response in one statement exactly as the general path does", async () => {
    // Two new organisations, each with an API key's service account, state the same answers:
    // one through the one-statement path, one through save then submit in a transaction.
    const partner = async (name: string): Promise<Actor> => {
      const [o] = await t.db.insert(organisations).values({ name, type: "voluntary_sector" }).returning();
      const [u] = await t.db.insert(users).values({ name: `API key: ${name}`, email: `api-key-${o!.id}@api-keys.invalid` }).returning();
      return { id: u!.id, name: u!.name, email: u!.email, memberships: [{ organisationId: o!.id, organisationName: name, role: "partner" }], apiKeyScope: "read_write" };
    };
    const [fast, general] = [await partner("Fast path trust"), await partner("General path trust")];
    const orgOf = (a: Actor) => a.memberships[0]!.organisationId;
    const posted = [
      ...Object.entries(Q).map(([type, q]) => ({ questionId: idOf(q.number), value: VALID_ANSWER_OF_TYPE[type as keyof typeof Q] as unknown })),
      // 2 is "Voluntary sector", so this answer to 2a is hidden and dropped by both.
      { questionId: idOf("2a"), value: "Because" },
    ];
    const now = new Date();
    const one = await submitNewResponse(t.db, { consultationId: every.c.id, organisationId: orgOf(fast), answers: () => posted }, fast, now);
    expect(one).not.toBeNull();
    const two = await saveAndSubmitResponse(t.db, { consultationId: every.c.id, organisationId: orgOf(general), statesAnswers: true, answers: posted }, general, () => undefined, now);
    expect(one!.submitted!.answers).toEqual(two.submitted!.answers);

    // What each wrote, with the names that differ by design (ids, actor, reference) made alike.
    const written = async (responseId: string, actor: Actor, reference: string) => {
      const alike = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(responseId, "R").replaceAll(actor.id, "A").replaceAll(orgOf(actor), "O").replaceAll(reference, "REF"));
      const [response] = await t.db.select().from(responses).where(eq(responses.id, responseId));
      const rows = await t.db.select().from(answers).where(eq(answers.responseId, responseId)).orderBy(asc(answers.questionId));
      const copies = await t.db.select().from(responseSubmissions).where(eq(responseSubmissions.responseId, responseId));
      const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, responseId)).orderBy(asc(auditLog.id));
      return alike({
        response: response,
        answers: rows,
        submissions: copies.map(({ id: _, ...c }) => c),
        audit: trail.map(({ id: _, at: __, ...a }) => a),
      });
    };
    const a = await written(one!.responseId, fast, one!.reference);
    const b = await written(two.responseId, general, two.reference);
    expect(a).toEqual(b);
    expect(a.answers).toHaveLength(10);
    expect(a.response).toMatchObject({ status: "submitted", revision: 1, reference: "REF", startedBy: "A", submittedBy: "A" });
    expect(a.audit.map((e: { action: string }) => e.action)).toEqual(["response.save", "response.submit"]);
  });

  it("leaves any other request to the general path, which says what is wrong", async () => {
    const [o] = await t.db.insert(organisations).values({ name: "Incomplete trust", type: "voluntary_sector" }).returning();
    const [u] = await t.db.insert(users).values({ name: "API key: Incomplete", email: `api-key-${o!.id}@api-keys.invalid` }).returning();
    const actor: Actor = { id: u!.id, name: u!.name, email: u!.email, memberships: [{ organisationId: o!.id, organisationName: o!.name, role: "partner" }], apiKeyScope: "read_write" };
    const input = (answers: { questionId: string; value: unknown }[]) => ({ consultationId: every.c.id, organisationId: o!.id, answers: () => answers });
    // Incomplete, or with an answer that is not valid: nothing written.
    expect(await submitNewResponse(t.db, input([{ questionId: idOf("1"), value: "Only one" }]), actor)).toBeNull();
    expect(await submitNewResponse(t.db, input([{ questionId: idOf("2"), value: "Fire service" }]), actor)).toBeNull();
    expect(await responseOf(every.c.id, o!.id)).toBeNull();
    // A person signed in (not an API key) always takes the general path, which emails a receipt.
    expect(await submitNewResponse(t.db, input([]), actors.sarah!)).toBeNull();
    // An organisation that already has a response (the police) amends through the general path.
    const all = Object.entries(Q).map(([type, q]) => ({ questionId: idOf(q.number), value: VALID_ANSWER_OF_TYPE[type as keyof typeof Q] as unknown }));
    const police_: Actor = { ...actor, memberships: [{ organisationId: police(), organisationName: "Lancashire Constabulary", role: "partner" }] };
    const before = await responseOf(every.c.id, police());
    expect(await submitNewResponse(t.db, { ...input(all), organisationId: police() }, police_)).toBeNull();
    expect(await responseOf(every.c.id, police())).toEqual(before);
  });
});

describe("other organisations", () => {
  it("refuses a save or submit for an organisation the person does not belong to", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const graceResponse = (await responseOf(odpm.c.id, health()))!;
    const before = await storedAnswers(graceResponse.id);
    const q12 = odpm.questions.find((q) => q.number === "12")!;
    await expect(
      saveAnswers(
        t.db,
        { consultationId: odpm.c.id, organisationId: health(), answers: [{ questionId: q12.id, value: "Overwritten by the police", base: EMPTY_BASE }] },
        actors.sarah!,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      submitResponse(t.db, { consultationId: odpm.c.id, organisationId: health(), revision: 0, declaration: true }, actors.sarah!),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await storedAnswers(graceResponse.id)).toEqual(before);
    expect((await responseOf(odpm.c.id, health()))!.status).toBe("draft");
  });

  it("refuses to show another organisation's response, by page or by id", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    const cvsResponse = (await responseOf(odpm.c.id, orgIds["Chorley Council for Voluntary Service"]!))!;
    await expect(getResponseForActor(t.db, cvsResponse.id, actors.sarah!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      getRespondContext(t.db, { slug: odpm.c.slug, organisationId: orgIds["Chorley Council for Voluntary Service"] }, actors.sarah!),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // Its own partners and the council's officers may read it.
    await expect(getResponseForActor(t.db, cvsResponse.id, actors.mark!)).resolves.toMatchObject({ id: cvsResponse.id });
    await expect(getResponseForActor(t.db, cvsResponse.id, actors.jane!)).resolves.toMatchObject({ id: cvsResponse.id });
  });

  it("refuses officers on the respondent pages: they are not a partner organisation", async () => {
    await expect(getRespondContext(t.db, { slug: "lsp-shaping-their-future" }, actors.jane!)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("closing dates", () => {
  it("refuses saves and submissions after closing, and before opening, storing nothing", async () => {
    const set = {
      kind: "questionnaire" as const,
      chapters: [{ title: "Only", questions: [{ number: "1", type: "long_text" as const, text: "Anything?", required: false }] }],
    };
    const closed = await publish({ ...set, title: "Closed one", opensOn: "@-10d", closesOn: "@-1d" }, "closed-one");
    const future = await publish({ ...set, title: "Future one", opensOn: "@+3d", closesOn: "@+10d" }, "future-one");
    for (const c of [closed, future]) {
      const save = saveAnswers(
        t.db,
        { consultationId: c.c.id, organisationId: police(), answers: [{ questionId: c.questions[0]!.id, value: "Late", base: EMPTY_BASE }] },
        actors.sarah!,
      );
      await expect(save).rejects.toBeInstanceOf(LockedError);
      await expect(save).rejects.toThrow(c === closed ? /closed .* no longer accepts answers/ : /not open yet/);
      expect(await responseOf(c.c.id, police())).toBeNull();
      const ctx = await getRespondContext(t.db, { slug: c.c.slug }, actors.sarah!);
      expect(ctx.canEdit).toBe(false);
    }
  });

  it("refuses a submission once the consultation has been closed, leaving the draft as it was", async () => {
    const c = await oneQuestionConsultation("Closes while drafting", "closes-while-drafting");
    await saveAnswers(t.db, { consultationId: c.id, organisationId: police(), answers: [{ questionId: c.questionId, value: "Draft", base: EMPTY_BASE }] }, actors.sarah!);
    await t.db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, c.id));
    await expect(
      submitResponse(t.db, { consultationId: c.id, organisationId: police(), revision: 0, declaration: true }, actors.sarah!),
    ).rejects.toBeInstanceOf(LockedError);
    const r = (await responseOf(c.id, police()))!;
    expect(r.status).toBe("draft");
    expect(r.revision).toBe(0);
  });

  it("an API key's submission decides on a kept copy of the consultation only while its row is unchanged", async () => {
    const c = await oneQuestionConsultation("Kept between submissions", "kept-between-submissions");
    const partner = async (name: string) => {
      const [o] = await t.db.insert(organisations).values({ name, type: "voluntary_sector" }).returning();
      const [u] = await t.db.insert(users).values({ name: `API key: ${name}`, email: `api-key-${o!.id}@api-keys.invalid` }).returning();
      const actor: Actor = { id: u!.id, name: u!.name, email: u!.email, memberships: [{ organisationId: o!.id, organisationName: name, role: "partner" }], apiKeyScope: "read_write" };
      return { id: o!.id, actor };
    };
    const submit = (p: { id: string; actor: Actor }) =>
      submitNewResponse(
        t.db,
        { consultationId: c.id, organisationId: p.id, answers: () => [{ questionId: c.questionId, value: "Yes" }], organisation: { name: p.actor.memberships[0]!.organisationName, type: "voluntary_sector" } },
        p.actor,
      );
    const [a, b, d, e] = [await partner("Kept A"), await partner("Kept B"), await partner("Kept D"), await partner("Kept E")];
    // The first reads the row (and keeps it).
    expect(await submit(a)).not.toBeNull();
    // Closed since: refused as the row now stands, and nothing written.
    await t.db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, c.id));
    await expect(submit(b)).rejects.toBeInstanceOf(LockedError);
    expect(await responseOf(c.id, b.id)).toBeNull();
    // Open again: the kept row (closed) is not believed either.
    await t.db.update(consultations).set({ status: "open" }).where(eq(consultations.id, c.id));
    expect(await submit(d)).not.toBeNull();
    // Renamed: the officers' notification names it as it is now called.
    await t.db.update(consultations).set({ title: "Kept, then renamed" }).where(eq(consultations.id, c.id));
    const renamed = await submit(e);
    const titles = await t.db.select({ title: notifications.title }).from(notifications).where(like(notifications.path, `%${renamed!.responseId}`));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((n) => n.title.includes("“Kept, then renamed”"))).toBe(true);
  });
});

describe("submitting", () => {
  it("needs the declaration and at least one answer", async () => {
    const rochford = await ragReturn();
    await expect(
      submitResponse(t.db, { consultationId: rochford.c.id, organisationId: police(), revision: 0, declaration: true }, actors.sarah!),
    ).rejects.toThrow(/Answer at least one question/);
  });

  it("reports every required question left unanswered", async () => {
    const rochford = await ragReturn();
    await saveAnswers(
      t.db,
      { consultationId: rochford.c.id, organisationId: police(), answers: [{ questionId: rochford.questions[0]!.id, value: { status: "Green", commentary: "" }, base: EMPTY_BASE }] },
      actors.sarah!,
    );
    const err = await submitResponse(t.db, { consultationId: rochford.c.id, organisationId: police(), revision: 0, declaration: false }, actors.sarah!).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors).toEqual({ declaration: "Confirm that you may submit this response on behalf of Lancashire Constabulary" });
    const incomplete = await submitResponse(t.db, { consultationId: rochford.c.id, organisationId: police(), revision: 0, declaration: true }, actors.sarah!).catch((e) => e);
    expect(incomplete).toBeInstanceOf(InvalidError);
    expect(Object.values(incomplete.fieldErrors)).toEqual([
      "Select a RAG status for question 1.2",
      "Select a RAG status for question 5.1",
      "Select a RAG status for question 5.2",
      "Select a RAG status for question 7.1",
    ]);
  });

  it("answers a RAG progress return end to end: RAG status with commentary", async () => {
    const rochford = await ragReturn();
    const statuses = ["Green", "Amber", "Red", "Achieved", "Amber"];
    const rag = rochford.questions.filter((q) => q.type === "rag_status");
    const valueOf = (q: (typeof rag)[number]) =>
      q.type === "rag_status"
        ? { status: statuses[rag.indexOf(q)], commentary: `Milestone ${q.number}: on track.\nReview in March.` }
        : "Funding for 2010–11 is not confirmed; the CDRP will bid to the Safer Stronger Communities Fund.";
    // Chapter by chapter, "Save and continue" on each page.
    for (const ch of rochford.chapters) {
      const ctx = await getRespondContext(t.db, { slug: rochford.c.slug }, actors.sarah!);
      const r = await saveAnswers(
        t.db,
        {
          consultationId: rochford.c.id,
          organisationId: police(),
          chapterId: ch.id,
          answers: ch.questions.map((q) => ({ questionId: q.id, value: valueOf(q), base: ctx.answers.get(q.id)?.base ?? EMPTY_BASE })),
          requireAnswers: true,
        },
        actors.sarah!,
      );
      expect(r.errors).toEqual({});
    }
    const s = await submitResponse(t.db, { consultationId: rochford.c.id, organisationId: police(), revision: 0, declaration: true }, actors.sarah!);
    expect(s.reference).toMatch(/^RLSPSA-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const rows = await storedAnswers(s.responseId);
    expect(rows.find((a) => a.questionId === rag[1]!.id)?.valueText).toBe("Amber: Milestone 1.2: on track.\nReview in March.");
  });

  it("makes one submission however often the same page is posted, and emails one receipt", async () => {
    const breck = await bySlug("partner-questionnaire-scs-refresh");
    const [q1, q2] = breck.chapters[0]!.questions;
    await saveAnswers(
      t.db,
      {
        consultationId: breck.c.id,
        organisationId: police(),
        chapterId: breck.chapters[0]!.id,
        answers: [
          { questionId: q1!.id, value: "Community safety and the night-time economy.", base: EMPTY_BASE },
          { questionId: q2!.id, value: "Increase", base: EMPTY_BASE },
        ],
        requireAnswers: true,
      },
      actors.sarah!,
    );
    const input = { consultationId: breck.c.id, organisationId: police(), revision: 0, declaration: true };
    // A double click: two posts at once. Then the back button and a resend.
    const [a, b] = await Promise.all([submitResponse(t.db, input, actors.sarah!), submitResponse(t.db, input, actors.david!)]);
    const c = await submitResponse(t.db, input, actors.sarah!);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(c.duplicate).toBe(true);
    expect(new Set([a.reference, b.reference, c.reference]).size).toBe(1);
    expect(await listSubmissions(t.db, a.responseId)).toHaveLength(1);
    const receipts = await t.db.select().from(outbox).where(and(eq(outbox.kind, "receipt"), eq(outbox.consultationId, breck.c.id)));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toContain(a.reference);
    expect(receipts[0]!.text).toContain("Community safety and the night-time economy.");
    expect(receipts[0]!.text).toContain("Increase");
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "response.submit"), eq(auditLog.entityId, a.responseId)));
    expect(audit).toHaveLength(1);
  });

  it("takes amendments until closing as new revisions, with the history kept", async () => {
    const breck = await bySlug("partner-questionnaire-scs-refresh");
    const q1 = breck.chapters[0]!.questions[0]!;
    const ctx = await getRespondContext(t.db, { slug: breck.c.slug }, actors.sarah!);
    expect(ctx.response?.revision).toBe(1);
    // Nothing changed yet: nothing to amend.
    await expect(
      submitResponse(t.db, { consultationId: breck.c.id, organisationId: police(), revision: 1, declaration: true }, actors.sarah!),
    ).rejects.toThrow(/not changed any answers/);
    await saveAnswers(
      t.db,
      { consultationId: breck.c.id, organisationId: police(), answers: [{ questionId: q1.id, value: "Community safety, and youth services.", base: ctx.answers.get(q1.id)!.base }] },
      actors.david!,
    );
    const amended = await submitResponse(t.db, { consultationId: breck.c.id, organisationId: police(), revision: 1, declaration: true }, actors.david!);
    expect(amended).toMatchObject({ duplicate: false, revision: 2, reference: ctx.response!.reference });
    const history = await listSubmissions(t.db, amended.responseId);
    expect(history.map((h) => [h.revision, h.submittedByName])).toEqual([
      [2, "David Brown"],
      [1, expect.any(String)],
    ]);
    expect((history[1]!.answers as Record<string, string>)[q1.id]).toBe("Community safety and the night-time economy.");
    expect((history[0]!.answers as Record<string, string>)[q1.id]).toBe("Community safety, and youth services.");
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "response.amend"), eq(auditLog.entityId, amended.responseId)));
    expect(audit).toHaveLength(1);
  });

  it("refuses changes after submission when the officer did not allow amendments", async () => {
    const breck = await bySlug("partner-questionnaire-scs-refresh");
    await t.db.update(consultations).set({ allowAmendments: false }).where(eq(consultations.id, breck.c.id));
    try {
      const q4 = breck.questions.find((q) => q.number === "4")!;
      await expect(
        saveAnswers(t.db, { consultationId: breck.c.id, organisationId: police(), answers: [{ questionId: q4.id, value: "Late thought", base: EMPTY_BASE }] }, actors.sarah!),
      ).rejects.toBeInstanceOf(LockedError);
      const ctx = await getRespondContext(t.db, { slug: breck.c.slug }, actors.sarah!);
      expect(ctx.canEdit).toBe(false);
      expect(ctx.answers.has(q4.id)).toBe(false);
    } finally {
      await t.db.update(consultations).set({ allowAmendments: true }).where(eq(consultations.id, breck.c.id));
    }
  });
});

describe("invitations", () => {
  it("tells the page an invited contact has yet to open it, and records the first opening, once", async () => {
    const odpm = await bySlug("lsp-shaping-their-future");
    expect((await getRespondContext(t.db, { slug: odpm.c.slug }, actors.grace!)).invitationUnopened).toBe(true);
    const first = new Date("2030-01-01T10:00:00Z");
    await markInvitationOpened(t.db, odpm.c.id, actors.grace!.id, first);
    await markInvitationOpened(t.db, odpm.c.id, actors.grace!.id, new Date("2030-01-02T10:00:00Z"));
    const [inv] = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.consultationId, odpm.c.id), eq(invitations.userId, actors.grace!.id)));
    expect(inv!.openedAt?.toISOString()).toBe(first.toISOString());
    expect((await getRespondContext(t.db, { slug: odpm.c.slug }, actors.grace!)).invitationUnopened).toBe(false);
  });
});

describe("the task list and the reference (issue 20)", () => {
  const set = {
    kind: "questionnaire" as const,
    opensOn: "@-1d",
    closesOn: "@+10d",
    chapters: [
      { title: "About you", questions: [{ number: "1", type: "short_text" as const, text: "Your role?", required: true }] },
      {
        title: "Anything else",
        questions: [
          { number: "2", type: "long_text" as const, text: "Anything to add?", required: false },
          { number: "3", type: "long_text" as const, text: "Anyone else we should ask?", required: false },
        ],
      },
    ],
  };

  it("completes a chapter of optional questions left empty once saved with Save and continue, and not with Save and come back later", async () => {
    const c = await publish({ ...set, title: "Parks and open spaces" }, "optional-chapter");
    const optional = c.chapters[1]!;
    const state = async () => (await getRespondContext(t.db, { slug: c.c.slug }, actors.sarah!)).progress.chapters.map((p) => p.state);
    expect(await state()).toEqual(["not_started", "not_started"]);
    const empty = optional.questions.map((q) => ({ questionId: q.id, value: "", base: EMPTY_BASE }));
    // "Save and come back later" (no requireAnswers) with nothing typed: nothing to record.
    await saveAnswers(t.db, { consultationId: c.c.id, organisationId: police(), chapterId: optional.id, answers: empty }, actors.sarah!);
    expect(await state()).toEqual(["not_started", "not_started"]);
    expect(await responseOf(c.c.id, police())).toBeNull();
    // "Save and continue": the chapter is finished, the response made to record it.
    const saved = await saveAnswers(t.db, { consultationId: c.c.id, organisationId: police(), chapterId: optional.id, answers: empty, requireAnswers: true }, actors.sarah!);
    expect(saved.errors).toEqual({});
    expect(await state()).toEqual(["not_started", "completed"]);
    expect((await responseOf(c.c.id, police()))!.completedChapters).toEqual([optional.id]);
    // Saving it again records it once.
    await saveAnswers(t.db, { consultationId: c.c.id, organisationId: police(), chapterId: optional.id, answers: empty, requireAnswers: true }, actors.sarah!);
    expect((await responseOf(c.c.id, police()))!.completedChapters).toEqual([optional.id]);
    // A chapter whose required question is refused is not finished.
    const required = c.chapters[0]!;
    const refused = await saveAnswers(
      t.db,
      { consultationId: c.c.id, organisationId: police(), chapterId: required.id, answers: [{ questionId: required.questions[0]!.id, value: "", base: EMPTY_BASE }], requireAnswers: true },
      actors.sarah!,
    );
    expect(Object.keys(refused.errors)).toHaveLength(1);
    expect(await state()).toEqual(["not_started", "completed"]);
    // Another organisation's task list is its own.
    expect((await getRespondContext(t.db, { slug: c.c.slug }, actors.mark!)).progress.chapters.map((p) => p.state)).toEqual(["not_started", "not_started"]);
  });

  it("gives a new response a reference from the officer's code, or from the title's initials, and keeps a reference once given", async () => {
    const c = await publish({ ...set, title: "Parks and open spaces strategy" }, "reference-code");
    const [one, two] = c.chapters;
    const submit = async (actor: Actor, organisationId: string) => {
      await saveAnswers(t.db, { consultationId: c.c.id, organisationId, chapterId: one!.id, answers: [{ questionId: one!.questions[0]!.id, value: "Chair", base: EMPTY_BASE }] }, actor);
      const ctx = await getRespondContext(t.db, { slug: c.c.slug, organisationId }, actor);
      return submitResponse(t.db, { consultationId: c.c.id, organisationId, revision: ctx.response!.revision, declaration: true }, actor);
    };
    const first = await submit(actors.sarah!, police());
    expect(first.reference).toMatch(/^POSS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await t.db.update(consultations).set({ referenceCode: "PARKS26" }).where(eq(consultations.id, c.c.id));
    const second = await submit(actors.mark!, actors.mark!.memberships.find((m) => m.role === "partner")!.organisationId);
    expect(second.reference).toMatch(/^PARKS26-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    // An amendment keeps the reference the response was given.
    await saveAnswers(t.db, { consultationId: c.c.id, organisationId: police(), chapterId: two!.id, answers: [{ questionId: two!.questions[0]!.id, value: "More", base: EMPTY_BASE }] }, actors.sarah!);
    const amended = await submitResponse(t.db, { consultationId: c.c.id, organisationId: police(), revision: first.revision, declaration: true }, actors.sarah!);
    expect(amended).toMatchObject({ revision: 2, reference: first.reference });
    // The receipt names it.
    const [receipt] = await t.db.select().from(outbox).where(and(eq(outbox.consultationId, c.c.id), eq(outbox.kind, "receipt"))).orderBy(asc(outbox.createdAt)).limit(1);
    expect(receipt!.subject).toContain(first.reference);
  });

  it("refuses a code that is not 2 to 10 capital letters or digits in the database too", async () => {
    const c = await bySlug("optional-chapter");
    for (const bad of ["x", "LSP-1", "ABCDEFGHIJK", "lsp"]) {
      await expect(t.db.update(consultations).set({ referenceCode: bad }).where(eq(consultations.id, c.c.id))).rejects.toThrow();
    }
  });
});
