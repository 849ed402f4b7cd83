// The authorization matrix: for every page, route handler, server action and API operation in
// the route tree (routes.ts), what each actor gets. A route without a row fails the suite, and
// so does a row without a route: add a row when you add a route.
//
// Page and route handler cells are HTTP statuses, "signin" (a redirect to the sign-in page that
// comes back here), or { redirect } (elsewhere). Action cells are "ok" (let through: the lib
// call ran, whatever its result), "refused" (told they may not, or that the record does not
// exist for them, and nothing changed) or "signin" (told to sign in, nothing changed).
// API cells are HTTP statuses per caller: no key, an officer's session cookie (the API takes
// keys only), and keys of each kind.
import { ACTORS as ACTOR_LIST, type ActorName, type ApiCaller, type World } from "./world";
import { NOTIFICATION_KINDS } from "../../db/schema/notifications";

export type PageOutcome = number | "signin" | { redirect: string };
export type ActionOutcome = "ok" | "refused" | "signin";

export type PageCase = {
  label: string;
  path: (w: World) => string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  form?: Record<string, string>;
  /** A function where a cell depends on the world (a redirect to the world's consultation). */
  expect: Record<ActorName, PageOutcome> | ((w: World) => Record<ActorName, PageOutcome>);
  /** Text that must not appear in the body of any refused cell (another organisation's answer). */
  secret?: (w: World) => string;
  /** Text that must not appear in these actors' bodies even when they are let in. */
  hidden?: { from: ActorName[]; text: (w: World) => string };
};
export type ApiCase = {
  label: string;
  path: (w: World) => string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: (w: World, caller: ApiCaller) => unknown;
  text?: string;
  ifMatch?: boolean;
  expect: Record<ApiCaller, number>;
  /** Text no 2xx body may contain for these callers. */
  hidden?: { from: ApiCaller[]; text: (w: World) => string };
};
export type ActionCase = {
  page: (w: World) => string;
  fields: (w: World, actor: ActorName) => Record<string, string | string[]>;
  expect: Record<ActorName, ActionOutcome>;
};

/** Columns, in order: anonymous, partner A, partner B, scrutiny, officer, signatory, admin, other council's officer. */
function cells<T>(anonymous: T, partnerA: T, partnerB: T, scrutiny: T, officer: T, signatory: T, admin: T, otherOfficer: T): Record<ActorName, T> {
  return { anonymous, partnerA, partnerB, scrutiny, officer, signatory, admin, otherOfficer };
}
/** Columns: no key, officer's session, council read key, council read-write key, partner A read, partner A read-write, partner B read-write, other council read-write. */
function api(noKey: number, officerSession: number, councilRead: number, councilWrite: number, partnerARead: number, partnerAWrite: number, partnerBWrite: number, otherCouncilWrite: number): Record<ApiCaller, number> {
  return { noKey, officerSession, councilRead, councilWrite, partnerARead, partnerAWrite, partnerBWrite, otherCouncilWrite };
}

const S = "signin" as const;
const home = { redirect: "/" };

// Council A's consultation, seen by each actor.
const COUNCIL_READS = cells<PageOutcome>(S, 403, 403, 200, 200, 200, 403, 403); // consultation.read_responses: scrutiny, officer, signatory
const COUNCIL_MANAGES = cells<PageOutcome>(S, 403, 403, 403, 200, 200, 403, 403); // consultation.manage: officers (the signatory is one too)
const AUDIT_READS = cells<PageOutcome>(S, 403, 403, 403, 200, 200, 403, 403); // audit.read inside the officer workspace (read_responses first)
// The second council's consultation: only its own officer.
const OTHER_COUNCIL_ONLY = cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 200);
const EVERYONE = cells<PageOutcome>(200, 200, 200, 200, 200, 200, 200, 200);
const SIGNED_IN = cells<PageOutcome>(S, 200, 200, 200, 200, 200, 200, 200);
const ADMIN_ONLY = cells<PageOutcome>(S, 403, 403, 403, 403, 403, 200, 403);
const OFFICERS_ANYWHERE = cells<PageOutcome>(S, 403, 403, 403, 200, 200, 403, 200);
// The respondent's pages: each partner for their own organisation; council staff do not respond.
const RESPONDENTS = cells<PageOutcome>(S, 200, 200, 403, 403, 403, 403, 403);

const a = (rest = "") => (w: World) => `/manage/${w.a.id}${rest}`;
const other = (rest = "") => (w: World) => `/manage/${w.other.id}${rest}`;
const canary = (w: World) => w.canary;

/** Council A's consultation, and the second council's, for one officer-workspace page. */
function workspace(rest: (w: World) => string, onA: Record<ActorName, PageOutcome>): PageCase[] {
  return [
    { label: "council A's consultation", path: (w) => `/manage/${w.a.id}${rest(w)}`, expect: onA, secret: canary },
    { label: "the second council's consultation", path: (w) => `/manage/${w.other.id}${rest(w).replaceAll(w.a.questionId, w.other.questionId).replaceAll(w.a.sectionId, w.other.sectionId).replaceAll(w.a.stageId, w.other.stageId)}`, expect: OTHER_COUNCIL_ONLY },
  ];
}

// Issue 16's demo document, on Leicestershire Together's consultation (council A's too).
const docPath = (rest = "") => (w: World) => `/manage/${w.doc.consultationId}/documents/${w.doc.id}${rest}`;
const docOnOther = (rest = "") => (w: World) => `/manage/${w.other.id}/documents/${w.doc.id}${rest}`;
/** Council A's document asked for under the second council's consultation: only its officer gets past the workspace, to a 404. */
const DOC_UNDER_OTHER = cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404);
/** The demo document's commenters: partners of organisations invited to its consultation (A and B both are). */
const DOC_COMMENTERS = cells<PageOutcome>(S, 200, 200, 403, 403, 403, 403, 403);

