// The commenter's document pages (pages/documents) between Next's Pages Router and lib/documents:
// the signed-in person (or nobody, on the public reading page), the document and version in the
// URL, and the organisation they comment for. The rules stay in lib/documents.
import type { GetServerSidePropsContext, GetServerSidePropsResult } from "next";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { commentingOrganisations, getDocumentView, type DocumentView } from "@/lib/documents/queries";
import { NotFoundError } from "@/lib/errors";
import { pagesActor } from "./pages-router";
import { stateFromError } from "./form-state";
import { postedForm, problemPage, redirectTo, respondentPage, shellFor, typedText, type RespondProps, type Shell } from "./respond";
import { isUuid } from "@/lib/sql";

type Ctx = GetServerSidePropsContext;

export type DocumentLinks = (rest?: string, params?: Record<string, string>, hash?: string) => string;

/** Links within a document's pages; they name the organisation when the person comments for several. */
export function documentLinks(documentId: string, org: string | null): DocumentLinks {
  return (rest = "", params = {}, hash = "") => {
    const query = new URLSearchParams({ ...params, ...(org ? { org } : {}) }).toString();
    return `/documents/${documentId}${rest}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
  };
}

export type LoadedDocument = {
  actor: Actor | null;
  db: Db;
  view: DocumentView;
  shell: Shell;
  /** The organisations the person may comment for on this document. */
  organisations: { id: string; name: string }[];
  organisation: { id: string; name: string } | null;
  /** ?org= when the person comments for more than one organisation. */
  orgParam: string | null;
  href: DocumentLinks;
};


/**
 * The document page's context, or the page's answer instead: sign in first (when required),
 * 404, or 403. `latest`: the newest published version whatever ?version= says (commenting).
 */
export async function loadDocumentPage<V>(c: Ctx, opts: { signIn: boolean; latest?: boolean }): Promise<LoadedDocument | { result: GetServerSidePropsResult<RespondProps<V>> }> {
  const actor = await pagesActor(c.req, c.res);
  if (!actor && opts.signIn) {
    if (c.req.method === "POST") {
      const { fields } = await postedForm(c);
      c.res.statusCode = 401;
      return { result: { props: { shell: shellFor(c, null), problem: "session_ended", view: null, kept: { typed: typedText(fields), resend: null } } } };
    }
    return { result: redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(c.resolvedUrl)}`) };
  }
  const shell = shellFor(c, actor);
  const id = String(c.params?.id ?? "");
  if (!isUuid(id)) return { result: problemPage(c, shell, "not_found") };
  const db = await getDb();
  const asked = typeof c.query.version === "string" && /^\d{1,4}$/.test(c.query.version) ? Number(c.query.version) : null;
  let view: DocumentView;
  try {
    view = await getDocumentView(db, { documentId: id, version: opts.latest ? null : asked }, actor);
  } catch (e) {
    if (e instanceof NotFoundError) return { result: problemPage(c, shell, "not_found") };
    throw e;
  }
  const organisations = actor ? await commentingOrganisations(db, view.document, actor) : [];
  const org = typeof c.query.org === "string" ? c.query.org : null;
  const organisation = (org ? organisations.find((o) => o.id === org) : organisations[0]) ?? null;
  if (opts.signIn && (!organisation || (org && !organisation))) return { result: problemPage(c, shell, "forbidden") };
  const orgParam = organisations.length > 1 && organisation ? organisation.id : null;
  return { actor, db, view, shell, organisations, organisation, orgParam, href: documentLinks(id, orgParam) };
}

export { postedForm, redirectTo, respondentPage, stateFromError };
