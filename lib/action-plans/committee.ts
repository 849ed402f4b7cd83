// A period's report on its way to the committee, through the same review and sign-off as the
// council's answers (lib/review, lib/signoff; see lib/review/subject.ts): an officer sends it
// for review; scrutiny members, officers and signatories comment per strategic priority; an
// officer records the committee's resolution ("resolved to note ..."); a signatory signs it off,
// which records a SHA-256 of exactly what was approved (the report's items and the resolutions)
// and locks the period's returns, or returns it with a note; a signatory may reopen it.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { actionPlans, planPriorities, reportingPeriods, type CommentStatus, type ReportingPeriod } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, can, type Action, type Actor } from "../auth/policy";
import { canonicalText, stableStringify } from "../signoff/hash";
import { ConflictError, InvalidError, LockedError, NotFoundError } from "../errors";
import { notify } from "../notifications/record";
import { writeComment, writeResolution, writeThreadStatus } from "../review/commands";
import { commentRowsOf, commentsJson, listResolutionsOf, resolutionsJson, resolutionsOfJson, threadsOf, type ResolutionView } from "../review/queries";
import type { ReviewSubject, SubjectRef } from "../review/subject";
import { markApprovalReopened, writeDecision } from "../signoff/commands";
import { decisionsJson, decisionsOfJson } from "../signoff/queries";
import { getPlanReport, type PlanReport } from "./report";
import { isUuid, selectJson } from "../sql";

/** Bumped if the serialisation below changes, so a stored hash is re-checked with its own format. */
export const PLAN_REPORT_FORMAT = "council-consult/plan-report@1";

const subjectOf = (periodId: string): ReviewSubject => ({ kind: "period", reportingPeriodId: periodId });
const reportPath = (planId: string, periodId: string, anchor = "committee") => `/action-plans/${planId}/periods/${periodId}#${anchor}`;


/**
 * The canonical JSON of what the committee is asked to approve: every priority's indicators and
 * milestones as reported (figures, colours, statuses, commentary, corrective actions, owners),
 * the returns counted, and the committee's resolutions. Nothing that depends on the clock.
 */
export function canonicalPlanReport(r: PlanReport, version: number, resolutions: Pick<ResolutionView, "committee" | "meetingDate" | "text">[]): string {
  const t = (s: string | null | undefined) => canonicalText(s ?? "");
  return stableStringify({
    format: PLAN_REPORT_FORMAT,
    planId: r.plan.id,
    periodId: r.period.id,
    period: t(r.period.label),
    version,
    priorities: r.priorities.map((p) => ({
      number: p.number,
      title: t(p.title),
      indicators: p.indicators.map((i) => ({
        id: i.id,
        code: t(i.code),
        title: t(i.title),
        baseline: i.baseline,
        target: i.target?.value ?? null,
        actual: i.actual,
        rag: i.rag,
        overrideReason: i.overridden ? t(i.overrideReason) : null,
        commentary: t(i.commentary),
        owner: t(i.ownerName),
      })),
      milestones: p.milestones.map((m) => ({
        id: m.id,
        number: t(m.number),
        text: t(m.text),
        status: m.status,
        rag: m.rag,
        commentary: t(m.commentary),
        correctiveAction: t(m.correctiveAction),
        owner: t(m.ownerName),
      })),
    })),
    returns: r.returns.filter((x) => x.status === "submitted").map((x) => ({ organisation: t(x.organisationName), reference: x.reference, revision: x.revision })),
    resolutions: [...resolutions]
      .map((x) => ({ committee: t(x.committee), meetingDate: x.meetingDate, text: t(x.text) }))
      .sort((a, b) => (a.meetingDate + a.committee + a.text).localeCompare(b.meetingDate + b.committee + b.text)),
  });
}

export function planReportHash(r: PlanReport, version: number, resolutions: Pick<ResolutionView, "committee" | "meetingDate" | "text">[]): string {
  return createHash("sha256").update(canonicalPlanReport(r, version, resolutions), "utf8").digest("hex");
}

