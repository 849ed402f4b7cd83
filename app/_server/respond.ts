// The respondent's pages (pages/respond) between Next's Pages Router and lib/: load the page's
// context for the signed-in partner, and run the two form posts (save a chapter, submit) from
// the posted fields. The rules stay in lib/responses; this only maps them to pages and forms.
import type { GetServerSideProps, GetServerSidePropsContext, GetServerSidePropsResult } from "next";
import { respondLinks, type RespondLinks } from "@/components/response/links";
import type { ConflictView } from "@/components/response/chapter-state";
import type { FormState } from "@/components/ui/form-state";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { serviceName } from "@/lib/config";
import { databaseProblem, ForbiddenError, InvalidError, NotFoundError, serviceFailure, zodFieldErrors } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { errorReference } from "@/lib/log";
import { formToValue, valueToForm } from "@/lib/questions/answers";
import { markInvitationOpened } from "@/lib/invitations/commands";
import { actorForReturnToken, RETURN_COOKIE_PREFIX } from "@/lib/public/commands";
import { consentRequired } from "@/lib/public/consent";
import { useSecureCookies } from "@/lib/config";
import { saveAnswers, submitResponse } from "@/lib/responses/commands";
import { getRespondContext, type RespondContext } from "@/lib/responses/queries";
import {
  baseField,
  chapterFormSchema,
  encodeBase,
  parseResolve,
  questionIdsInForm,
  questionPrefix,
  resolveField,
  submitFormSchema,
} from "@/lib/responses/schemas";
import { stateFromError } from "./form-state";
import { BodyTooLargeError, csrfAccepted, pagesActor, pagesCsrfToken, readPostedForm } from "./pages-router";

/** What every respondent page's frame needs: the header's person and sign-out token. */
export type Shell = {
  serviceName: string;
  actor: Actor | null;
  csrfToken: string;
  /** Who is signed in could not be read (the database is away): the header offers neither "Sign in" nor "Sign out". */
  actorUnknown?: boolean;
};

export type Problem = "forbidden" | "not_found" | "session_ended" | "unavailable";

/**
 * What a page that could not act on a post keeps of it: the text typed, for the person to copy,
 * and, when trying again may work, the whole post, for a button to send again as it was. With
 * the message that says what went wrong.
 */
export type Kept = { typed: string[]; resend: [name: string, value: string][] | null; message?: string; reference?: string };

/**
 * A respondent page's props: the frame, and either the page's own view or a problem in its
 * place (403, 404, a post that arrived after the session ended, or a database that is slow or
 * away; the last two with what was typed).
 */
export type RespondProps<V> = { shell: Shell; problem: Problem | null; view: V | null; kept?: Kept };

type Ctx = GetServerSidePropsContext;

export function shellFor(c: Ctx, actor: Actor | null): Shell {
  return { serviceName: serviceName(), actor, csrfToken: pagesCsrfToken(c.req) };
}

export function problemPage<V>(c: Ctx, shell: Shell, problem: "forbidden" | "not_found"): GetServerSidePropsResult<RespondProps<V>> {
  c.res.statusCode = problem === "forbidden" ? 403 : 404;
  return { props: { shell, problem, view: null } };
}

/**
 * The text typed in a post, for the person to copy when it could not be saved: a response's
 * answers (and their explanations and commentaries), a comment and its proposed change, an
 * endorsement's reservations and the signatory's position.
 */
export function typedText(fields: Record<string, string | string[]>): string[] {
  return fieldPairs(fields)
    .filter(([name, value]) => /^q-[0-9a-f-]{36}(\.(explanation|commentary))?$|^(text|proposedChange|reservations|position)$/i.test(name) && value.trim() !== "")
    .map(([, value]) => value);
}

/** A posted form as the [name, value] pairs it was sent as, a repeated field once for each value. */
export function fieldPairs(fields: Record<string, string | string[]>): [name: string, value: string][] {
  return Object.entries(fields).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value): [string, string] => [name, value]));
}