export const PAGES: Record<string, PageCase[]> = {
  "/manage/[id]/documents": workspace(() => "/documents", COUNCIL_READS),
  "/manage/[id]/documents/new": workspace(() => "/documents/new", COUNCIL_MANAGES),
  "/manage/[id]/documents/[docId]": [
    { label: "the demo document", path: docPath(), expect: COUNCIL_MANAGES },
    { label: "the demo document under the second council's consultation", path: docOnOther(), expect: DOC_UNDER_OTHER },
  ],
  "/manage/[id]/documents/[docId]/compare": [
    { label: "versions 1 and 2", path: docPath("/compare?from=1&to=2"), expect: COUNCIL_MANAGES },
    { label: "under the second council's consultation", path: docOnOther("/compare?from=1&to=2"), expect: DOC_UNDER_OTHER },
  ],
  "/manage/[id]/documents/[docId]/comments": [
    { label: "the evidence base's comments", path: docPath("/comments?version=1"), expect: COUNCIL_READS },
    { label: "under the second council's consultation", path: docOnOther("/comments?version=1"), expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404) },
  ],
  "/manage/[id]/documents/[docId]/comments/[commentId]": [
    { label: "answer a comment", path: (w) => `${docPath()(w)}/comments/${w.doc.commentId}`, expect: COUNCIL_MANAGES },
    { label: "under the second council's consultation", path: (w) => `${docOnOther()(w)}/comments/${w.doc.commentId}`, expect: DOC_UNDER_OTHER },
  ],
  "/manage/[id]/documents/[docId]/statement": [
    { label: "the evidence base's statement", path: docPath("/statement?version=1"), expect: COUNCIL_READS },
    { label: "under the second council's consultation", path: docOnOther("/statement?version=1"), expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404) },
  ],
  "/manage/[id]/documents/[docId]/endorsements": [
    { label: "the demo document's endorsements (none put yet)", path: docPath("/endorsements"), expect: COUNCIL_MANAGES },
    { label: "under the second council's consultation", path: docOnOther("/endorsements"), expect: DOC_UNDER_OTHER },
  ],
  "/documents/[id]": [{ label: "the demo document, public", path: (w) => `/documents/${w.doc.id}`, expect: EVERYONE }],
  // Only a named signatory of an invited partner organisation endorses; none of these actors is one.
  "/documents/[id]/endorse": [{ label: "endorse the demo document", path: (w) => `/documents/${w.doc.id}/endorse`, expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 403) }],
  "/documents/[id]/endorsements": [{ label: "the demo document's endorsements (not put for endorsement)", path: (w) => `/documents/${w.doc.id}/endorsements`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) }],
  "/documents/[id]/comment/[anchor]": [
    { label: "comment on a paragraph", path: (w) => `/documents/${w.doc.id}/comment/${w.doc.anchor}`, expect: DOC_COMMENTERS },
    { label: "for organisation A by name", path: (w) => `/documents/${w.doc.id}/comment/${w.doc.anchor}?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403) },
    { label: "a comment posted for organisation A", method: "POST", path: (w) => `/documents/${w.doc.id}/comment/${w.doc.anchor}?org=${w.orgs.partnerA}`, form: {}, expect: cells<PageOutcome>(401, 200, 403, 403, 403, 403, 403, 403) },
  ],
  "/documents/[id]/comments": [
    { label: "own organisation's comments", path: (w) => `/documents/${w.doc.id}/comments`, expect: DOC_COMMENTERS },
    { label: "organisation A's comments by name", path: (w) => `/documents/${w.doc.id}/comments?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403) },
  ],
  "/documents/[id]/submitted": [{ label: "a receipt that is not theirs", path: (w) => `/documents/${w.doc.id}/submitted?ref=NOPE-0000-0000`, expect: cells<PageOutcome>(S, 404, 404, 403, 403, 403, 403, 403) }],
  // Signed out, the public home page (open consultations, how to sign in); signed in, their work.
  "/": [{ label: "home", path: () => "/", expect: EVERYONE, hidden: { from: ["anonymous", "partnerB", "admin", "otherOfficer"], text: canary } }],
  "/sign-in": [{ label: "sign-in", path: () => "/sign-in", expect: cells<PageOutcome>(200, home, home, home, home, home, home, home) }],
  "/sign-in/check-email": [{ label: "check your email", path: () => "/sign-in/check-email", expect: EVERYONE }],
  "/api-docs": [{ label: "API reference", path: () => "/api-docs", expect: EVERYONE }],
  "/consultations": [{ label: "published consultations", path: () => "/consultations", expect: EVERYONE }],
  "/consultations/[slug]": [
    { label: "a published consultation", path: (w) => `/consultations/${w.a.slug}`, expect: EVERYONE, hidden: { from: [...ACTOR_LIST], text: canary } },
    { label: "a draft (not published)", path: (w) => `/consultations/${w.draft.slug}`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) },
  ],
  // Issue 18: public pages about published responses and outcomes. Council A's consultation does
  // not publish its responses and has no outcome: not found for everyone.
  "/consultations/[slug]/responses": [{ label: "responses of a consultation that does not publish them", path: (w) => `/consultations/${w.a.slug}/responses`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) }],
  "/consultations/[slug]/results": [{ label: "results of a consultation that does not publish them", path: (w) => `/consultations/${w.a.slug}/results`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) }],
  "/consultations/[slug]/outcome": [{ label: "an outcome not published", path: (w) => `/consultations/${w.a.slug}/outcome`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) }],
  "/consultations/outcomes": [{ label: "closed consultations by outcome", path: () => "/consultations/outcomes", expect: EVERYONE, hidden: { from: [...ACTOR_LIST], text: canary } }],
  "/accessibility": [{ label: "accessibility statement", path: () => "/accessibility", expect: EVERYONE }],
  "/privacy": [{ label: "privacy notice", path: () => "/privacy", expect: EVERYONE }],
  "/cookies": [{ label: "cookies", path: () => "/cookies", expect: EVERYONE }],
  "/contact": [{ label: "contact", path: () => "/contact", expect: EVERYONE }],
  "/review": [{ label: "the council's answers to review", path: () => "/review", expect: SIGNED_IN }],
  "/notifications": [{ label: "the person's own notifications", path: () => "/notifications", expect: SIGNED_IN }],
  "/notifications/settings": [{ label: "the person's notification settings", path: () => "/notifications/settings", expect: SIGNED_IN }],
  // Progress returns: each partner their own organisation's (empty for organisations that own nothing in a plan).
  "/returns": [{ label: "the person's progress returns", path: () => "/returns", expect: SIGNED_IN }],
  "/returns/[periodId]": [
    { label: "own organisation's return", path: (w) => `/returns/${w.plan.openPeriodId}`, expect: cells<PageOutcome>(S, 200, 200, 404, 404, 404, 403, 403) },
    { label: "organisation A's return asked for by name", path: (w) => `/returns/${w.plan.openPeriodId}?organisation=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 200, 200, 200, 403, 403) },
  ],
  "/returns/[periodId]/check": [{ label: "organisation A's return to check", path: (w) => `/returns/${w.plan.openPeriodId}/check?organisation=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 200, 200, 200, 403, 403) }],
  "/returns/[periodId]/submitted": [{ label: "organisation A's receipt", path: (w) => `/returns/${w.plan.openPeriodId}/submitted?organisation=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 200, 200, 200, 403, 403) }],
  "/action-plans": [{ label: "action plans", path: () => "/action-plans", expect: SIGNED_IN }],
  "/action-plans/import": [{ label: "import a plan", path: () => "/action-plans/import", expect: OFFICERS_ANYWHERE }],
  "/action-plans/[planId]/edit": [{ label: "council A's plan editor", path: (w) => `/action-plans/${w.plan.id}/edit`, expect: COUNCIL_MANAGES }],
  "/action-plans/[planId]/periods/[periodId]": [
    { label: "council A's plan report", path: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}`, expect: COUNCIL_READS },
    { label: "a period under another plan's address", path: (w) => `/action-plans/${w.a.id}/periods/${w.plan.pastPeriodId}`, expect: cells<PageOutcome>(S, 403, 403, 404, 404, 404, 403, 403) },
  ],
  "/manage": [{ label: "consultations list", path: () => "/manage", expect: cells<PageOutcome>(S, 403, 403, 200, 200, 200, 403, 200) }],
  "/manage/new": [{ label: "create", path: () => "/manage/new", expect: OFFICERS_ANYWHERE }],
  "/manage/import": [{ label: "import", path: () => "/manage/import", expect: OFFICERS_ANYWHERE }],
  "/admin/users": [{ label: "users", path: () => "/admin/users", expect: ADMIN_ONLY }],
  "/admin/organisations": [{ label: "organisations", path: () => "/admin/organisations", expect: ADMIN_ONLY }],
  "/admin/api-keys": [{ label: "API keys", path: () => "/admin/api-keys", expect: ADMIN_ONLY }],
  "/admin/outbox": [{ label: "outbox", path: () => "/admin/outbox", expect: ADMIN_ONLY }],
  "/admin/jobs": [
    { label: "background jobs", path: () => "/admin/jobs", expect: ADMIN_ONLY },
    { label: "background jobs: the done list", path: () => "/admin/jobs?list=done", expect: ADMIN_ONLY },
  ],
  "/admin/users/[id]/end-sessions": [{ label: "end a person's sessions", path: (w) => `/admin/users/${w.users.spare}/end-sessions`, expect: ADMIN_ONLY }],
  "/admin/organisations/[id]/branding": [
    { label: "council A's letterhead", path: (w) => `/admin/organisations/${w.orgs.council}/branding`, expect: ADMIN_ONLY },
    { label: "a partner organisation (not a council)", path: (w) => `/admin/organisations/${w.orgs.partnerA}/branding`, expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 404, 403) },
  ],
  "/admin/users/[id]": [{ label: "a person's details", path: (w) => `/admin/users/${w.users.spare}`, expect: ADMIN_ONLY }],
  "/admin/users/[id]/deactivate": [{ label: "deactivate a person", path: (w) => `/admin/users/${w.users.spare}/deactivate`, expect: ADMIN_ONLY }],
  "/admin/organisations/[id]": [{ label: "an organisation", path: (w) => `/admin/organisations/${w.orgs.partnerB}`, expect: ADMIN_ONLY }],
  "/admin/organisations/[id]/merge": [
    { label: "merge: the confirmation", path: (w) => `/admin/organisations/${w.orgs.partnerB}/merge?intoId=${w.orgs.partnerA}`, expect: ADMIN_ONLY },
    { label: "merge: nothing chosen", path: (w) => `/admin/organisations/${w.orgs.partnerB}/merge`, expect: ADMIN_ONLY },
  ],
  "/admin/outbox/[id]": [{ label: "an email that does not exist", path: () => "/admin/outbox/00000000-0000-4000-8000-000000000000", expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 404, 403) }],
  "/admin/people": [
    { label: "personal data requests", path: () => "/admin/people", expect: ADMIN_ONLY },
    { label: "personal data requests: a search", path: (w) => `/admin/people?email=spare.${w.run}`, expect: ADMIN_ONLY },
  ],
  "/admin/people/[id]": [{ label: "a person's data, readable", path: (w) => `/admin/people/${w.users.spare}`, expect: ADMIN_ONLY }],
  // The spare person holds a role: the page refuses to erase them, with the reason.
  "/admin/people/[id]/erase": [{ label: "erase a person's data: the confirmation", path: (w) => `/admin/people/${w.users.spare}/erase`, expect: ADMIN_ONLY }],
  "/admin/people/[id]/erased": [
    {
      label: "erased: a person not erased goes to the confirmation",
      path: (w) => `/admin/people/${w.users.spare}/erased`,
      expect: (w) => cells<PageOutcome>(S, 403, 403, 403, 403, 403, { redirect: `/admin/people/${w.users.spare}/erase` }, 403),
    },
  ],
  "/admin/audit": [{ label: "system audit log", path: () => "/admin/audit", expect: ADMIN_ONLY, hidden: { from: ["admin"], text: canary } }],

  "/manage/[id]": [
    ...workspace(() => "", COUNCIL_READS),
    { label: "a draft of council A's", path: (w) => `/manage/${w.draft.id}`, expect: COUNCIL_READS },
    { label: "an id that does not exist", path: () => "/manage/00000000-0000-4000-8000-000000000000", expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) },
  ],
  "/manage/[id]/audience": workspace(() => "/audience", COUNCIL_MANAGES),
  "/manage/[id]/moderation": workspace(() => "/moderation", COUNCIL_MANAGES),
  "/manage/[id]/outcome": workspace(() => "/outcome", COUNCIL_MANAGES),
  // No answer of council A's consultation is in the queue: its officers find nothing there.
  "/manage/[id]/moderation/[responseId]/[questionId]": [
    { label: "an answer not in council A's queue", path: (w) => `/manage/${w.a.id}/moderation/${w.responses.a}/${w.a.questionId}`, expect: cells<PageOutcome>(S, 403, 403, 403, 404, 404, 403, 403), secret: canary },
    { label: "through the second council's consultation", path: (w) => `/manage/${w.other.id}/moderation/${w.responses.a}/${w.a.questionId}`, expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404), secret: canary },
  ],
  "/manage/[id]/audit": workspace(() => "/audit", AUDIT_READS),
  "/manage/[id]/collate": workspace(() => "/collate", COUNCIL_READS),
  "/manage/[id]/collate/[questionId]": workspace((w) => `/collate/${w.a.questionId}`, COUNCIL_READS),
  // Issue 17: a question's codeframe, read by the council's readers (only officers change it).
  "/manage/[id]/collate/[questionId]/themes": workspace((w) => `/collate/${w.a.questionId}/themes`, COUNCIL_READS),
  "/manage/[id]/collate/[questionId]/review": workspace((w) => `/collate/${w.a.questionId}/review`, COUNCIL_READS),
  "/manage/[id]/drafting": workspace(() => "/drafting", COUNCIL_READS),
  "/manage/[id]/drafting/[questionId]": workspace((w) => `/drafting/${w.a.questionId}`, COUNCIL_READS),
  "/manage/[id]/edit": workspace(() => "/edit", COUNCIL_MANAGES),
  "/manage/[id]/edit/details": workspace(() => "/edit/details", COUNCIL_MANAGES),
  "/manage/[id]/edit/chapters/new": workspace(() => "/edit/chapters/new", COUNCIL_MANAGES),
  "/manage/[id]/edit/question-bank": workspace(() => "/edit/question-bank?q=priorities", COUNCIL_MANAGES),
  "/manage/[id]/edit/chapters/[sectionId]": workspace((w) => `/edit/chapters/${w.a.sectionId}`, COUNCIL_MANAGES),
  "/manage/[id]/edit/chapters/[sectionId]/questions/new": workspace((w) => `/edit/chapters/${w.a.sectionId}/questions/new`, COUNCIL_MANAGES),
  "/manage/[id]/edit/questions/[questionId]": workspace((w) => `/edit/questions/${w.a.questionId}`, COUNCIL_MANAGES),
  "/manage/[id]/edit/stages/new": workspace(() => "/edit/stages/new", COUNCIL_MANAGES),
  "/manage/[id]/edit/stages/[stageId]": workspace((w) => `/edit/stages/${w.a.stageId}`, COUNCIL_MANAGES),
  "/manage/[id]/exports": workspace(() => "/exports", COUNCIL_READS),
  "/manage/[id]/preview": workspace(() => "/preview", COUNCIL_MANAGES),
  "/manage/[id]/responses": workspace(() => "/responses", COUNCIL_READS),
  "/manage/[id]/responses/campaigns": workspace(() => "/responses/campaigns", COUNCIL_READS),
  "/manage/[id]/responses/[responseId]": [
    { label: "organisation A's response", path: (w) => `/manage/${w.a.id}/responses/${w.responses.a}`, expect: COUNCIL_READS, secret: canary },
    { label: "organisation B's response", path: (w) => `/manage/${w.a.id}/responses/${w.responses.b}`, expect: COUNCIL_READS, secret: canary },
    // A's response under the second council's consultation: not there, for its own officer too.
    { label: "A's response through the other council's consultation", path: (w) => `/manage/${w.other.id}/responses/${w.responses.a}`, expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404), secret: canary },
  ],
  "/manage/[id]/review": workspace(() => "/review", COUNCIL_READS),
  "/manage/[id]/sign-off": workspace(() => "/sign-off", COUNCIL_READS),
  "/manage/[id]/sign-off/verify": workspace(() => "/sign-off/verify", COUNCIL_READS),

  "/respond/[slug]": [
    { label: "own organisation's response", path: (w) => `/respond/${w.a.slug}`, expect: RESPONDENTS, hidden: { from: ["partnerB"], text: canary } },
    { label: "organisation A's response asked for by name", path: (w) => `/respond/${w.a.slug}?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403), secret: canary },
    { label: "a draft consultation", path: (w) => `/respond/${w.draft.slug}`, expect: cells<PageOutcome>(S, 404, 404, 404, 404, 404, 404, 404) },
  ],
  "/respond/[slug]/chapter/[n]": [
    { label: "own organisation's chapter", path: (w) => `/respond/${w.a.slug}/chapter/1`, expect: RESPONDENTS, hidden: { from: ["partnerB"], text: canary } },
    { label: "organisation A's chapter", path: (w) => `/respond/${w.a.slug}/chapter/1?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403), secret: canary },
    // A post into organisation A's response: refused before the form is read. Anonymous: the session-ended page.
    { label: "a save posted into organisation A's response", method: "POST", path: (w) => `/respond/${w.a.slug}/chapter/1?org=${w.orgs.partnerA}`, form: { intent: "continue" }, expect: cells<PageOutcome>(401, 200, 403, 403, 403, 403, 403, 403), secret: canary },
  ],
  "/respond/[slug]/check": [
    { label: "own check page", path: (w) => `/respond/${w.a.slug}/check`, expect: RESPONDENTS, hidden: { from: ["partnerB"], text: canary } },
    { label: "a submit posted for organisation A", method: "POST", path: (w) => `/respond/${w.a.slug}/check?org=${w.orgs.partnerA}`, form: {}, expect: cells<PageOutcome>(401, 200, 403, 403, 403, 403, 403, 403), secret: canary },
  ],
  // Members of the public (issue 18): council A's consultation is for invited partners only.
  "/respond/[slug]/start": [
    {
      label: "the public start page of a partners-only consultation",
      path: (w) => `/respond/${w.a.slug}/start`,
      expect: (w) => {
        const toResponse = { redirect: `/respond/${w.a.slug}` };
        return cells<PageOutcome>(404, toResponse, toResponse, toResponse, toResponse, toResponse, toResponse, toResponse);
      },
    },
  ],
  "/respond/[slug]/return": [{ label: "a return link with a made-up token", path: (w) => `/respond/${w.a.slug}/return?token=made-up`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) }],
  "/respond/[slug]/details": [
    { label: "own publishing and about-you page", path: (w) => `/respond/${w.a.slug}/details`, expect: RESPONDENTS, hidden: { from: ["partnerB"], text: canary } },
    { label: "organisation A's page asked for by name", path: (w) => `/respond/${w.a.slug}/details?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403), secret: canary },
  ],
  "/respond/[slug]/finish-later": [{ label: "how to finish later", path: (w) => `/respond/${w.a.slug}/finish-later`, expect: RESPONDENTS }],
  "/respond/[slug]/confirmation": [{ label: "own confirmation", path: (w) => `/respond/${w.a.slug}/confirmation`, expect: RESPONDENTS }],
  "/respond/[slug]/privacy": [{ label: "privacy notice", path: (w) => `/respond/${w.a.slug}/privacy`, expect: RESPONDENTS }],
  "/respond/[slug]/submitted": [
    { label: "own submitted copy", path: (w) => `/respond/${w.a.slug}/submitted`, expect: RESPONDENTS, hidden: { from: ["partnerB"], text: canary } },
    { label: "organisation A's submitted copy", path: (w) => `/respond/${w.a.slug}/submitted?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403), secret: canary },
  ],
};