/** The period and its plan (one statement: the committee needs no previous period), once the actor may `action`. */
async function periodFor(db: Db, periodId: string, action: Action, actor: Actor) {
  if (!isUuid(periodId)) throw new NotFoundError("Reporting period");
  const [ctx] = await db.select({ period: reportingPeriods, plan: actionPlans }).from(reportingPeriods).innerJoin(actionPlans, eq(actionPlans.id, reportingPeriods.planId)).where(eq(reportingPeriods.id, periodId));
  if (!ctx) throw new NotFoundError("Reporting period");
  authorize(actor, action, { kind: "action_plan", ownerOrganisationId: ctx.plan.ownerOrganisationId });
  return ctx;
}

async function lockPeriod(tx: Db, periodId: string, mode: "update" | "share"): Promise<ReportingPeriod> {
  const [p] = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).for(mode);
  if (!p) throw new NotFoundError("Reporting period");
  return p;
}

/**
 * For writes to a period's returns (saves, submissions, overrides, reopening): refused once the
 * report is signed off. Holds a share lock on the period so a sign-off waits for the write, and
 * the write for the sign-off, and the hash covers exactly what was stored.
 */
export async function refuseSignedOffReport(tx: Db, periodId: string): Promise<void> {
  const p = await lockPeriod(tx, periodId, "share");
  if (p.reportStatus === "signed_off") {
    throw new LockedError(`The committee's report for ${p.label} has been signed off, so its returns can no longer change. A signatory must reopen it first.`);
  }
}

/**
 * What the committee panel reads, in one statement: the period's status and version, its plan's
 * owner, and the period's review record (comments, resolutions and decisions) through the same
 * JSON reads lib/review and lib/signoff use alone.
 */
async function loadCommittee(db: Db, periodId: string) {
  if (!isUuid(periodId)) throw new NotFoundError("Reporting period");
  const record: SubjectRef = { kind: "period", id: sql`p.id` };
  const d = await selectJson<{
    period: Pick<ReportingPeriod, "id" | "reportStatus" | "reportVersion">;
    plan: { id: string; ownerOrganisationId: string };
    comments: Parameters<typeof commentRowsOf>[0];
    resolutions: Parameters<typeof resolutionsOfJson>[0];
    decisions: Parameters<typeof decisionsOfJson>[0];
  }>(
    db,
    sql`(select json_build_object(
      'period', json_build_object('id', p.id, 'reportStatus', p.report_status, 'reportVersion', p.report_version),
      'plan', json_build_object('id', a.id, 'ownerOrganisationId', a.owner_organisation_id),
      'comments', ${commentsJson(record)},
      'resolutions', ${resolutionsJson(record)},
      'decisions', ${decisionsJson(record)}
    ) from reporting_periods p join action_plans a on a.id = p.plan_id where p.id = ${periodId})`,
  );
  if (!d) throw new NotFoundError("Reporting period");
  return {
    period: d.period,
    plan: d.plan,
    threads: threadsOf(commentRowsOf(d.comments)),
    resolutions: resolutionsOfJson(d.resolutions),
    decisions: decisionsOfJson(d.decisions),
  };
}

/**
 * The committee's view: status, threads per priority, resolutions, decisions, and the hash now.
 * `hash: "when-shown"` (the report page) works out the current hash only when it is shown, to a
 * signatory deciding on a report in review, and the verification only when there is an approval
 * to verify: only then is the whole report read and hashed (`hash` is null otherwise).
 * `report`: the period's whole (unfiltered) report if the caller has it or is building it (a
 * function called only when the hash is needed, so the report page's committee panel runs beside
 * its report and the report is not built twice); a filtered one, or one of another period, is not used.
 */