/**
 * A respondent page's getServerSideProps, with what a database that is slow or away means
 * there: the page says so (503, Retry-After) in the site's frame instead of the generic error
 * page, and a post keeps what was typed, to copy, with a button that sends the same post again.
 */
export function respondentPage<V>(load: GetServerSideProps<RespondProps<V>>): GetServerSideProps<RespondProps<V>> {
  return async (c) => {
    try {
      return await load(c);
    } catch (e) {
      // Any other failure is Next.js's error page (pages/_error), which shows the reference the
      // log has it under: given here, as Next.js gives none to a Pages Router page's error.
      const problem = databaseProblem(e);
      if (!problem) {
        errorReference(e);
        throw e;
      }
      const { status, headers, reference } = serviceFailure("a respondent page failed", e);
      // The post is read before the status is set: reading one too large sets 413, and what the
      // page says is that the service is unavailable.
      const posted = c.req.method === "POST" ? await postedForm(c) : null;
      c.res.statusCode = status;
      for (const [name, value] of Object.entries(headers)) c.res.setHeader(name, value);
      // The person is not read (that is the database too): the header says nothing of them.
      const shell: Shell = { ...shellFor(c, null), actorUnknown: true };
      if (!posted) return { props: { shell, problem: "unavailable", view: null, kept: { typed: [], resend: null, reference } } };
      // A post this site's form did not send (no CSRF token), or too large to read, is not
      // shown or offered to send again: only what the person's own page posted.
      const own = posted.problem ? {} : posted.fields;
      const kept: Kept = { typed: typedText(own), resend: posted.problem ? null : fieldPairs(own), message: problem.unsaved, reference };
      return { props: { shell, problem: "unavailable", view: null, kept } };
    }
  };
}

export function redirectTo(destination: string, statusCode: 303 | 307 = 307): GetServerSidePropsResult<never> {
  return { redirect: { destination, statusCode } };
}

export type Loaded = { actor: Actor; db: Db; ctx: RespondContext; href: RespondLinks; shell: Shell };

/**
 * The signed-in partner's context for the consultation in the URL (and ?org=), or the page's
 * answer instead: sign in first, 404, or 403.
 */
