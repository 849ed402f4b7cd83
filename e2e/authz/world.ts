// The people, organisations and records the authorization matrix runs against, made through
// the app itself (demo sign-in, the admin's and officers' server actions, the API), so it works
// on PGlite and on Postgres alike: a second council with its own officer and consultation,
// organisation A's and B's responses, API keys of every kind, and the ids of everything a
// dynamic segment needs.
import { expect, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from "@playwright/test";
import { builtActionIds } from "./routes";

export const ACTORS = ["anonymous", "partnerA", "partnerB", "scrutiny", "officer", "signatory", "admin", "otherOfficer"] as const;
export type ActorName = (typeof ACTORS)[number];

/** Who calls the API: no key, a signed-in officer's session cookie (which the API must ignore), or a key. */
export const API_CALLERS = ["noKey", "officerSession", "councilRead", "councilWrite", "partnerARead", "partnerAWrite", "partnerBWrite", "otherCouncilWrite"] as const;
export type ApiCaller = (typeof API_CALLERS)[number];

const DEMO_EMAILS: Record<Exclude<ActorName, "anonymous" | "otherOfficer">, string> = {
  // Partners whose homes and responses the other journeys do not look at (their submissions
  // here would show on those homes).
  partnerA: "mark.evans@cvs.example", // Chorley Council for Voluntary Service
  partnerB: "lucy.hall@parish.example", // Croston Parish Council
  scrutiny: "peter.moss@council.example",
  officer: "jane.fisher@council.example",
  signatory: "helen.rigby@council.example", // also an officer
  admin: "ravi.shah@council.example",
};

export type ConsultationIds = { id: string; slug: string; sectionId: string; spareSectionId: string; questionId: string; stageId: string };

export type World = {
  baseURL: string;
  run: string;
  sessions: Record<ActorName, APIRequestContext>;
  keys: Record<Exclude<ApiCaller, "noKey" | "officerSession">, string>;
  /** duplicate and kept: made for the administrator to merge one into the other. */
  orgs: { council: string; partnerA: string; partnerB: string; otherCouncil: string; duplicate: string; kept: string };
  /** Council A's consultation to answer, open, with A's and B's submitted responses. */
  a: ConsultationIds;
  /** A draft of council A's: partners and other councils may not know it exists. */
  draft: { id: string; slug: string };
  /** The second council's open consultation. */
  other: ConsultationIds;
  responses: { a: string; b: string };
  /** Partner A's answer text: what no one outside council A and organisation A may read. */
  canary: string;
  exportJobId: string;
  commentId: string;
  /** A notification of the officer's (the scrutiny member's comment), for marking read. */
  notificationId: string;
  /** Invitations to council A's consultation (organisation A's contacts). */
  invitationIds: string[];
  /** Council A's stages beyond the first, for the officers to delete one each. */
  spareStageIds: string[];
  /** The admin's own administrator role (which no one may remove, the admin included). */
  membershipId: string;
  /** A key made to be revoked. */
  apiKeyId: string;
  /** A person made for the admin's role changes. */
  users: { spare: string };
  /** The demo action plan (council A's): a past period, the open one, and an indicator's return item in the past one. */
  plan: { id: string; pastPeriodId: string; openPeriodId: string; returnItemId: string; ownerOrgId: string };
  actions: Map<string, { id: string; workers: string[] }>;
  /** The demo draft document (issue 16): its consultation, newest version, a paragraph's anchor and an answered comment. */
  doc: { id: string; consultationId: string; versionId: string; anchor: string; commentId: string };
  /**
   * Issue 17's analysis of council A's question 1, made by its officer: a theme kept throughout,
   * and per officer (officer, signatory) a theme to rename and merge and one to delete; question 2
   * (for a second suggestion run) and a suggestion run on question 3, cancelled.
   */
  analysis: { keptThemeId: string; own: string[]; doomed: string[]; secondQuestionId: string; runId: string; reviewId: string };
};

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

export function firstMatch(text: string, re: RegExp, what: string): string {
  const m = re.exec(text);
  if (!m) throw new Error(`could not find ${what}`);
  return m[1]!;
}

const unescapeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

async function demoSession(pw: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string): Promise<APIRequestContext> {
  const ctx = await pw.request.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/demo", { form: { csrfToken, email, callbackUrl: "/" }, maxRedirects: 0 });
  expect(res.status(), `demo sign-in of ${email}`).toBeLessThan(400);
  const cookies = (await ctx.storageState()).cookies.map((c) => c.name);
  expect(cookies.some((n) => n.endsWith("session-token")), `a session cookie for ${email}`).toBe(true);
  return ctx;
}

/** The result a server action sends back (its RSC payload), as text. */
export type ActionResult = { status: number; text: string; redirect: string | null };

/**
 * Invoke a server action as the browser does: POST to a page that uses it, with its id in the
 * Next-Action header and the encoded arguments (previous state, the form's fields).
 */
export async function callAction(world: Pick<World, "actions" | "baseURL">, ctx: APIRequestContext, key: string, page: string, fields: Record<string, string | string[]>): Promise<ActionResult> {
  const action = world.actions.get(key);
  if (!action) throw new Error(`no built server action ${key}`);
  // React's encodeReply: the form's entries under the prefix "_1_", then the root "0".
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) entries.push([`_1_${k}`, one]);
  // Playwright's multipart takes one value per name: repeated names go through a FormData.
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  form.append("0", JSON.stringify([{}, "$K1"]));
  const res = await ctx.post(page, {
    headers: { "Next-Action": action.id, Origin: world.baseURL, Accept: "text/x-component" },
    multipart: form,
    maxRedirects: 0,
  });
  return { status: res.status(), text: await res.text(), redirect: res.headers()["x-action-redirect"] ?? res.headers()["location"] ?? null };
}