export async function getReportCommittee(
  db: Db,
  input: { periodId: string; report?: PlanReport | (() => Promise<PlanReport>); hash?: "always" | "when-shown" },
  actor: Actor,
  now = new Date(),
) {
  const { plan, period, threads, resolutions, decisions } = await loadCommittee(db, input.periodId);
  authorize(actor, "review.read", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  const latestApproval = decisions.find((d) => d.decision === "approved" && !d.reopenedAt) ?? null;
  const shown = input.hash !== "when-shown" || (period.reportStatus === "in_review" && can(actor, "signoff.decide", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId }));
  const given = shown || latestApproval ? (typeof input.report === "function" ? await input.report() : input.report) : undefined;
  const report =
    shown || latestApproval
      ? given && given.period.id === period.id && !given.filters.priority && !given.filters.owner && !given.filters.rag
        ? given
        : await getPlanReport(db, { periodId: period.id }, actor, now)
      : null;
  const hash = report && shown ? planReportHash(report, period.reportVersion, resolutions) : null;
  // Verification: the stored report recomputed for the approved version still gives its hash.
  const verified = report && latestApproval ? (latestApproval.answerSetVersion === period.reportVersion && hash ? hash : planReportHash(report, latestApproval.answerSetVersion, resolutions)) === latestApproval.hash : null;
  return {
    planId: plan.id,
    periodId: period.id,
    status: period.reportStatus,
    version: period.reportVersion,
    format: PLAN_REPORT_FORMAT,
    hash,
    threadsByPriority: threads.byAnchor,
    openThreads: threads.all.filter((t) => t.status === "open").length,
    resolutions,
    decisions,
    latestApproval,
    verified,
  };
}
export type ReportCommittee = Awaited<ReturnType<typeof getReportCommittee>>;

/** Officer: open → in review. Scrutiny members are told; signatories may sign off from now on. */
export async function sendReportForReview(db: Db, input: { periodId: string }, actor: Actor) {
  const { plan, period } = await periodFor(db, input.periodId, "plan.manage", actor);
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "update");
    if (locked.reportStatus === "signed_off") throw new LockedError("The report is already signed off.");
    if (locked.reportStatus === "in_review") throw new InvalidError("The report is already with the committee for review.", { _form: "The report is already with the committee for review." });
    await tx.update(reportingPeriods).set({ reportStatus: "in_review" }).where(eq(reportingPeriods.id, period.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "plan_report.send_for_review",
      entityType: "reporting_period",
      entityId: period.id,
      organisationId: plan.ownerOrganisationId,
      before: { reportStatus: locked.reportStatus },
      after: { reportStatus: "in_review", plan: plan.title, period: period.label, version: locked.reportVersion },
    });
    const title = `The ${period.label} progress report on “${plan.title}”`;
    await notify(tx, { kind: "review_requested", recipients: { roles: ["scrutiny"], organisationId: plan.ownerOrganisationId }, consultationId: null, title: `${title} was sent to the committee for review`, path: reportPath(plan.id, period.id), actorId: actor.id });
    await notify(tx, { kind: "signoff_requested", recipients: { roles: ["signatory"], organisationId: plan.ownerOrganisationId }, consultationId: null, title: `${title} is ready for sign-off`, path: reportPath(plan.id, period.id), actorId: actor.id });
  });
}