export async function loadRespond<V>(c: Ctx): Promise<Loaded | { result: GetServerSidePropsResult<RespondProps<V>> }> {
  // Signed in, or a member of the public who started without signing in (their return cookie).
  const actor = (await pagesActor(c.req, c.res)) ?? (await returnCookieActor(c));
  if (!actor && c.req.method === "POST") {
    // The session ended while the page was open: nothing is saved, but nothing typed is lost.
    const { fields } = await postedForm(c);
    c.res.statusCode = 401;
    return { result: { props: { shell: shellFor(c, null), problem: "session_ended", view: null, kept: { typed: typedText(fields), resend: null } } } };
  }
  if (!actor) return { result: redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(c.resolvedUrl)}`) };
  const shell = shellFor(c, actor);
  const slug = String(c.params?.slug ?? "");
  const org = typeof c.query.org === "string" ? c.query.org : undefined;
  const db = await getDb();
  let ctx: RespondContext;
  try {
    ctx = await getRespondContext(db, { slug, organisationId: org }, actor);
  } catch (e) {
    if (e instanceof NotFoundError) return { result: problemPage(c, shell, "not_found") };
    if (e instanceof ForbiddenError) return { result: problemPage(c, shell, "forbidden") };
    throw e;
  }
  // Opening the page counts as opening the invitation; a post comes from a page already open.
  if (c.req.method !== "POST" && ctx.invitationUnopened) await markInvitationOpened(db, ctx.consultation.id, actor.id);
  return { actor, db, ctx, shell, href: hrefFor(ctx) };
}

/** The cookie that stands for a response started without signing in, on that consultation's pages only. */
export function returnCookieName(slug: string): string {
  return `${RETURN_COOKIE_PREFIX}${slug.replace(/[^a-z0-9-]/gi, "")}`;
}

export function setReturnCookie(c: Ctx, slug: string, token: string) {
  const secure = useSecureCookies() ? "; Secure" : "";
  // Until the consultation could close and a while after: the response itself says when it closes.
  c.res.setHeader(
    "Set-Cookie",
    `${returnCookieName(slug)}=${token}; Path=/respond/${encodeURIComponent(slug)}; HttpOnly; SameSite=Lax; Max-Age=${60 * 60 * 24 * 90}${secure}`,
  );
}

async function returnCookieActor(c: Ctx): Promise<Actor | null> {
  const slug = String(c.params?.slug ?? "");
  const token = c.req.cookies[returnCookieName(slug)];
  if (!token) return null;
  return actorForReturnToken(await getDb(), { slug, token });
}

export function orgParam(ctx: RespondContext): string | null {
  return ctx.organisationChoices.length > 1 ? ctx.organisation.id : null;
}

export function hrefFor(ctx: RespondContext): RespondLinks {
  return respondLinks(ctx.consultation.slug, orgParam(ctx));
}

/** Each request's posted form, read once: a page that failed after reading it can still show it. */
const postedForms = new WeakMap<Ctx["req"], ReturnType<typeof readPostedForm>>();

/** The posted form of a POST request, or the problem that stopped it being read or trusted. */
export async function postedForm(c: Ctx): Promise<{ fields: Record<string, string | string[]>; problem: string | null }> {
  try {
    let reading = postedForms.get(c.req);
    if (!reading) postedForms.set(c.req, (reading = readPostedForm(c.req)));
    const fields = await reading;
    if (!csrfAccepted(c.req, fields)) {
      return { fields, problem: "This page had expired, so nothing was saved. Check your answers below and try again." };
    }
    return { fields, problem: null };
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      c.res.statusCode = 413;
      return { fields: {}, problem: "What you sent was too large (over 8 MB), so nothing was saved." };
    }
    throw e;
  }
}

export type PostOutcome = { redirect: string } | { state: FormState };

/**
 * The context a post acts in: the page's own, already loaded for the URL it was posted to,
 * when the form names the same consultation and organisation (always, from our pages); else
 * the one the form names, loaded and checked afresh.
 */
async function contextFor(db: Db, actor: Actor, input: { slug: string; organisationId?: string | null }, page: RespondContext): Promise<RespondContext> {
  const same = input.slug === page.consultation.slug && (!input.organisationId || input.organisationId === page.organisation.id);
  return same ? page : getRespondContext(db, { slug: input.slug, organisationId: input.organisationId }, actor);
}

/**
 * Save a chapter from its form (Save and continue, Save and come back later, or an autosave).
 * Each answer goes with the base it was edited from; a colleague's newer save of the same
 * question comes back as a conflict to choose from, never overwritten.
 */
export async function saveChapterForm(db: Db, actor: Actor, fields: Record<string, string | string[]>, page: RespondContext): Promise<PostOutcome> {
  const parsed = chapterFormSchema.safeParse(fields);
  if (!parsed.success) return { state: { message: "There is a problem", errors: zodFieldErrors(parsed.error.issues), values: fields } };
  const input = parsed.data;
  try {
    const ctx = await contextFor(db, actor, input, page);
    const chapter = ctx.chapters[input.chapter - 1];
    if (!chapter) throw new InvalidError("That chapter is not part of this consultation. Nothing has been saved.");
    const byId = new Map(ctx.questions.map((q) => [q.id, q]));
    const posted = questionIdsInForm(Object.keys(fields)).map((questionId) => {
      const q = byId.get(questionId);
      const resolve = parseResolve(fields[resolveField(questionId)]);
      return {
        questionId,
        // An id from elsewhere gets no value here; saveAnswers refuses it and stores nothing.
        value: q ? formToValue(q, fields, questionPrefix(questionId)) : null,
        base: resolve?.keep === "mine" ? encodeBase(resolve.base) : (fields[baseField(questionId)] as string | undefined),
        keepTheirs: resolve?.keep === "theirs",
      };
    });
    const result = await saveAnswers(
      db,
      {
        consultationId: ctx.consultation.id,
        organisationId: ctx.organisation.id,
        respondentUserId: ctx.respondentUserId,
        chapterId: chapter.id,
        answers: posted,
        requireAnswers: input.intent === "continue",
      },
      actor,
    );

    // What goes back to the form: what was typed, with each question's base moved on where it
    // was saved, and a colleague's newer answer in place where this person had not changed it.
    const autosave = input.intent === "autosave";
    const values: Record<string, string | string[]> = autosave ? {} : { ...fields };
    const conflicts: Record<string, ConflictView> = {};
    const attempted: Record<string, string> = {};
    for (const [id, o] of Object.entries(result.outcomes)) {
      delete values[resolveField(id)];
      if (o.status === "saved" || o.status === "unchanged") values[baseField(id)] = o.base;
      if (!autosave && (o.status === "refreshed" || o.status === "kept_theirs")) {
        const q = byId.get(id)!;
        Object.assign(values, valueToForm(q, o.current.value, questionPrefix(id)), { [baseField(id)]: o.base });
      }
      if (o.status === "conflict") {
        conflicts[id] = {
          by: o.current.updatedByName ?? "Someone else in your organisation",
          at: o.current.updatedAt ? formatDateTime(o.current.updatedAt) : "",
          text: o.current.text,
          base: o.current.base,
          message: result.errors[id] ?? "",
        };
        attempted[id] = o.attemptedText;
      }
    }
    const errors = Object.fromEntries(Object.entries(result.errors).map(([id, message]) => [questionPrefix(id), message]));
    const problem = Object.keys(errors).length > 0;
    if (!problem && !autosave) {
      const href = hrefFor(ctx);
      if (input.intent === "later") return { redirect: href("", { saved: "1" }) };
      // After the last chapter, publishing consent and "about you" come before checking, where they apply.
      const details = (ctx.respondentUserId !== null && input.returnTo !== "check") || (consentRequired(ctx.consultation) && !ctx.response?.publishConsent);
      const next =
        input.returnTo === "check" || input.chapter >= ctx.chapters.length ? (details ? "/details" : "/check") : `/chapter/${input.chapter + 1}`;
      return { redirect: href(next) };
    }
    return {
      state: {
        ok: !problem,
        message: problem ? "There is a problem" : result.savedCount ? "Saved" : "No changes to save",
        errors,
        values,
        conflict: Object.keys(conflicts).length ? { current: conflicts, attempted } : undefined,
      },
    };
  } catch (e) {
    return { state: stateFromError(e, fields, { conflictPanels: true }) };
  }
}

/** Submit (or amend) the response from the check page. A repeat of the same post is the same submission. */
export async function submitResponseForm(db: Db, actor: Actor, fields: Record<string, string | string[]>, page: RespondContext): Promise<PostOutcome> {
  const parsed = submitFormSchema.safeParse(fields);
  if (!parsed.success) return { state: { message: "There is a problem", errors: zodFieldErrors(parsed.error.issues), values: fields } };
  const input = parsed.data;
  try {
    const ctx = await contextFor(db, actor, input, page);
    await submitResponse(
      db,
      {
        consultationId: ctx.consultation.id,
        organisationId: ctx.organisation.id,
        respondentUserId: ctx.respondentUserId,
        revision: input.revision,
        declaration: input.declaration === "yes",
      },
      actor,
    );
    return { redirect: hrefFor(ctx)("/confirmation") };
  } catch (e) {
    return { state: stateFromError(e, fields, { conflictPanels: true }) };
  }
}
