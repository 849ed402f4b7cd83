// The daily scan for draft documents (run by the job queue, as lib/action-plans/periods.ts does
// for reporting periods): it tells invited partners when a version's stage opens for comments,
// reminds those whose organisation has not submitted before the stage closes, and gives the
// council's officers one digest of new comments per document version instead of one
// notification per submission. Each step is claimed with a conditional update of the version
// row, in the same transaction as its notifications, so two servers never send one twice.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, documentComments, documents, documentVersions, stages } from "../../db/schema";
import { addDays, ukDate } from "../consultations/dates";
import { formatDate } from "../format";
import { notify, paths } from "../notifications/record";
import { commentWindow } from "./rules";
import { plural } from "../text/plural";

export const JOB_DOCUMENT_SCAN = "documents.stage_scan";
/** Days before a stage's last day that partners who have not submitted are reminded. */
export const DOCUMENT_CLOSING_DAYS = 3;

type Candidate = {
  versionId: string;
  version: number;
  label: string;
  documentId: string;
  title: string;
  consultationId: string;
  ownerOrganisationId: string;
  consultationStatus: string;
  startsOn: string | null;
  dueOn: string | null;
  openNoticeAt: Date | null;
  closingNoticeAt: Date | null;
  digestedUpTo: Date | null;
  finalHash: string | null;
};

/** Each document's newest published version, with its stage and consultation. */
async function newestVersions(db: Db): Promise<Candidate[]> {
  return db
    .select({
      versionId: documentVersions.id,
      version: documentVersions.version,
      label: documentVersions.label,
      documentId: documents.id,
      title: documents.title,
      consultationId: consultations.id,
      ownerOrganisationId: consultations.ownerOrganisationId,
      consultationStatus: consultations.status,
      startsOn: stages.startsOn,
      dueOn: stages.dueOn,
      openNoticeAt: documentVersions.openNoticeAt,
      closingNoticeAt: documentVersions.closingNoticeAt,
      digestedUpTo: documentVersions.digestedUpTo,
      finalHash: documentVersions.finalHash,
    })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .innerJoin(consultations, eq(consultations.id, documents.consultationId))
    .innerJoin(stages, eq(stages.id, documentVersions.stageId))
    .where(
      and(
        eq(documentVersions.status, "published"),
        sql`not exists (select 1 from document_versions later where later.document_id = ${documentVersions.documentId} and later.status = 'published' and later.version > ${documentVersions.version})`,
      ),
    );
}

/** Set `column` on the version only if no one has yet: true when this caller claimed it. */
async function claim(tx: Db, versionId: string, column: "openNoticeAt" | "closingNoticeAt", now: Date): Promise<boolean> {
  const rows = await tx
    .update(documentVersions)
    .set({ [column]: now })
    .where(and(eq(documentVersions.id, versionId), isNull(documentVersions[column])))
    .returning({ id: documentVersions.id });
  return rows.length === 1;
}

export async function runDocumentScan(db: Db, now: Date = new Date()): Promise<{ opened: number; closing: number; digests: number; notified: number }> {
  const today = ukDate(now)!;
  let opened = 0;
  let closing = 0;
  let digests = 0;
  let notified = 0;
  for (const v of await newestVersions(db)) {
    const open = commentWindow({ consultationStatus: v.consultationStatus, versionStatus: "published", superseded: false, final: !!v.finalHash, stage: v }, now) === "open";
    if (open && !v.openNoticeAt) {
      notified += await db.transaction(async (tx) => {
        if (!(await claim(tx, v.versionId, "openNoticeAt", now))) return 0;
        opened++;
        const { written } = await notify(tx, {
          kind: "document_stage_opened",
          recipients: { invitedTo: v.consultationId },
          consultationId: v.consultationId,
          title: `${v.title} (${v.label}) is open for comments${v.dueOn ? ` until ${formatDate(v.dueOn)}` : ""}`,
          path: paths.document(v.documentId),
          actorId: null,
          dedupeKey: `document_stage_opened:${v.versionId}`,
          now,
        });
        return written;
      });
    }
    if (open && v.dueOn && !v.closingNoticeAt && today >= addDays(v.dueOn, -DOCUMENT_CLOSING_DAYS)) {
      notified += await db.transaction(async (tx) => {
        if (!(await claim(tx, v.versionId, "closingNoticeAt", now))) return 0;
        closing++;
        const { written } = await notify(tx, {
          kind: "document_stage_closing",
          recipients: { invitedTo: v.consultationId, notCommentedOn: v.versionId },
          consultationId: v.consultationId,
          title: `Comments on ${v.title} (${v.label}) close on ${formatDate(v.dueOn!)}, and your organisation has not submitted any yet`,
          path: paths.document(v.documentId),
          actorId: null,
          dedupeKey: `document_stage_closing:${v.versionId}`,
          now,
        });
        return written;
      });
    }
    notified += await digest(db, v, now, () => digests++);
  }
  return { opened, closing, digests, notified };
}

/**
 * The officers' digest for one version: comments submitted since the last digest, if any. The
 * claim moves `digestedUpTo` on only from the value read, so a second server's run finds it
 * moved and writes nothing.
 */
async function digest(db: Db, v: Candidate, now: Date, counted: () => void): Promise<number> {
  const since = v.digestedUpTo;
  const where = and(eq(documentComments.versionId, v.versionId), eq(documentComments.status, "submitted"), sql`${documentComments.submittedAt} <= ${now.toISOString()}::timestamptz`, since ? gt(documentComments.submittedAt, since) : undefined);
  const [{ n, orgs }] = await db.select({ n: sql<number>`count(*)::int`, orgs: sql<number>`count(distinct ${documentComments.organisationId})::int` }).from(documentComments).where(where);
  if (!n) return 0;
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(documentVersions)
      .set({ digestedUpTo: now })
      .where(and(eq(documentVersions.id, v.versionId), since ? eq(documentVersions.digestedUpTo, since) : isNull(documentVersions.digestedUpTo)))
      .returning({ id: documentVersions.id });
    if (!moved.length) return 0;
    counted();
    const { written } = await notify(tx, {
      kind: "document_comments_submitted",
      recipients: { roles: ["officer"], organisationId: v.ownerOrganisationId },
      consultationId: v.consultationId,
      title: `${plural(n, "new comment")} from ${plural(orgs, "organisation")} on ${v.title} (${v.label})`,
      path: paths.documentComments(v.consultationId, v.documentId, v.version),
      actorId: null,
      dedupeKey: `document_digest:${v.versionId}:${now.toISOString()}`,
      now,
    });
    return written;
  });
}