/** A comment on one priority of the report, or a reply in its thread (scrutiny, officers, signatories). */
export async function addReportComment(db: Db, input: { periodId: string; priorityId: string; parentId?: string | null; body: string }, actor: Actor) {
  const { plan, period } = await periodFor(db, input.periodId, "review.comment", actor);
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "share");
    if (locked.reportStatus === "signed_off") throw new LockedError("The report has been signed off, so the review is closed. A signatory must reopen it before more comments.");
    if (locked.reportStatus !== "in_review") throw new InvalidError("The report has not been sent to the committee yet.", { _form: "The report has not been sent to the committee yet." });
    const [p] = await tx.select({ id: planPriorities.id, number: planPriorities.number }).from(planPriorities).where(and(eq(planPriorities.id, input.priorityId), eq(planPriorities.planId, plan.id)));
    if (!p) throw new NotFoundError("Priority");
    const { comment, parentId } = await writeComment(tx, { subject: subjectOf(period.id), anchor: { priorityId: p.id }, parentId: input.parentId, body: input.body, actor });
    await writeAudit(tx, {
      actorId: actor.id,
      action: parentId ? "comment.reply" : "comment.add",
      entityType: "comment",
      entityId: comment.id,
      organisationId: plan.ownerOrganisationId,
      after: { plan: plan.title, period: period.label, priority: p.number, body: comment.body, ...(parentId ? { inReplyTo: parentId } : {}) },
    });
    await notify(tx, {
      kind: "comment_added",
      recipients: { roles: ["officer"], organisationId: plan.ownerOrganisationId },
      consultationId: null,
      title: `${actor.name ?? actor.email} ${parentId ? "replied to a comment" : "commented"} on priority ${p.number} of the ${period.label} progress report`,
      path: reportPath(plan.id, period.id, `priority-${p.number}`),
      actorId: actor.id,
    });
    return comment;
  });
}

export async function setReportThreadStatus(db: Db, input: { periodId: string; commentId: string; status: CommentStatus }, actor: Actor) {
  const { plan, period } = await periodFor(db, input.periodId, "review.comment", actor);
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "share");
    if (locked.reportStatus === "signed_off") throw new LockedError("The report has been signed off, so the review is closed.");
    if (locked.reportStatus !== "in_review") throw new InvalidError("The report is not with the committee.", { _form: "The report is not with the committee." });
    const result = await writeThreadStatus(tx, { subject: subjectOf(period.id), commentId: input.commentId, status: input.status, actor });
    if (result.changed) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: input.status === "resolved" ? "comment.resolve" : "comment.reopen",
        entityType: "comment",
        entityId: result.root.id,
        organisationId: plan.ownerOrganisationId,
        before: { status: result.root.status },
        after: { status: input.status, period: period.label },
      });
    }
    return { changed: result.changed };
  });
}

/** Officer: the committee's resolution on the report in review. */
export async function recordReportResolution(db: Db, input: { periodId: string; meetingDate: string; committee: string; text: string }, actor: Actor) {
  const { plan, period } = await periodFor(db, input.periodId, "review.record_resolution", actor);
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "share");
    if (locked.reportStatus === "signed_off") throw new LockedError("The report has been signed off; the review is closed.");
    if (locked.reportStatus !== "in_review") {
      throw new InvalidError("Send the report for review before recording the committee's resolution.", { _form: "Send the report for review before recording the committee's resolution." });
    }
    const resolution = await writeResolution(tx, { subject: subjectOf(period.id), meetingDate: input.meetingDate, committee: input.committee, text: input.text }, actor);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "resolution.record",
      entityType: "resolution",
      entityId: resolution.id,
      organisationId: plan.ownerOrganisationId,
      after: { plan: plan.title, period: period.label, committee: resolution.committee, meetingDate: resolution.meetingDate, text: resolution.text, version: locked.reportVersion },
    });
    return resolution;
  });
}

/**
 * Signatory: approve the report in review (recording the SHA-256 of what was approved and
 * locking the period's returns) or return it with a note. `expectedHash` is the hash the page
 * showed: approving anything else is refused. A second approval, from the same page or at the
 * same moment from another, is refused by the period's row lock and, behind it, a unique index.
 */