/** Route handlers outside the API (the API's are in API below). */
export const HANDLERS: Record<string, PageCase[]> = {
  "GET /api/auth/[...nextauth]": [{ label: "the session", path: () => "/api/auth/session", expect: EVERYONE }],
  // The health check is for load balancers: anyone is told each part's state, and no one the
  // figures (they need HEALTH_TOKEN, which no actor here bears).
  "GET /api/health": [
    {
      label: "this instance's health",
      path: () => "/api/health",
      expect: EVERYONE,
      hidden: { from: ["anonymous", "partnerA", "partnerB", "scrutiny", "officer", "signatory", "admin", "otherOfficer"], text: () => "oldestDueSeconds" },
    },
  ],
  // Prometheus's figures: only to a request bearing HEALTH_TOKEN, which no actor here bears.
  "GET /api/metrics": [
    {
      label: "this instance's metrics",
      path: () => "/api/metrics",
      expect: cells<PageOutcome>(401, 401, 401, 401, 401, 401, 401, 401),
      hidden: { from: ["anonymous", "partnerA", "partnerB", "scrutiny", "officer", "signatory", "admin", "otherOfficer"], text: () => "consult_" },
    },
  ],
  "POST /api/auth/[...nextauth]": [
    // Without the CSRF token next-auth refuses the sign-out and sends the person to confirm it.
    { label: "sign-out without a CSRF token", method: "POST", path: () => "/api/auth/signout", form: {}, expect: cells<PageOutcome>(302, 302, 302, 302, 302, 302, 302, 302) },
  ],
  // Back to the sign-in page (with the message at the field and the callbackUrl kept), for anyone.
  "POST /sign-in/email": [{ label: "a blank address", method: "POST", path: () => "/sign-in/email", form: { email: "" }, expect: cells<PageOutcome>(S, S, S, S, S, S, S, S) }],
  "GET /admin/people/[id]/data.json": [{ label: "a person's data as JSON", path: (w) => `/admin/people/${w.users.spare}/data.json`, expect: cells<PageOutcome>(401, 403, 403, 403, 403, 403, 200, 403) }],
  "GET /manage/[id]/export.json": [
    { label: "council A's question set", path: a("/export.json"), expect: cells<PageOutcome>(401, 403, 403, 200, 200, 200, 403, 403) },
    { label: "the second council's question set", path: other("/export.json"), expect: cells<PageOutcome>(401, 403, 403, 403, 403, 403, 403, 200) },
  ],
  "GET /manage/[id]/exports/[file]": [
    { label: "council A's responses as CSV", path: a("/exports/responses-wide.csv"), expect: COUNCIL_READS, secret: canary },
    { label: "council A's answers as HTML", path: a("/exports/council-response.html"), expect: COUNCIL_READS },
    { label: "the second council's responses as CSV", path: other("/exports/responses-wide.csv"), expect: OTHER_COUNCIL_ONLY },
  ],
  // Logos are printed on everything a council sends: public. The second council has none.
  "GET /organisations/[id]/logo": [
    { label: "a council without a logo", path: (w) => `/organisations/${w.orgs.otherCouncil}/logo`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) },
    { label: "not an id", path: () => "/organisations/nope/logo", expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) },
  ],
  // A partner's own submitted response as a file: that organisation's people only.
  // The first draft's statement is never published (its stage is open): the council's readers only.
  "GET /consultations/[slug]/documents/[docId]/[file]": [
    { label: "the first draft's statement, not published", path: (w) => `/consultations/leicestershire-scs-laa/documents/${w.doc.id}/statement.html?version=2`, expect: cells<PageOutcome>(404, 404, 404, 200, 200, 200, 404, 404) },
    { label: "under another consultation's address", path: (w) => `/consultations/${w.a.slug}/documents/${w.doc.id}/statement.html?version=2`, expect: cells<PageOutcome>(404, 404, 404, 404, 404, 404, 404, 404) },
    { label: "the first draft's schedule of comments (CSV), not published", path: (w) => `/consultations/leicestershire-scs-laa/documents/${w.doc.id}/statement-comments.csv?version=2`, expect: cells<PageOutcome>(404, 404, 404, 200, 200, 200, 404, 404) },
  ],
  "GET /consultations/[slug]/our-response/[file]": [
    { label: "own organisation's print view", path: (w) => `/consultations/${w.a.slug}/our-response/response.html`, expect: cells<PageOutcome>(S, 200, 200, 403, 403, 403, 403, 403), hidden: { from: ["partnerB"], text: canary } },
    { label: "organisation A's copy asked for by name", path: (w) => `/consultations/${w.a.slug}/our-response/response.docx?org=${w.orgs.partnerA}`, expect: cells<PageOutcome>(S, 200, 403, 403, 403, 403, 403, 403), secret: canary },
    { label: "a draft consultation", path: (w) => `/consultations/${w.draft.slug}/our-response/response.html`, expect: cells<PageOutcome>(S, 404, 404, 404, 404, 404, 404, 404) },
  ],
  "GET /action-plans/[planId]/periods/[periodId]/[file]": [
    { label: "council A's plan report as CSV", path: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}/report.csv`, expect: COUNCIL_READS },
    { label: "council A's plan report as DOCX", path: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}/report.docx`, expect: COUNCIL_READS },
    { label: "council A's plan report as XLSX", path: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}/report.xlsx`, expect: COUNCIL_READS },
    { label: "council A's plan, every item across periods", path: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}/all-periods.csv`, expect: COUNCIL_READS },
  ],
  "GET /action-plans/[planId]/plan.json": [{ label: "council A's plan as a file", path: (w) => `/action-plans/${w.plan.id}/plan.json`, expect: COUNCIL_READS }],
  "GET /manage/[id]/exports/jobs/[jobId]": [
    { label: "council A's finished export", path: (w) => `/manage/${w.a.id}/exports/jobs/${w.exportJobId}`, expect: COUNCIL_READS, secret: canary },
    { label: "council A's export through the other council's consultation", path: (w) => `/manage/${w.other.id}/exports/jobs/${w.exportJobId}`, expect: cells<PageOutcome>(S, 403, 403, 403, 403, 403, 403, 404), secret: canary },
  ],
};