/** The page of a worker that uses the action, with its dynamic segments filled. */
export function actionPage(world: World, key: string, consultationId: string): string {
  const action = world.actions.get(key);
  if (!action) throw new Error(`no built server action ${key}`);
  const worker = action.workers.find((w) => !/\[(?!id\])/.test(w.replace(/\[id\]/g, ""))) ?? action.workers[0]!;
  const route = worker.replace(/^app/, "").replace(/\/page$/, "").replace("[id]", consultationId);
  if (/\[/.test(route)) throw new Error(`cannot fill ${worker} for ${key}`);
  return route || "/";
}

async function okAction(world: World, who: APIRequestContext, key: string, page: string, fields: Record<string, string | string[]>) {
  const r = await callAction(world, who, key, page, fields);
  expect(r.status, `${key}: ${r.text.slice(0, 300)}`).toBeLessThan(400);
  expect(r.text, `${key} refused during setup`).not.toMatch(/"errors":\{"/);
  return r;
}

async function json<T>(res: APIResponse, what: string): Promise<T> {
  expect(res.status(), `${what}: ${(await res.text()).slice(0, 300)}`).toBeLessThan(300);
  return (await res.json()) as T;
}

function questionSet(title: string, closesOn: string) {
  return {
    format: "council-consult/question-set",
    formatVersion: 1,
    title,
    kind: "consultation_to_answer",
    askedBy: "Authorization matrix",
    opensOn: "2020-01-01",
    closesOn,
    stages: [{ name: "Partners comment", dueOn: closesOn }, { name: "Spare stage 1" }, { name: "Spare stage 2" }],
    chapters: [
      {
        title: "Governance",
        questions: [
          { number: "1", type: "long_text", text: "Should every area have its own partnership?", required: false },
          { number: "2", type: "short_text", text: "Who chairs it?", required: false },
        ],
      },
      { title: "Spare chapter", questions: [{ number: "3", type: "long_text", text: "Anything else?", required: false }] },
    ],
  };
}

export async function makeWorld(pw: PlaywrightWorkerArgs["playwright"], baseURL: string): Promise<World> {
  const run = Date.now().toString(36);
  const actions = builtActionIds();
  const partial = { baseURL, actions } as World;
  const sessions = { anonymous: await pw.request.newContext({ baseURL }) } as Record<ActorName, APIRequestContext>;
  for (const [name, email] of Object.entries(DEMO_EMAILS)) sessions[name as ActorName] = await demoSession(pw, baseURL, email);
  const admin = sessions.admin;

  // The second council, with an officer who signs in by the emailed link (one email only).
  await okAction(partial, admin, "app/admin/actions.ts#createOrganisationAction", "/admin/organisations", { name: `Matrix Borough Council ${run}`, type: "council" });
  for (const name of [`Matrix duplicate ${run}`, `Matrix kept ${run}`]) {
    await okAction(partial, admin, "app/admin/actions.ts#createOrganisationAction", "/admin/organisations", { name, type: "voluntary_sector" });
  }
  // Each organisation's id from the add-a-person form's choice, found by its name (the form offers
  // at most 50 organisations, so each is looked for by name).
  const orgId = async (name: string) =>
    firstMatch(
      await (await admin.get(`/admin/users?org=${encodeURIComponent(name)}`)).text(),
      new RegExp(`<option value="(${UUID})">${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</option>`),
      `organisation ${name}`,
    );
  const orgs = {
    council: await orgId("Chorley Council"),
    partnerA: await orgId("Chorley Council for Voluntary Service"),
    partnerB: await orgId("Croston Parish Council"),
    otherCouncil: await orgId(`Matrix Borough Council ${run}`),
    duplicate: await orgId(`Matrix duplicate ${run}`),
    kept: await orgId(`Matrix kept ${run}`),
  };
  const otherEmail = `officer.${run}@matrix-borough.example`;
  await okAction(partial, admin, "app/admin/actions.ts#createUserAction", "/admin/users", { name: `Olive Other ${run}`, email: otherEmail, organisationId: orgs.otherCouncil, role: "officer" });
  const other = await pw.request.newContext({ baseURL });
  {
    const { csrfToken } = (await (await other.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const sent = await other.post("/sign-in/email", { form: { csrfToken, email: otherEmail, callbackUrl: "/" }, maxRedirects: 0 });
    expect(sent.status(), "the second council's officer asks for a sign-in link").toBeLessThan(400);
    let link = "";
    await expect
      .poll(async () => {
        // The outbox lists one line per email; the newest opens to its body on its own page.
        const outbox = await (await admin.get(`/admin/outbox?to=${encodeURIComponent(otherEmail)}`)).text();
        const open = /href="(\/admin\/outbox\/[0-9a-f-]{36})"/.exec(outbox);
        const message = open ? await (await admin.get(open[1]!)).text() : "";
        const m = /href="([^"]*\/api\/auth\/callback\/email[^"]*)"/.exec(message);
        link = m ? unescapeHtml(m[1]!) : "";
        return link;
      }, { message: "the sign-in email in the outbox", timeout: 30_000 })
      .not.toBe("");
    const signedIn = await other.get(new URL(link, baseURL).pathname + new URL(link, baseURL).search, { maxRedirects: 0 });
    expect(signedIn.status(), "the emailed link signs in").toBeLessThan(400);
    expect((await other.storageState()).cookies.some((c) => c.name.endsWith("session-token"))).toBe(true);
  }
  sessions.otherOfficer = other;

  // API keys of every kind; the key is in the action's result, shown once.
  const key = async (organisationId: string, scope: "read" | "read_write", name: string) => {
    const r = await okAction(partial, admin, "app/admin/api-keys/actions.ts#createApiKeyAction", "/admin/api-keys", { name: `${name} ${run}`, organisationId, scope });
    return firstMatch(r.text, /"key":"(cck_[A-Za-z0-9_-]+)"/, `the new key ${name}`);
  };
  const keys = {
    councilRead: await key(orgs.council, "read", "Matrix council read"),
    councilWrite: await key(orgs.council, "read_write", "Matrix council write"),
    partnerARead: await key(orgs.partnerA, "read", "Matrix partner A read"),
    partnerAWrite: await key(orgs.partnerA, "read_write", "Matrix partner A write"),
    partnerBWrite: await key(orgs.partnerB, "read_write", "Matrix partner B write"),
    otherCouncilWrite: await key(orgs.otherCouncil, "read_write", "Matrix other council write"),
  };
  const api = (k: string) => ({ authorization: `Bearer ${k}` });

  // Consultations: council A's (published), a draft of A's, and the second council's (published).
  const closesOn = `${new Date().getUTCFullYear() + 2}-12-31`;
  const create = async (k: string, title: string) => {
    const c = await json<{ id: string; slug: string; chapters: { id: string; questions: { id: string }[] }[] }>(
      await admin.post("/api/v1/consultations", { headers: api(k), data: questionSet(title, closesOn) }),
      `create ${title}`,
    );
    return c;
  };
  const publish = async (who: APIRequestContext, id: string) => {
    const r = await callAction(partial, who, "app/manage/[id]/edit/actions.ts#publishAction", `/manage/${id}/edit`, { consultationId: id, confirm: "yes" });
    expect(r.text, `publish ${id}`).not.toMatch(/"errors":\{"/);
  };
  const ids = async (who: APIRequestContext, c: { id: string; slug: string; chapters: { id: string; questions: { id: string }[] }[] }): Promise<ConsultationIds> => {
    const edit = await (await who.get(`/manage/${c.id}/edit`)).text();
    return {
      id: c.id,
      slug: c.slug,
      sectionId: c.chapters[0]!.id,
      spareSectionId: c.chapters[1]!.id,
      questionId: c.chapters[0]!.questions[0]!.id,
      stageId: firstMatch(edit, new RegExp(`/manage/${c.id}/edit/stages/(${UUID})`), "the stage's id"),
    };
  };
  const stageIds = async (who: APIRequestContext, id: string) => {
    const edit = await (await who.get(`/manage/${id}/edit`)).text();
    return [...new Set([...edit.matchAll(new RegExp(`/manage/${id}/edit/stages/(${UUID})`, "g"))].map((m) => m[1]!))];
  };
  const aCreated = await create(keys.councilWrite, `Matrix consultation A ${run}`);
  await publish(sessions.officer, aCreated.id);
  const a = await ids(sessions.officer, aCreated);
  const draftCreated = await create(keys.councilWrite, `Matrix draft ${run}`);
  const otherCreated = await create(keys.otherCouncilWrite, `Matrix other council ${run}`);
  await publish(other, otherCreated.id);
  const otherIds = await ids(other, otherCreated);
  for (const [id, k] of [[aCreated.id, keys.councilRead], [otherCreated.id, keys.otherCouncilWrite]] as const) {
    const { status } = await json<{ status: string }>(await admin.get(`/api/v1/consultations/${id}`, { headers: api(k) }), "a published consultation");
    expect(status, "published by its officer").toBe("open");
  }

  // Organisation A's and B's responses, submitted through their keys.
  const canary = `Partner A canary ${run}: only council A and organisation A may read this`;
  const submit = async (k: string, text: string) =>
    (await json<{ id: string }>(await admin.post(`/api/v1/consultations/${a.id}/responses`, { headers: api(k), data: { answers: [{ questionNumber: "1", value: text }] } }), "submit")).id;
  const responses = { a: await submit(keys.partnerAWrite, canary), b: await submit(keys.partnerBWrite, `Partner B's own answer ${run}`) };

  // Records that only exist once someone has acted: an export file, a comment, an invitation.
  await okAction(partial, sessions.officer, "app/manage/[id]/exports/actions.ts#requestExportAction", `/manage/${a.id}/exports`, { consultationId: a.id, format: "csv-wide" });
  let exportJobId = "";
  await expect
    .poll(async () => {
      const page = await (await sessions.officer.get(`/manage/${a.id}/exports`)).text();
      exportJobId = new RegExp(`/manage/${a.id}/exports/jobs/(${UUID})`).exec(page)?.[1] ?? "";
      return exportJobId;
    }, { message: "the background export finishes", timeout: 60_000 })
    .not.toBe("");
  await okAction(partial, sessions.scrutiny, "app/manage/[id]/review/actions.ts#addCommentAction", `/manage/${a.id}/review`, { consultationId: a.id, questionId: a.questionId, body: "A committee member's comment" });
  const review = await (await sessions.officer.get(`/manage/${a.id}/review`)).text();
  const commentId = firstMatch(review, new RegExp(`name="commentId" value="(${UUID})"`), "the comment's id");
  const notificationsPage = await (await sessions.officer.get("/notifications")).text();
  const notificationId = firstMatch(notificationsPage, new RegExp(`name="notificationId" value="(${UUID})"`), "the officer's notification of the comment");
  await okAction(partial, sessions.officer, "app/manage/[id]/audience/actions.ts#inviteAction", `/manage/${a.id}/audience`, { consultationId: a.id, organisationIds: [orgs.partnerA, orgs.partnerB] });
  const audience = await (await sessions.officer.get(`/manage/${a.id}/audience`)).text();
  const invitationIds = [...audience.matchAll(new RegExp(`/audience\\?remove=(${UUID})`, "g"))].map((m) => m[1]!);
  expect(invitationIds.length, "organisation A's contacts are invited").toBeGreaterThanOrEqual(2);
  const spareEmail = `spare.${run}@cvs.example`;
  await okAction(partial, admin, "app/admin/actions.ts#createUserAction", "/admin/users", { name: `Spare Person ${run}`, email: spareEmail, organisationId: orgs.partnerA, role: "partner" });
  const admins = await (await admin.get("/admin/users?q=ravi.shah%40council.example")).text();
  const membershipId = firstMatch(admins, new RegExp(`remove=(${UUID})`), "the admin's membership");
  const spares = await (await admin.get(`/admin/users?q=${encodeURIComponent(spareEmail)}`)).text();
  const spare = firstMatch(spares, new RegExp(`href="/admin/users/(${UUID})">Spare Person ${run}<`), "the spare person's id");
  await key(orgs.partnerA, "read", "Matrix throwaway");
  const keysPage = await (await admin.get("/admin/api-keys")).text();
  const apiKeyId = firstMatch(keysPage, new RegExp(`/admin/api-keys\\?revoke=(${UUID})`), "the newest API key's id");
  const spareStageIds = (await stageIds(sessions.officer, a.id)).filter((id) => id !== a.stageId);
  expect(spareStageIds.length).toBe(2);
  const plansPage = await (await sessions.officer.get("/action-plans")).text();
  const periodLinks = [...plansPage.matchAll(new RegExp(`/action-plans/(${UUID})/periods/(${UUID})`, "g"))];
  expect(periodLinks.length, "the demo action plan's four periods").toBeGreaterThanOrEqual(4);
  const planId = periodLinks[0]![1]!;
  const pastPeriodId = periodLinks[2]![2]!;
  const openPeriodId = periodLinks[3]![2]!;
  const reportPage = await (await sessions.officer.get(`/action-plans/${planId}/periods/${pastPeriodId}`)).text();
  // Each indicator's "Override" link names its return item (the form itself shows one at a time).
  const returnItemId = firstMatch(reportPage, new RegExp(`[?&;]override=(${UUID})`), "an indicator's return item");
  const ownerOrgId = firstMatch(reportPage, new RegExp(`/returns/${pastPeriodId}\\?organisation=(${UUID})`), "an owner organisation of the plan");
  // The demo document on Leicestershire Together's consultation (seed 003).
  const leics = await (await sessions.anonymous.get("/consultations/leicestershire-scs-laa")).text();
  const docId = firstMatch(leics, new RegExp(`/documents/(${UUID})`), "the demo document's id");
  const docAsOfficer = await (await sessions.officer.get(`/documents/${docId}`)).text();
  const docConsultationId = firstMatch(docAsOfficer, new RegExp(`/manage/(${UUID})/documents/${docId}/comments`), "the demo document's consultation");
  const docAsPartner = await (await sessions.partnerA.get(`/documents/${docId}`)).text();
  const anchor = firstMatch(docAsPartner, new RegExp(`/documents/${docId}/comment/(p-[0-9a-f]+)`), "a paragraph's anchor");
  const docManage = await (await sessions.officer.get(`/manage/${docConsultationId}/documents/${docId}`)).text();
  const versionId = [...docManage.matchAll(new RegExp(`data-version-id="(${UUID})"`, "g"))].map((m) => m[1]!).pop()!;
  expect(versionId, "the demo document's newest version").toBeTruthy();
  const docComments = await (await sessions.officer.get(`/manage/${docConsultationId}/documents/${docId}/comments?version=1`)).text();
  // Each comment's card carries its id (its answer link is relative to the page).
  const docCommentId = firstMatch(docComments, new RegExp(`id="comment-(${UUID})"`), "a comment on the demo document");

  // Issue 17: council A's codeframe for question 1, and a suggestion run on question 3 (no answers), cancelled at once.
  const analysisAction = (name: string) => `app/manage/[id]/collate/actions.ts#${name}`;
  const themesPage = (questionId: string) => `/manage/${a.id}/collate/${questionId}/themes`;
  const themeNames = { kept: `Matrix kept theme ${run}`, own: [`Matrix theme officer ${run}`, `Matrix theme signatory ${run}`], doomed: [`Matrix doomed officer ${run}`, `Matrix doomed signatory ${run}`] };
  for (const name of [themeNames.kept, ...themeNames.own, ...themeNames.doomed]) {
    await okAction(partial, sessions.officer, analysisAction("createThemeAction"), themesPage(a.questionId), { consultationId: a.id, questionId: a.questionId, name });
  }
  const frame = await json<{ themes: { id: string; name: string }[] }>(
    await admin.get(`/api/v1/consultations/${a.id}/questions/${a.questionId}/themes`, { headers: api(keys.councilRead) }),
    "council A's themes",
  );
  const themeId = (name: string) => {
    const t = frame.themes.find((x) => x.name === name);
    if (!t) throw new Error(`could not find the theme ${name}`);
    return t.id;
  };
  const spareQuestionId = aCreated.chapters[1]!.questions[0]!.id;
  await okAction(partial, sessions.officer, analysisAction("startSuggestionsAction"), themesPage(spareQuestionId), { consultationId: a.id, questionId: spareQuestionId });
  // Queued, the page offers to cancel it (naming the run); else the audit log names it.
  const busy = await (await sessions.officer.get(themesPage(spareQuestionId))).text();
  const runId =
    new RegExp(`name="runId" value="(${UUID})"`).exec(busy)?.[1] ??
    firstMatch(await (await sessions.officer.get(`/manage/${a.id}/audit`)).text(), new RegExp(`runId[^0-9a-f]{0,60}(${UUID})`), "the suggestion run's id");
  await callAction(partial, sessions.officer, analysisAction("cancelSuggestionsAction"), themesPage(spareQuestionId), { consultationId: a.id, runId });
  // A second officer's review: the officer tags partner A's answer and marks it analysed; the
  // signatory (an officer too) samples it for review and is its second officer.
  const collatePage = `/manage/${a.id}/collate/${a.questionId}`;
  await okAction(partial, sessions.officer, analysisAction("answerTagsAction"), collatePage, { consultationId: a.id, questionId: a.questionId, responseId: responses.a, themeIds: themeId(themeNames.kept), analysed: "yes", baseVersion: "1" });
  await okAction(partial, sessions.signatory, analysisAction("startTagReviewAction"), `${collatePage}/review`, { consultationId: a.id, questionId: a.questionId, size: "5" });
  const reviewPage = await (await sessions.signatory.get(`${collatePage}/review`)).text();
  const reviewId = firstMatch(reviewPage, new RegExp(`name="reviewId" value="(${UUID})"`), "the review's id");

  return {
    baseURL,
    run,
    sessions,
    keys,
    orgs,
    a,
    draft: { id: draftCreated.id, slug: draftCreated.slug },
    other: otherIds,
    responses,
    canary,
    exportJobId,
    commentId,
    notificationId,
    invitationIds,
    spareStageIds,
    membershipId,
    apiKeyId,
    users: { spare },
    plan: { id: planId, pastPeriodId, openPeriodId, returnItemId, ownerOrgId },
    actions,
    doc: { id: docId, consultationId: docConsultationId, versionId, anchor, commentId: docCommentId },
    analysis: {
      keptThemeId: themeId(themeNames.kept),
      own: themeNames.own.map(themeId),
      doomed: themeNames.doomed.map(themeId),
      secondQuestionId: aCreated.chapters[0]!.questions[1]!.id,
      runId,
      reviewId,
    },
  };
}