export async function decideReportSignOff(
  db: Db,
  input: { periodId: string; decision: "approved" | "returned"; note: string; expectedHash?: string | null },
  actor: Actor,
  now = new Date(),
) {
  const { plan, period } = await periodFor(db, input.periodId, "signoff.decide", actor);
  const note = input.note.replace(/\r\n/g, "\n").trim();
  if (input.decision === "returned" && !note) throw new InvalidError("Enter a note saying what needs to change", { note: "Enter a note saying what needs to change" });
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "update");
    if (locked.reportStatus === "signed_off") throw new LockedError("The report is already signed off.");
    if (locked.reportStatus !== "in_review") {
      throw new InvalidError("The report has not been sent for review yet, so there is nothing to sign off.", { _form: "The report has not been sent for review yet, so there is nothing to sign off." });
    }
    const subject = subjectOf(period.id);
    const audit = { actorId: actor.id, entityType: "sign_off", organisationId: plan.ownerOrganisationId } as const;
    if (input.decision === "returned") {
      const row = await writeDecision(tx, { subject, version: locked.reportVersion, decision: "returned", note, hash: null }, actor);
      await tx.update(reportingPeriods).set({ reportStatus: "open" }).where(eq(reportingPeriods.id, period.id));
      await writeAudit(tx, { ...audit, action: "signoff.return", entityId: row.id, before: { reportStatus: "in_review" }, after: { reportStatus: "open", period: period.label, note } });
      await notify(tx, { kind: "answers_returned", recipients: { roles: ["officer"], organisationId: plan.ownerOrganisationId }, consultationId: null, title: `${actor.name ?? actor.email} returned the ${period.label} progress report with a note`, path: reportPath(plan.id, period.id), actorId: actor.id });
      return { signOff: row, hash: null };
    }
    const resolutions = await listResolutionsOf(tx, subject);
    if (!resolutions.length) {
      throw new InvalidError("Record the committee's resolution before signing off the report.", { _form: "Record the committee's resolution before signing off the report." });
    }
    const report = await getPlanReport(tx, { periodId: period.id }, actor, now);
    const hash = planReportHash(report, locked.reportVersion, resolutions);
    if (input.expectedHash && input.expectedHash !== hash) {
      throw new ConflictError("The report changed after you opened this page (a return, an override or a resolution). Check it again before signing off.", { hash }, { hash: input.expectedHash });
    }
    const row = await writeDecision(tx, { subject, version: locked.reportVersion, decision: "approved", note, hash }, actor);
    await tx.update(reportingPeriods).set({ reportStatus: "signed_off" }).where(eq(reportingPeriods.id, period.id));
    await writeAudit(tx, { ...audit, action: "signoff.approve", entityId: row.id, before: { reportStatus: "in_review" }, after: { reportStatus: "signed_off", period: period.label, version: locked.reportVersion, hash, ...(note ? { note } : {}) } });
    await notify(tx, { kind: "answers_approved", recipients: { roles: ["officer"], organisationId: plan.ownerOrganisationId }, consultationId: null, title: `${actor.name ?? actor.email} signed off the ${period.label} progress report`, path: reportPath(plan.id, period.id), actorId: actor.id });
    return { signOff: row, hash };
  });
}

/** Signatory: reopen a signed-off report with a reason; the next sign-off hashes a new version. */
export async function reopenReportSignOff(db: Db, input: { periodId: string; reason: string }, actor: Actor) {
  const { plan, period } = await periodFor(db, input.periodId, "signoff.reopen", actor);
  const reason = input.reason.replace(/\r\n/g, "\n").trim();
  if (!reason) throw new InvalidError("Enter the reason for reopening the report", { reason: "Enter the reason for reopening the report" });
  return db.transaction(async (tx) => {
    const locked = await lockPeriod(tx, period.id, "update");
    if (locked.reportStatus !== "signed_off") throw new InvalidError("Only a signed-off report can be reopened.", { _form: "Only a signed-off report can be reopened." });
    const approval = await markApprovalReopened(tx, subjectOf(period.id), reason, actor);
    const version = locked.reportVersion + 1;
    await tx.update(reportingPeriods).set({ reportStatus: "open", reportVersion: version }).where(eq(reportingPeriods.id, period.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "signoff.reopen",
      entityType: "sign_off",
      entityId: approval?.id ?? period.id,
      organisationId: plan.ownerOrganisationId,
      before: { reportStatus: "signed_off", version: locked.reportVersion, hash: approval?.hash ?? null },
      after: { reportStatus: "open", version, reason, period: period.label },
    });
    return { version };
  });
}