export const API: Record<string, ApiCase[]> = {
  // Issue 18's open data: no key needed; council A's consultation does not publish, so not found for every caller.
  "GET /api/v1/public/consultations/[slug]/responses": [{ label: "a consultation that does not publish", path: (w) => `/api/v1/public/consultations/${w.a.slug}/responses`, expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "GET /api/v1/public/consultations/[slug]/responses.csv": [{ label: "a consultation that does not publish", path: (w) => `/api/v1/public/consultations/${w.a.slug}/responses.csv`, expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "GET /api/v1/public/consultations/[slug]/counts": [{ label: "a consultation that does not publish", path: (w) => `/api/v1/public/consultations/${w.a.slug}/counts`, expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "GET /api/v1/public/consultations/[slug]/outcome": [{ label: "no outcome published", path: (w) => `/api/v1/public/consultations/${w.a.slug}/outcome`, expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "GET /api/v1/openapi.json": [{ label: "the document", path: () => "/api/v1/openapi.json", expect: api(200, 200, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/question-set.schema.json": [{ label: "the format", path: () => "/api/v1/question-set.schema.json", expect: api(200, 200, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/[...path]": [{ label: "no such endpoint", path: () => "/api/v1/nothing-here", expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "POST /api/v1/[...path]": [{ label: "no such endpoint", method: "POST", path: () => "/api/v1/nothing-here", body: () => ({}), expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "PUT /api/v1/[...path]": [{ label: "no such endpoint", method: "PUT", path: () => "/api/v1/nothing-here", body: () => ({}), expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "PATCH /api/v1/[...path]": [{ label: "no such endpoint", method: "PATCH", path: () => "/api/v1/nothing-here", body: () => ({}), expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  "DELETE /api/v1/[...path]": [{ label: "no such endpoint", method: "DELETE", path: () => "/api/v1/nothing-here", expect: api(404, 404, 404, 404, 404, 404, 404, 404) }],
  // Action plans: the council reads its plans and reports; a partner's system posts its own organisation's return.
  "GET /api/v1/action-plans": [{ label: "list", path: () => "/api/v1/action-plans", expect: api(401, 401, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/action-plans/[planId]/periods/[periodId]/report": [
    { label: "council A's period report", path: (w) => `/api/v1/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}/report`, expect: api(401, 401, 200, 200, 403, 403, 403, 403) },
  ],
  "POST /api/v1/action-plans/[planId]/periods/[periodId]/returns": [
    { label: "an empty return for the key's organisation", method: "POST", path: (w) => `/api/v1/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}/returns`, body: () => ({ items: [] }), expect: api(401, 401, 403, 403, 403, 200, 200, 403) },
  ],
  // Draft documents: any key reads a published consultation's documents; comments are the key's organisation's (the council's: all submitted).
  "GET /api/v1/consultations/[id]/documents": [{ label: "the demo consultation's documents", path: (w) => `/api/v1/consultations/${w.doc.consultationId}/documents`, expect: api(401, 401, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/documents/[documentId]/versions/[version]": [{ label: "the demo document's newest version", path: (w) => `/api/v1/documents/${w.doc.id}/versions/latest`, expect: api(401, 401, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/documents/[documentId]/comments": [
    { label: "comments on the evidence base", path: (w) => `/api/v1/documents/${w.doc.id}/comments?version=1`, expect: api(401, 401, 200, 200, 200, 200, 200, 403), hidden: { from: ["partnerARead", "partnerAWrite", "partnerBWrite"], text: () => "Chorley and South Ribble Primary Care Trust" } },
  ],
  "POST /api/v1/documents/[documentId]/comments": [
    { label: "a comment on a paragraph for the key's organisation", method: "POST", path: (w) => `/api/v1/documents/${w.doc.id}/comments`, body: (w) => ({ paragraph: w.doc.anchor, stance: "comment", text: "Matrix comment." }), expect: api(401, 401, 403, 403, 403, 201, 201, 403) },
  ],
  "GET /api/v1/consultations": [
    { label: "list", path: () => "/api/v1/consultations", expect: api(401, 401, 200, 200, 200, 200, 200, 200), hidden: { from: ["partnerARead", "partnerAWrite", "partnerBWrite", "otherCouncilWrite"], text: (w) => w.draft.id } },
  ],
  "POST /api/v1/consultations": [
    {
      label: "create a draft",
      method: "POST",
      path: () => "/api/v1/consultations",
      body: (w) => ({ format: "council-consult/question-set", formatVersion: 1, title: `Matrix API draft ${w.run}`, kind: "questionnaire", chapters: [{ title: "One", questions: [{ number: "1", type: "short_text", text: "Why?" }] }] }),
      expect: api(401, 401, 403, 201, 403, 403, 403, 201),
    },
  ],
  "GET /api/v1/consultations/[id]": [
    { label: "council A's published consultation", path: (w) => `/api/v1/consultations/${w.a.id}`, expect: api(401, 401, 200, 200, 200, 200, 200, 200) },
    { label: "council A's draft", path: (w) => `/api/v1/consultations/${w.draft.id}`, expect: api(401, 401, 200, 200, 404, 404, 404, 404) },
  ],
  "POST /api/v1/question-sets/parse": [{ label: "parse a paper", method: "POST", path: () => "/api/v1/question-sets/parse", text: "1: A question?", expect: api(401, 401, 200, 200, 200, 200, 200, 200) }],
  "GET /api/v1/consultations/[id]/responses": [
    { label: "council A's responses", path: (w) => `/api/v1/consultations/${w.a.id}/responses`, expect: api(401, 401, 200, 200, 200, 200, 200, 403), hidden: { from: ["partnerBWrite", "otherCouncilWrite"], text: canary } },
  ],
  "POST /api/v1/consultations/[id]/responses": [
    // Each partner amends its own organisation's response; council keys do not respond.
    {
      label: "submit to council A's consultation",
      method: "POST",
      path: (w) => `/api/v1/consultations/${w.a.id}/responses`,
      body: (w, caller) => ({ answers: [{ questionNumber: "1", value: caller === "partnerAWrite" ? `${w.canary} (amended)` : `An answer from ${caller}` }] }),
      expect: api(401, 401, 403, 403, 403, 201, 201, 403),
    },
  ],
  "GET /api/v1/responses/[id]": [
    { label: "organisation A's response", path: (w) => `/api/v1/responses/${w.responses.a}`, expect: api(401, 401, 200, 200, 200, 200, 403, 403), hidden: { from: ["partnerBWrite", "otherCouncilWrite"], text: canary } },
  ],
  "GET /api/v1/consultations/[id]/questions/[questionId]/summary": [
    { label: "council A's question", path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/summary`, expect: api(401, 401, 200, 200, 403, 403, 403, 403) },
  ],
  "GET /api/v1/consultations/[id]/draft-answers/[questionId]": [
    { label: "council A's draft answer", path: (w) => `/api/v1/consultations/${w.a.id}/draft-answers/${w.a.questionId}`, expect: api(401, 401, 200, 200, 403, 403, 403, 403) },
  ],
  "PUT /api/v1/consultations/[id]/draft-answers/[questionId]": [
    { label: "save council A's draft answer", method: "PUT", ifMatch: true, path: (w) => `/api/v1/consultations/${w.a.id}/draft-answers/${w.a.questionId}`, body: () => ({ text: "The council agrees.", status: "drafting" }), expect: api(401, 401, 403, 200, 403, 403, 403, 403) },
  ],
  // Issue 17: the council's keys read a question's themes and an answer's tags; its write key sets the tags (with If-Match).
  "GET /api/v1/consultations/[id]/questions/[questionId]/themes": [
    { label: "council A's question's themes", path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/themes`, expect: api(401, 401, 200, 200, 403, 403, 403, 403) },
    { label: "the second council's question's themes", path: (w) => `/api/v1/consultations/${w.other.id}/questions/${w.other.questionId}/themes`, expect: api(401, 401, 403, 403, 403, 403, 403, 200) },
  ],
  "GET /api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags": [
    { label: "organisation A's answer's tags", path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/answers/${w.responses.a}/tags`, expect: api(401, 401, 200, 200, 403, 403, 403, 403) },
    { label: "A's answer through the second council's consultation", path: (w) => `/api/v1/consultations/${w.other.id}/questions/${w.a.questionId}/answers/${w.responses.a}/tags`, expect: api(401, 401, 403, 403, 403, 403, 403, 404) },
  ],
  // The council's write key tags a passage of an answer (it only adds) and removes one; a passage
  // the answer does not have is not found, to the council's key only.
  "POST /api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages": [
    {
      label: "tag a passage of organisation B's answer with the kept theme",
      method: "POST",
      path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/answers/${w.responses.b}/tags/passages`,
      body: (w) => ({ themeId: w.analysis.keptThemeId, quote: "Partner" }),
      expect: api(401, 401, 403, 200, 403, 403, 403, 403),
    },
  ],
  "DELETE /api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/[tagId]": [
    {
      label: "remove a passage organisation B's answer does not have",
      method: "DELETE",
      path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/answers/${w.responses.b}/tags/passages/00000000-0000-4000-8000-000000000000`,
      expect: api(401, 401, 403, 404, 403, 403, 403, 403),
    },
  ],
  "PUT /api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags": [
    {
      label: "tag organisation B's answer with the kept theme",
      method: "PUT",
      ifMatch: true,
      path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/answers/${w.responses.b}/tags`,
      body: (w) => ({ themeIds: [w.analysis.keptThemeId] }),
      expect: api(401, 401, 403, 200, 403, 403, 403, 403),
    },
    // Without If-Match every write key is told to send it (428) before any record is read: nothing is disclosed or changed.
    {
      label: "without If-Match",
      method: "PUT",
      path: (w) => `/api/v1/consultations/${w.a.id}/questions/${w.a.questionId}/answers/${w.responses.b}/tags`,
      body: (w) => ({ themeIds: [w.analysis.keptThemeId] }),
      expect: api(401, 401, 403, 428, 403, 428, 428, 428),
    },
  ],
  "GET /api/v1/consultations/[id]/export.csv": [
    { label: "council A's responses as CSV", path: (w) => `/api/v1/consultations/${w.a.id}/export.csv`, expect: api(401, 401, 200, 200, 200, 200, 200, 403), hidden: { from: ["partnerBWrite", "otherCouncilWrite"], text: canary } },
  ],
};

// ----------------------------------------------------------------------------------------------
// Server actions, all aimed at council A's records (or the system's, for the admin's).

const ADMIN = cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "refused", "ok", "refused");
const MANAGE = cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused");
const DRAFT_EDIT = MANAGE;
const READERS = cells<ActionOutcome>(S, "refused", "refused", "ok", "ok", "ok", "refused", "refused");
const COMMENTERS = READERS;
const SIGNATORY = cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "ok", "refused", "refused");
const ANY_OFFICER = cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "ok");

const onA = (rest: string) => (w: World) => `/manage/${w.a.id}${rest}`;
const cid = (w: World) => ({ consultationId: w.a.id });
/** The second allowed actor gets its own record, where the first would have used it up. */
const nth = <T>(list: T[], actor: ActorName) => list[actor === "signatory" ? 1 : 0]!;

/** A question's analysis (analysis.edit): officers, the signatory being one too. */
const ANALYSE = MANAGE;
const themes = () => (w: World) => `/manage/${w.a.id}/collate/${w.a.questionId}/themes`;
const collateQ1 = () => (w: World) => `/manage/${w.a.id}/collate/${w.a.questionId}`;
const reviewQ1 = () => (w: World) => `/manage/${w.a.id}/collate/${w.a.questionId}/review`;
/** Only the review's second officer codes its sample: in the world, the signatory started it. */
const REVIEWER_ONLY = cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "ok", "refused", "refused");
const q1 = (w: World) => ({ consultationId: w.a.id, questionId: w.a.questionId });

const ANYONE_SIGNED_IN = cells<ActionOutcome>(S, "ok", "ok", "ok", "ok", "ok", "ok", "ok");

/** Moderation of an answer not in council A's queue: refused to all (officers: not found; others: may not). */
const NOT_IN_QUEUE = cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "refused", "refused", "refused");
const moderationKey = (w: World) => ({ consultationId: w.a.id, responseId: w.responses.a, questionId: w.a.questionId, baseVersion: "1" });

export const ACTIONS: Record<string, ActionCase> = {
  // Issue 18: moderation (an answer that is not in the queue) and the outcome.
  // A campaign group the world does not have: refused to everyone (the label is checked on a real group in lib/public's tests).
  "app/manage/[id]/responses/campaigns/actions.ts#campaignLabelAction": { page: onA("/responses/campaigns"), fields: (w) => ({ consultationId: w.a.id, groupId: "00000000-0000-4000-8000-000000000000", label: "Matrix" }), expect: NOT_IN_QUEUE },
  "app/manage/[id]/moderation/actions.ts#approveAction": { page: onA("/moderation"), fields: (w) => ({ ...moderationKey(w), decision: "approve" }), expect: NOT_IN_QUEUE },
  "app/manage/[id]/moderation/actions.ts#withholdAction": { page: onA("/moderation"), fields: (w) => ({ ...moderationKey(w), decision: "withhold", withheldReason: "Matrix" }), expect: NOT_IN_QUEUE },
  "app/manage/[id]/moderation/actions.ts#redactPassageAction": { page: onA("/moderation"), fields: (w) => ({ ...moderationKey(w), passage: "x", occurrence: "1", reason: "other", note: "Matrix" }), expect: NOT_IN_QUEUE },
  "app/manage/[id]/moderation/actions.ts#redactSuggestionAction": { page: onA("/moderation"), fields: (w) => ({ ...moderationKey(w), start: "0", end: "1", reason: "person_name" }), expect: NOT_IN_QUEUE },
  "app/manage/[id]/moderation/actions.ts#unredactAction": { page: onA("/moderation"), fields: (w) => ({ ...moderationKey(w), redactionId: "nope" }), expect: NOT_IN_QUEUE },
  // Officers save an outcome for council A (the second finds the first's: a conflict, let through all the same).
  "app/manage/[id]/outcome/actions.ts#saveOutcomeAction": {
    page: onA("/outcome"),
    fields: (w) => ({ consultationId: w.a.id, weAsked: "Matrix", youSaid: "Matrix", weDid: "Matrix", outcomeDate: "2026-12-01", baseVersion: "0" }),
    expect: MANAGE,
  },
  // Council A's consultation is open: officers are let through and told it publishes once closed (or to save first).
  "app/manage/[id]/outcome/actions.ts#publishOutcomeAction": { page: onA("/outcome"), fields: (w) => ({ consultationId: w.a.id, baseVersion: "99", publish: "yes" }), expect: MANAGE },
  // Issue 16's documents. Officers adding a document to council A's consultation really add one.
  "app/manage/[id]/documents/actions.ts#createDocumentAction": {
    page: onA("/documents/new"),
    fields: (w, who) => ({ consultationId: w.a.id, title: `Matrix document ${who} ${w.run}`, stageId: w.a.stageId, label: "Evidence base", text: "1 A paragraph." }),
    expect: MANAGE,
  },
  // The demo document's newest version is published: officers are let through and told it cannot change.
  "app/manage/[id]/documents/actions.ts#saveVersionTextAction": {
    page: (w) => docPath()(w),
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, versionId: w.doc.versionId, text: "1 Matrix.", baseEditVersion: "1" }),
    expect: MANAGE,
  },
  "app/manage/[id]/documents/actions.ts#publishVersionAction": {
    page: (w) => docPath()(w),
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, versionId: w.doc.versionId }),
    expect: MANAGE,
  },
  // A stage of another consultation: officers are let through and told to pick one of this one's.
  "app/manage/[id]/documents/actions.ts#startVersionAction": {
    page: (w) => docPath()(w),
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, stageId: w.other.stageId, label: "Matrix" }),
    expect: MANAGE,
  },
  // From a version of the answer that is not the stored one: officers are let through and told someone answered first.
  "app/manage/[id]/documents/actions.ts#respondToCommentAction": {
    page: (w) => `${docPath()(w)}/comments/${w.doc.commentId}`,
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, commentId: w.doc.commentId, response: "Matrix", outcome: "noted", baseEditVersion: "99" }),
    expect: MANAGE,
  },
  // Version 1 is not the newest: officers are let through and told so; nothing is put for endorsement.
  "app/manage/[id]/documents/actions.ts#putForEndorsementAction": {
    page: (w) => docPath()(w),
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, version: "1" }),
    expect: MANAGE,
  },
  // The first draft's comments are still open: officers are let through and told to wait.
  "app/manage/[id]/documents/actions.ts#publishStatementAction": {
    page: (w) => docPath("/statement?version=2")(w),
    fields: (w) => ({ consultationId: w.doc.consultationId, documentId: w.doc.id, version: "2" }),
    expect: MANAGE,
  },
  // The officer's own notification: nobody else may mark it (not found for them).
  "app/notifications/actions.ts#markNotificationReadAction": {
    page: () => "/notifications",
    fields: (w) => ({ notificationId: w.notificationId }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "refused", "refused", "refused"),
  },
  "app/notifications/actions.ts#markAllNotificationsReadAction": { page: () => "/notifications", fields: () => ({}), expect: ANYONE_SIGNED_IN },
  "app/notifications/actions.ts#saveNotificationSettingsAction": {
    page: () => "/notifications/settings",
    // Every kind on, as by default: the matrix posts this as each demo user, and the specs after it expect their defaults.
    fields: () => ({ inApp: [...NOTIFICATION_KINDS], email: [...NOTIFICATION_KINDS] }),
    expect: ANYONE_SIGNED_IN,
  },
  "app/admin/actions.ts#createOrganisationAction": { page: () => "/admin/organisations", fields: (w, who) => ({ name: `Matrix org ${who} ${w.run}`, type: "business" }), expect: ADMIN },
  "app/admin/actions.ts#createUserAction": { page: () => "/admin/users", fields: (w, who) => ({ name: `Matrix ${who}`, email: `${who.toLowerCase()}.${w.run}@matrix.example`, organisationId: w.orgs.partnerA, role: "partner" }), expect: ADMIN },
  "app/admin/actions.ts#grantRoleAction": { page: () => "/admin/users", fields: (w) => ({ userId: w.users.spare, organisationId: w.orgs.partnerB, role: "partner" }), expect: ADMIN },
  // The admin's own administrator role: the admin is let through and told they cannot remove it.
  "app/admin/actions.ts#revokeRoleAction": { page: () => "/admin/users", fields: (w) => ({ membershipId: w.membershipId, confirm: "yes" }), expect: ADMIN },
  "app/admin/actions.ts#endSessionsAction": { page: (w) => `/admin/users/${w.users.spare}/end-sessions`, fields: (w) => ({ userId: w.users.spare }), expect: ADMIN },
  // On the second council, so council A's letterhead is left as it is.
  "app/admin/organisations/[id]/branding/actions.ts#saveBrandingAction": {
    page: (w) => `/admin/organisations/${w.orgs.otherCouncil}/branding`,
    fields: (w) => ({ organisationId: w.orgs.otherCouncil, councilName: "Matrix Borough", contactName: "Matrix contact", contactEmail: "contact@matrix.example", letterTemplate: "Dear {{asked_by}}," }),
    expect: ADMIN,
  },
  "app/admin/users/actions.ts#updatePersonAction": { page: (w) => `/admin/users/${w.users.spare}`, fields: (w) => ({ userId: w.users.spare, name: `Spare Person ${w.run}`, email: `spare.${w.run}@cvs.example`, organisationId: "" }), expect: ADMIN },
  "app/admin/users/actions.ts#deactivatePersonAction": { page: (w) => `/admin/users/${w.users.spare}/deactivate`, fields: (w) => ({ userId: w.users.spare }), expect: ADMIN },
  // The spare person holds a role, so the administrator's erasure is let through and refused by lib (nothing erased).
  "app/admin/people/actions.ts#erasePersonAction": { page: (w) => `/admin/people/${w.users.spare}/erase`, fields: (w) => ({ userId: w.users.spare, confirm: "yes" }), expect: ADMIN },
  "app/admin/users/actions.ts#reactivatePersonAction": { page: (w) => `/admin/users/${w.users.spare}`, fields: (w) => ({ userId: w.users.spare }), expect: ADMIN },
  "app/admin/organisations/actions.ts#renameOrganisationAction": { page: (w) => `/admin/organisations/${w.orgs.kept}`, fields: (w) => ({ organisationId: w.orgs.kept, name: `Matrix kept ${w.run}`, type: "voluntary_sector" }), expect: ADMIN },
  "app/admin/organisations/actions.ts#mergeOrganisationsAction": { page: (w) => `/admin/organisations/${w.orgs.duplicate}/merge?intoId=${w.orgs.kept}`, fields: (w) => ({ organisationId: w.orgs.duplicate, intoId: w.orgs.kept }), expect: ADMIN },
  // The world's export job is not failed: the administrator is let through and refused by lib (nothing queued).
  "app/admin/jobs/actions.ts#retryJobAction": { page: () => "/admin/jobs", fields: (w) => ({ jobId: w.exportJobId }), expect: ADMIN },
  "app/admin/api-keys/actions.ts#createApiKeyAction": { page: () => "/admin/api-keys", fields: (w, who) => ({ name: `Matrix ${who} ${w.run}`, organisationId: w.orgs.partnerA, scope: "read" }), expect: ADMIN },
  "app/admin/api-keys/actions.ts#revokeApiKeyAction": { page: () => "/admin/api-keys", fields: (w) => ({ apiKeyId: w.apiKeyId, confirm: "yes" }), expect: ADMIN },

  // A return is written by its own organisation's people only; organisation A owns nothing in the plan, so nothing changes.
  "app/returns/actions.ts#saveReturnAction": {
    page: (w) => `/returns/${w.plan.openPeriodId}?organisation=${w.orgs.partnerA}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, organisationId: w.orgs.partnerA, intent: "save" }),
    expect: cells<ActionOutcome>(S, "ok", "refused", "refused", "refused", "refused", "refused", "refused"),
  },
  "app/returns/actions.ts#submitReturnAction": {
    page: (w) => `/returns/${w.plan.openPeriodId}/check?organisation=${w.orgs.partnerA}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, organisationId: w.orgs.partnerA, revision: "0" }),
    expect: cells<ActionOutcome>(S, "ok", "refused", "refused", "refused", "refused", "refused", "refused"),
  },
  "app/action-plans/actions.ts#reopenReturnAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}`,
    fields: (w) => ({ periodId: w.plan.pastPeriodId, organisationId: w.plan.ownerOrgId, days: "7" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  // The committee's review of a period's report: aimed at the open period, never sent for review,
  // so a let-through call is told so (nothing changes) — except sending, which officers may do.
  "app/action-plans/actions.ts#sendReportForReviewAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}`,
    fields: (w) => ({ periodId: w.plan.pastPeriodId }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/actions.ts#addReportCommentAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, priorityId: "00000000-0000-4000-8000-000000000000", body: `Matrix comment ${w.run}` }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "ok", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/actions.ts#setReportCommentStatusAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, commentId: "00000000-0000-4000-8000-000000000000", status: "resolved" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "ok", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/actions.ts#recordReportResolutionAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, "meetingDate-day": "1", "meetingDate-month": "12", "meetingDate-year": "2026", committee: "", text: "Resolved to note." }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/actions.ts#decideReportSignOffAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, decision: "returned", note: "Matrix note" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "ok", "refused", "refused"),
  },
  "app/action-plans/actions.ts#reopenReportSignOffAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.openPeriodId}`,
    fields: (w) => ({ periodId: w.plan.openPeriodId, reason: "Matrix reason" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "refused", "ok", "refused", "refused"),
  },
  // The plan editor and importer: a priority of no plan, an empty CSV, a preview and an empty file change nothing.
  "app/action-plans/edit-actions.ts#savePlanRowAction": {
    page: (w) => `/action-plans/${w.plan.id}/edit`,
    fields: (w) => ({ planId: w.plan.id, kind: "risk", priorityId: "00000000-0000-4000-8000-000000000000", risk: `Matrix risk ${w.run}` }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/edit-actions.ts#importPlanCsvAction": {
    page: (w) => `/action-plans/${w.plan.id}/edit`,
    fields: (w) => ({ planId: w.plan.id, kind: "indicators", csv: "" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  // The period editor: adding a period in the past (refused at its dates) or removing a period that has opened (refused as history) changes nothing.
  "app/action-plans/edit-actions.ts#savePeriodAction": {
    page: (w) => `/action-plans/${w.plan.id}/edit`,
    fields: (w) => ({ planId: w.plan.id, label: `Matrix period ${w.run}`, opensOn: "1/1/2001", dueOn: "2/1/2001", closesOn: "3/1/2001" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/edit-actions.ts#removePeriodAction": {
    page: (w) => `/action-plans/${w.plan.id}/edit`,
    fields: (w) => ({ planId: w.plan.id, id: w.plan.pastPeriodId, version: "1" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },
  "app/action-plans/edit-actions.ts#pastePlanAction": { page: () => "/action-plans/import", fields: () => ({ intent: "preview", text: "Strategic Priority 1: Matrix" }), expect: ANY_OFFICER },
  "app/action-plans/edit-actions.ts#importPlanJsonAction": { page: () => "/action-plans/import", fields: () => ({ json: "{}" }), expect: ANY_OFFICER },
  "app/action-plans/actions.ts#overrideRagAction": {
    page: (w) => `/action-plans/${w.plan.id}/periods/${w.plan.pastPeriodId}`,
    fields: (w) => ({ returnItemId: w.plan.returnItemId, periodId: w.plan.pastPeriodId, rag: "clear", reason: "" }),
    expect: cells<ActionOutcome>(S, "refused", "refused", "refused", "ok", "ok", "refused", "refused"),
  },

  "app/manage/new/actions.ts#createConsultationAction": {
    page: () => "/manage/new",
    fields: (w, who) => ({ title: `Matrix new ${who} ${w.run}`, kind: "questionnaire" }),
    expect: ANY_OFFICER,
  },
  "app/manage/import/actions.ts#pasteImportAction": { page: () => "/manage/import", fields: () => ({ intent: "preview", text: "1: A question?" }), expect: ANY_OFFICER },
  "app/manage/import/actions.ts#jsonImportAction": {
    page: () => "/manage/import",
    fields: (w, who) => ({ json: JSON.stringify({ format: "council-consult/question-set", formatVersion: 1, title: `Matrix import ${who} ${w.run}`, kind: "questionnaire", chapters: [{ title: "One", questions: [{ number: "1", type: "short_text", text: "Why?" }] }] }) }),
    expect: ANY_OFFICER,
  },

  "app/manage/[id]/edit/actions.ts#updateDetailsAction": {
    page: onA("/edit/details"),
    fields: (w) => ({ consultationId: w.a.id, title: `Matrix consultation A ${w.run}`, kind: "consultation_to_answer", askedBy: "Authorization matrix", "opensOn-day": "1", "opensOn-month": "1", "opensOn-year": "2020", "closesOn-day": "31", "closesOn-month": "12", "closesOn-year": String(new Date().getUTCFullYear() + 2) }),
    expect: MANAGE,
  },
  "app/manage/[id]/edit/actions.ts#saveStageAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, stageId: w.a.stageId, name: "Partners comment" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#moveStageAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, itemId: w.a.stageId, direction: "down" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#saveChapterAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, sectionId: w.a.sectionId, title: "Governance" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#moveChapterAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, itemId: w.a.spareSectionId, direction: "down" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#saveQuestionAction": {
    page: onA("/edit"),
    fields: (w) => ({ consultationId: w.a.id, sectionId: w.a.sectionId, questionId: w.a.questionId, number: "1", type: "long_text", text: "Should every area have its own partnership?" }),
    expect: MANAGE,
  },
  "app/manage/[id]/edit/actions.ts#moveQuestionAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, itemId: w.a.questionId, direction: "up" }), expect: MANAGE },
  // Chapter 1 and question 1 have partners' answers: the officers are let through and told they cannot delete them.
  "app/manage/[id]/edit/actions.ts#deleteChapterAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, itemId: w.a.sectionId, confirm: "yes" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#deleteQuestionAction": { page: onA("/edit"), fields: (w) => ({ consultationId: w.a.id, itemId: w.a.questionId, confirm: "yes" }), expect: MANAGE },
  "app/manage/[id]/edit/actions.ts#deleteStageAction": { page: onA("/edit"), fields: (w, who) => ({ consultationId: w.a.id, itemId: nth(w.spareStageIds, who), confirm: "yes" }), expect: MANAGE },
  // The question bank: the second council's question is refused as not in the list, so council A's officers are let through and nothing is added.
  "app/manage/[id]/edit/actions.ts#addFromBankAction": {
    page: onA("/edit/question-bank"),
    fields: (w) => ({ consultationId: w.a.id, sectionId: w.a.sectionId, questionIds: w.other.questionId }),
    expect: MANAGE,
  },
  "app/manage/[id]/edit/actions.ts#duplicateConsultationAction": { page: onA(""), fields: cid, expect: MANAGE },
  // Already published: the officers are let through and told so.
  "app/manage/[id]/edit/actions.ts#publishAction": { page: onA("/edit"), fields: cid, expect: MANAGE },

  "app/manage/[id]/audience/actions.ts#inviteAction": { page: onA("/audience"), fields: (w) => ({ consultationId: w.a.id, organisationIds: w.orgs.partnerB }), expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#importContactsAction": { page: onA("/audience"), fields: (w) => ({ consultationId: w.a.id, csv: "name,email,organisation\n" }), expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#removeInvitationAction": { page: onA("/audience"), fields: (w, who) => ({ consultationId: w.a.id, invitationId: nth(w.invitationIds, who), confirm: "yes" }), expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#sendInvitationsAction": { page: onA("/audience"), fields: cid, expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#remindAction": { page: onA("/audience"), fields: cid, expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#audienceSettingsAction": { page: onA("/audience"), fields: (w) => ({ consultationId: w.a.id, audience: "partners", publishResponses: "no" }), expect: MANAGE },
  "app/manage/[id]/audience/actions.ts#reminderSettingsAction": { page: onA("/audience"), fields: (w) => ({ consultationId: w.a.id, reminderDaysBefore: "3" }), expect: MANAGE },

  "app/manage/[id]/drafting/actions.ts#saveDraftAnswerAction": {
    page: onA("/drafting"),
    // From version 0: the first officer's save is refused as stale if someone saved before, which is still being let through.
    fields: (w) => ({ consultationId: w.a.id, questionId: w.a.questionId, text: "The council agrees.", status: "drafting", assigneeId: "", baseVersion: "0" }),
    expect: DRAFT_EDIT,
  },
  // Version 1 from version 1: refused as stale or as nothing to restore once others have saved, which is still being let through.
  "app/manage/[id]/drafting/actions.ts#restoreDraftRevisionAction": {
    page: (w) => `/manage/${w.a.id}/drafting/${w.a.questionId}`,
    fields: (w) => ({ consultationId: w.a.id, questionId: w.a.questionId, revision: "1", baseVersion: "1" }),
    expect: DRAFT_EDIT,
  },
  "app/manage/[id]/drafting/actions.ts#assignDraftAnswersAction": { page: onA("/drafting"), fields: (w) => ({ consultationId: w.a.id, questionIds: w.a.questionId, assigneeId: "" }), expect: DRAFT_EDIT },
  "app/manage/[id]/drafting/actions.ts#sendForReviewAction": { page: onA("/drafting"), fields: cid, expect: DRAFT_EDIT },

  "app/manage/[id]/exports/actions.ts#requestExportAction": { page: onA("/exports"), fields: (w) => ({ consultationId: w.a.id, format: "csv-long" }), expect: READERS },

  "app/manage/[id]/review/actions.ts#addCommentAction": { page: onA("/review"), fields: (w) => ({ consultationId: w.a.id, questionId: w.a.questionId, body: "Matrix comment" }), expect: COMMENTERS },
  "app/manage/[id]/review/actions.ts#setCommentStatusAction": { page: onA("/review"), fields: (w) => ({ consultationId: w.a.id, commentId: w.commentId, status: "open" }), expect: COMMENTERS },
  "app/manage/[id]/review/actions.ts#recordResolutionAction": {
    page: onA("/review"),
    fields: (w) => ({ consultationId: w.a.id, committee: "", "meetingDate-day": "1", "meetingDate-month": "2", "meetingDate-year": "2026", text: "Agreed." }),
    expect: MANAGE,
  },

  "app/manage/[id]/sign-off/actions.ts#decideSignOffAction": { page: onA("/sign-off"), fields: (w) => ({ consultationId: w.a.id, decision: "returned", note: "Matrix: not yet" }), expect: SIGNATORY },
  "app/manage/[id]/sign-off/actions.ts#reopenSignOffAction": { page: onA("/sign-off"), fields: (w) => ({ consultationId: w.a.id, reason: "Matrix" }), expect: SIGNATORY },

  // Issue 17: the analysis of council A's question 1, changed by officers only (analysis.edit), each on records of their own where one would use up the other's.
  "app/manage/[id]/collate/actions.ts#createThemeAction": { page: themes(), fields: (w, who) => ({ ...q1(w), name: `Matrix new theme ${who} ${w.run}` }), expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#updateThemeAction": {
    page: themes(),
    fields: (w, who) => ({ consultationId: w.a.id, themeId: nth(w.analysis.own, who), name: `Matrix theme ${who} ${w.run} (renamed)`, description: "Renamed by the matrix", parentId: "", baseVersion: "1" }),
    expect: ANALYSE,
  },
  "app/manage/[id]/collate/actions.ts#themeRulesAction": { page: themes(), fields: (w, who) => ({ consultationId: w.a.id, themeId: nth(w.analysis.own, who), phrases: "matrix nowhere", exclusions: "" }), expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#applyRulesAction": { page: themes(), fields: q1, expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#mergeThemesAction": { page: themes(), fields: (w, who) => ({ consultationId: w.a.id, sourceThemeId: nth(w.analysis.own, who), targetThemeId: w.analysis.keptThemeId }), expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#deleteThemeAction": { page: themes(), fields: (w, who) => ({ consultationId: w.a.id, themeId: nth(w.analysis.doomed, who), moveTagsTo: "" }), expect: ANALYSE },
  // Each officer tags their own partner's answer (a stale version is a conflict, still let through).
  "app/manage/[id]/collate/actions.ts#answerTagsAction": {
    page: collateQ1(),
    fields: (w, who) => ({ ...q1(w), responseId: nth([w.responses.a, w.responses.b], who), themeIds: w.analysis.keptThemeId, analysed: "yes", baseVersion: "1" }),
    expect: ANALYSE,
  },
  "app/manage/[id]/collate/actions.ts#passageTagAction": {
    page: collateQ1(),
    fields: (w, who) => ({ ...q1(w), responseId: nth([w.responses.a, w.responses.b], who), themeId: w.analysis.keptThemeId, quote: "Partner", baseVersion: "2" }),
    expect: ANALYSE,
  },
  // A passage the answer does not have: officers are let through and told it had gone already.
  "app/manage/[id]/collate/actions.ts#removePassageAction": {
    page: collateQ1(),
    fields: (w, who) => ({ ...q1(w), responseId: nth([w.responses.a, w.responses.b], who), tagId: "00000000-0000-4000-8000-000000000000" }),
    expect: ANALYSE,
  },
  "app/manage/[id]/collate/actions.ts#bulkTagAction": {
    page: collateQ1(),
    fields: (w, who) => ({ ...q1(w), op: "tag", themeId: w.analysis.keptThemeId, responseIds: nth([w.responses.a, w.responses.b], who) }),
    expect: ANALYSE,
  },
  // Each officer starts suggestions on a question of their own (one run per question at a time).
  "app/manage/[id]/collate/actions.ts#startSuggestionsAction": { page: themes(), fields: (w, who) => ({ consultationId: w.a.id, questionId: nth([w.a.questionId, w.analysis.secondQuestionId], who) }), expect: ANALYSE },
  // The world's run is cancelled already: officers are let through and told it has finished, or that its suggestions are not ready.
  "app/manage/[id]/collate/actions.ts#cancelSuggestionsAction": { page: themes(), fields: (w) => ({ consultationId: w.a.id, runId: w.analysis.runId }), expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#decideSuggestionAction": { page: themes(), fields: (w) => ({ consultationId: w.a.id, runId: w.analysis.runId, key: "1", op: "reject" }), expect: ANALYSE },
  // A second officer's review: starting one is let through (an officer with nothing left to sample is told so).
  "app/manage/[id]/collate/actions.ts#startTagReviewAction": { page: reviewQ1(), fields: (w) => ({ ...q1(w), size: "5" }), expect: ANALYSE },
  "app/manage/[id]/collate/actions.ts#codeReviewItemAction": {
    page: reviewQ1(),
    fields: (w) => ({ consultationId: w.a.id, reviewId: w.analysis.reviewId, responseId: w.responses.a, themeIds: w.analysis.keptThemeId, baseVersion: "1" }),
    expect: REVIEWER_ONLY,
  },
  // Any officer settles a disagreement (the second to save from the same version meets a conflict, still let through).
  "app/manage/[id]/collate/actions.ts#resolveReviewItemAction": {
    page: reviewQ1(),
    fields: (w) => ({ consultationId: w.a.id, reviewId: w.analysis.reviewId, responseId: w.responses.a, themeIds: w.analysis.keptThemeId, note: "Matrix", baseVersion: "2" }),
    expect: ANALYSE,
  },

  // Last: closing ends what the others need open.
  "app/manage/[id]/edit/actions.ts#closeAction": { page: onA(""), fields: (w) => ({ consultationId: w.a.id, confirm: "yes" }), expect: MANAGE },
  // After closing: the officer reopens it (the signatory, an officer too, is then told it is open already).
  "app/manage/[id]/edit/actions.ts#reopenAction": {
    page: onA(""),
    fields: (w) => {
      const d = new Date(Date.now() + 30 * 24 * 3600 * 1000);
      return { consultationId: w.a.id, "closesOn-day": String(d.getUTCDate()), "closesOn-month": String(d.getUTCMonth() + 1), "closesOn-year": String(d.getUTCFullYear()) };
    },
    expect: MANAGE,
  },
};
