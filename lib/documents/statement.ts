// The consultation statement of one version of a document: who was invited and how, how many
// comments came from each type of organisation and on each paragraph, and every comment with
// the council's response and outcome. Plain data for the page (and later the exports).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { invitations, organisations, type CommentOutcome } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { label } from "../format";
import { commentCounts, getDocumentView, listComments, type OfficerComment } from "./queries";

export type StatementRow = { key: string; label: string; organisations?: number; total: number; support: number; object: number; comment: number };

export type ConsultationStatement = {
  documentTitle: string;
  consultationTitle: string;
  version: number;
  versionLabel: string;
  stage: { name: string; number: number; startsOn: string | null; dueOn: string | null } | null;
  openToAll: boolean;
  invited: { name: string; type: string; contacts: number }[];
  byType: StatementRow[];
  byParagraph: StatementRow[];
  totals: { comments: number; organisations: number; answered: number };
  outcomes: Record<CommentOutcome, number>;
  comments: OfficerComment[];
  /** The main issues the comments were grouped under, with who raised each and on which paragraphs. */
  issues: { title: string; comments: number; paragraphs: string[]; organisations: string[] }[];
};

export async function getConsultationStatement(db: Db, input: { documentId: string; version?: number | null; consultationId?: string }, actor: Actor): Promise<ConsultationStatement> {
  const view = await getDocumentView(db, input, actor);
  // Asked for under another consultation's address: not there.
  if (input.consultationId && view.consultation.id !== input.consultationId) throw new NotFoundError("Document");
  const [comments, counts, invited] = await Promise.all([
    listComments(db, { versionId: view.version.id }, actor),
    commentCounts(db, view.version.id, actor),
    db
      .select({ name: organisations.name, type: organisations.type, contacts: sql<number>`count(*)::int` })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
      .where(and(eq(invitations.consultationId, view.consultation.id)))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.name)),
  ]);
  const byTypeMap = new Map<string, StatementRow & { orgs: Set<string> }>();
  for (const k of comments) {
    const row = byTypeMap.get(k.organisationType) ?? { key: k.organisationType, label: label(k.organisationType), total: 0, support: 0, object: 0, comment: 0, orgs: new Set<string>() };
    row.total += 1;
    row[k.stance] += 1;
    row.orgs.add(k.organisationId);
    byTypeMap.set(k.organisationType, row);
  }
  const byType = [...byTypeMap.values()].sort((a, b) => a.label.localeCompare(b.label)).map(({ orgs, ...r }) => ({ ...r, organisations: orgs.size }));
  const byParagraph = view.paragraphs
    .filter((p) => counts.has(p.id))
    .map((p) => {
      const n = counts.get(p.id)!;
      return { key: p.anchor, label: p.number, total: n.total, support: n.support, object: n.object, comment: n.comment };
    });
  const outcomes: Record<CommentOutcome, number> = { changed: 0, partly: 0, not_changed: 0, noted: 0 };
  for (const k of comments) if (k.outcome) outcomes[k.outcome] += 1;
  return {
    documentTitle: view.document.title,
    consultationTitle: view.consultation.title,
    version: view.version.version,
    versionLabel: view.version.label,
    stage: view.stage ? { name: view.stage.name, number: view.stage.position + 1, startsOn: view.stage.startsOn, dueOn: view.stage.dueOn } : null,
    openToAll: view.document.openToAll,
    invited,
    byType,
    byParagraph,
    totals: { comments: comments.length, organisations: new Set(comments.map((k) => k.organisationId)).size, answered: comments.filter((k) => k.response).length },
    outcomes,
    comments,
    issues: issuesOf(comments),
  };
}

function issuesOf(comments: OfficerComment[]) {
  const byIssue = new Map<string, { title: string; comments: number; paragraphs: Set<string>; organisations: Set<string> }>();
  for (const k of comments) {
    if (!k.issueId || !k.issueTitle) continue;
    const i = byIssue.get(k.issueId) ?? { title: k.issueTitle, comments: 0, paragraphs: new Set<string>(), organisations: new Set<string>() };
    i.comments += 1;
    i.paragraphs.add(k.paragraphNumber);
    i.organisations.add(k.organisationName);
    byIssue.set(k.issueId, i);
  }
  return [...byIssue.values()]
    .sort((a, b) => b.comments - a.comments || a.title.localeCompare(b.title))
    .map((i) => ({ title: i.title, comments: i.comments, paragraphs: [...i.paragraphs], organisations: [...i.organisations].sort() }));
}
