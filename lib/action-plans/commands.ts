// Writes to an organisation's return: saving items (each against the version it was edited
// from, so a colleague's newer entry is never overwritten silently), "no change since last
// period", submitting and amending (each submission kept), and an officer's RAG override.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { advisoryXactLock, isUniqueViolation } from "../../db/client";
import { organisations, planReturns, returnItems, returnSubmissions, type PlanReturn } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { refuseSignedOffReport } from "./committee";
import { encodeBase, parseBase } from "../responses/schemas";
import { makeReference } from "../responses/reference";
import { loadOwnedSubjects, loadPeriod, loadReturnItems, periodWindow, type OwnedSubject, type StoredItem } from "./queries";
import { computeIndicatorRag, EMPTY_VALUE, itemHash, OVERRIDE_GROUPS, overrideFormValues, planReferenceCode, readItem, valueText, type ItemValue, type Posted } from "./rules";
import { mergeOrRefuse, type EditOptions } from "../input/edit-merge";
import type { Rag } from "./rag";

export type PostedItem = {
  subjectId: string;
  posted: Posted;
  /** "version:hash" of what the person started from. */
  base?: string | null;
  /** "No change since last period": take last period's status, RAG, figure and commentary. */
  carry?: boolean;
  /** After a conflict: keep what I typed over theirs, or keep theirs. */
  resolve?: "mine" | "theirs";
};

export type ItemConflict = { current: ItemValue & { updatedByName: string | null; text: string }; attempted: ItemValue & { text: string }; base: string };

export type SaveReturnResult = {
  returnId: string | null;
  saved: number;
  /** Field name ("<subjectId>.commentary") → message. */
  errors: Record<string, string>;
  conflicts: Record<string, ItemConflict>;
  /** The new base of each item written, for a form that stays on the page. */
  bases: Record<string, string>;
};

const EMPTY = { version: 0, hash: itemHash(EMPTY_VALUE) };

async function lockReturn(tx: Db, periodId: string, organisationId: string): Promise<PlanReturn | null> {
  const [r] = await tx
    .select()
    .from(planReturns)
    .where(and(eq(planReturns.periodId, periodId), eq(planReturns.organisationId, organisationId)))
    .for("update");
  return r ?? null;
}

/** The return row, made on first save; locked until the transaction ends. */
async function ensureReturn(tx: Db, periodId: string, organisationId: string, actor: Actor, now: Date): Promise<PlanReturn> {
  // An organisation being merged holds its row until the merge commits: a first return waits, and
  // is refused once it is merged (as a first response is).
  const [live] = await tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, organisationId), isNull(organisations.mergedIntoId))).for("share");
  if (!live) throw new LockedError("Your organisation has just been merged into another on this service, so nothing was saved. Reload the page to report for the organisation it became.");
  await tx.insert(planReturns).values({ periodId, organisationId, lastEditedBy: actor.id, lastEditedAt: now, createdAt: now }).onConflictDoNothing({ target: [planReturns.periodId, planReturns.organisationId] });
  return (await lockReturn(tx, periodId, organisationId))!;
}

async function loadForWrite(tx: Db, periodId: string, organisationId: string, actor: Actor) {
  const ctx = await loadPeriod(tx, periodId);
  authorize(actor, "plan_return.edit", { kind: "plan_return", organisationId, planOwnerOrganisationId: ctx.plan.ownerOrganisationId });
  await refuseSignedOffReport(tx, periodId);
  const subjects = await loadOwnedSubjects(tx, ctx.plan.id, organisationId);
  return { ...ctx, subjects, byId: new Map(subjects.map((s) => [s.id, s])) };
}

function refuseClosed(period: Parameters<typeof periodWindow>[0], ret: PlanReturn | null, now: Date) {
  const w = periodWindow(period, ret, now);
  if (w.state !== "open") throw new LockedError(w.message ?? "This return cannot be changed now.");
}

/**
 * Save some items of the organisation's return for a period. Each carries the base it was
 * edited from: where a colleague has saved since, an item this person did not change is left
 * as the colleague saved it, and one both changed is not written but handed back with both
 * versions to choose from. Items the organisation does not own are refused outright.
 */
export async function saveReturn(
  db: Db,
  input: { periodId: string; organisationId: string; items: PostedItem[] },
  actor: Actor,
  now: Date = new Date(),
): Promise<SaveReturnResult> {
  return db.transaction(async (tx) => {
    const { plan, period, previous, byId } = await loadForWrite(tx, input.periodId, input.organisationId, actor);
    if (input.items.some((i) => !byId.has(i.subjectId))) {
      throw new InvalidError("Some items are not your organisation's to report on. Nothing has been saved.");
    }
    let ret = await lockReturn(tx, period.id, input.organisationId);
    if (!ret) {
      // No return yet: two colleagues' first saves take turns here, so the second plans against
      // the first's items (a conflict to choose from) rather than inserting the same items again.
      await advisoryXactLock(tx, `plan_return:${period.id}:${input.organisationId}`);
      ret = await lockReturn(tx, period.id, input.organisationId);
    }
    refuseClosed(period, ret, now);
    const stored = ret ? await loadReturnItems(tx, ret.id) : new Map<string, StoredItem>();
    let prevItems = new Map<string, StoredItem>();
    if (previous && input.items.some((i) => i.carry)) {
      const [prevRet] = await tx.select().from(planReturns).where(and(eq(planReturns.periodId, previous.id), eq(planReturns.organisationId, input.organisationId)));
      if (prevRet) prevItems = await loadReturnItems(tx, prevRet.id);
    }
    const errors: Record<string, string> = {};
    const conflicts: Record<string, ItemConflict> = {};
    const writes: { subject: OwnedSubject; value: ItemValue; version: number; hash: string; carried: boolean; before: StoredItem | undefined }[] = [];
    const seen = new Set<string>();
    for (const item of input.items) {
      if (seen.has(item.subjectId)) continue;
      seen.add(item.subjectId);
      const subject = byId.get(item.subjectId)!;
      let value: ItemValue;
      if (item.carry) {
        const prev = prevItems.get(item.subjectId);
        if (!prev) {
          errors[`${item.subjectId}.carry`] = `There is nothing from last period to carry forward for ${label(subject)}`;
          continue;
        }
        value = { status: prev.status, rag: prev.rag, commentary: prev.commentary, correctiveAction: prev.correctiveAction, actual: prev.actual };
      } else {
        const read = readItem(subject, item.posted);
        if (Object.keys(read.errors).length) {
          for (const [f, m] of Object.entries(read.errors)) errors[`${item.subjectId}.${f}`] = m;
          continue;
        }
        value = read.value;
      }
      const hash = itemHash(value);
      const mine = stored.get(item.subjectId);
      const cur = mine ? { version: mine.version, hash: mine.hash } : EMPTY;
      const base = parseBase(item.base) ?? EMPTY;
      const stale = base.version !== cur.version || base.hash !== cur.hash;
      if (item.resolve === "theirs") continue;
      if (hash === cur.hash && !item.carry) continue;
      if (hash === cur.hash && item.carry && mine?.carriedForward) continue;
      if (stale) {
        // The person did not change it: the colleague's stands.
        if (hash === base.hash) continue;
        const current = mine ?? { ...EMPTY_VALUE, updatedByName: null };
        conflicts[item.subjectId] = {
          current: { status: current.status, rag: current.rag, commentary: current.commentary, correctiveAction: current.correctiveAction, actual: current.actual, updatedByName: mine?.updatedByName ?? null, text: valueText(subject, current) },
          attempted: { ...value, text: valueText(subject, value) },
          base: encodeBase(cur),
        };
        errors[`${item.subjectId}.resolve`] = `${mine?.updatedByName ?? "Someone else in your organisation"} changed ${label(subject)} while you were editing it. Yours has not been saved yet: choose which to keep`;
        continue;
      }
      writes.push({ subject, value, version: cur.version + 1, hash, carried: Boolean(item.carry), before: mine });
    }
    if (!writes.length && !Object.keys(conflicts).length) return { returnId: ret?.id ?? null, saved: 0, errors, conflicts, bases: {} };
    ret ??= await ensureReturn(tx, period.id, input.organisationId, actor, now);
    for (const w of writes) {
      const computedRag = w.subject.kind === "indicator" ? computeIndicatorRag(w.subject, w.value.actual, period) : null;
      const row = {
        returnId: ret.id,
        itemId: w.subject.kind === "milestone" ? w.subject.id : null,
        indicatorId: w.subject.kind === "indicator" ? w.subject.id : null,
        status: w.value.status,
        rag: w.value.rag,
        commentary: w.value.commentary,
        correctiveAction: w.value.correctiveAction,
        actual: w.value.actual,
        computedRag,
        carriedForward: w.carried ? 1 : 0,
        version: w.version,
        hash: w.hash,
        updatedBy: actor.id,
        updatedAt: now,
      };
      if (w.before) {
        // A new figure clears an officer's override of the old one.
        const overrideReset = w.subject.kind === "indicator" && w.before.actual !== w.value.actual ? { overrideRag: null, overrideReason: "" } : {};
        await tx.update(returnItems).set({ ...row, ...overrideReset }).where(eq(returnItems.id, w.before.id));
      } else {
        await tx.insert(returnItems).values(row);
      }
    }
    await tx.update(planReturns).set({ lastEditedBy: actor.id, lastEditedAt: now }).where(eq(planReturns.id, ret.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "plan_return.save",
      entityType: "plan_return",
      entityId: ret.id,
      organisationId: input.organisationId,
      before: Object.fromEntries(writes.map((w) => [label(w.subject), w.before ? valueText(w.subject, w.before) : null])),
      after: {
        plan: plan.title,
        period: period.label,
        items: Object.fromEntries(writes.map((w) => [label(w.subject), `${w.carried ? "(no change since last period) " : ""}${valueText(w.subject, w.value)}`])),
        // What was typed in a conflict is kept here even if the person never chooses.
        ...(Object.keys(conflicts).length ? { conflicts: Object.fromEntries(Object.entries(conflicts).map(([id, c]) => [label(byId.get(id)!), c.attempted.text])) } : {}),
      },
    });
    return { returnId: ret.id, saved: writes.length, errors, conflicts, bases: Object.fromEntries(writes.map((w) => [w.subject.id, encodeBase({ version: w.version, hash: w.hash })])) };
  });
}

function label(s: OwnedSubject): string {
  return s.kind === "milestone" ? s.number : s.code;
}

/**
 * Submit the return (or an amendment to it, until the period closes). `revision` is the one the
 * check page showed: the same page posted twice is one submission. Every item the organisation
 * owns needs a status or a figure, a RAG while in progress, and a corrective action when Red.
 */
export async function submitReturn(
  db: Db,
  input: { periodId: string; organisationId: string; revision: number },
  actor: Actor,
  now: Date = new Date(),
): Promise<{ returnId: string; reference: string; revision: number; amended: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const { plan, period, subjects } = await loadForWrite(tx, input.periodId, input.organisationId, actor);
        const ret = await lockReturn(tx, period.id, input.organisationId);
        refuseClosed(period, ret, now);
        if (ret && ret.status === "submitted" && ret.revision > input.revision) {
          // Already submitted from this page: the same submission, not another.
          return { returnId: ret.id, reference: ret.reference!, revision: ret.revision, amended: ret.revision > 1 };
        }
        const stored = ret ? await loadReturnItems(tx, ret.id) : new Map<string, StoredItem>();
        const errors: Record<string, string> = {};
        for (const s of subjects) {
          const v = stored.get(s.id) ?? { ...EMPTY_VALUE };
          const posted: Posted = { status: v.status ?? "", rag: v.rag ?? "", commentary: v.commentary, correctiveAction: v.correctiveAction, actual: v.actual === null ? "" : String(v.actual) };
          for (const [f, m] of Object.entries(readItem(s, posted, { requireComplete: true }).errors)) errors[`${s.id}.${f}`] = m;
        }
        if (!subjects.length) throw new InvalidError("Your organisation has nothing to report on in this plan.");
        if (Object.keys(errors).length) throw new InvalidError("Your return is not complete yet", errors);
        const r = ret!;
        const revision = r.revision + 1;
        const reference = r.reference ?? makeReference(planReferenceCode(plan.slug));
        const snapshot = subjects.map((s) => {
          const v = stored.get(s.id)!;
          return { subject: label(s), kind: s.kind, status: v.status, rag: v.rag, computedRag: v.computedRag, actual: v.actual, commentary: v.commentary, correctiveAction: v.correctiveAction, carriedForward: v.carriedForward };
        });
        await tx.insert(returnSubmissions).values({ returnId: r.id, revision, items: snapshot, submittedAt: now, submittedBy: actor.id });
        await tx.update(planReturns).set({ status: "submitted", revision, reference, submittedAt: now, submittedBy: actor.id }).where(eq(planReturns.id, r.id));
        await writeAudit(tx, {
          actorId: actor.id,
          action: revision > 1 ? "plan_return.amend" : "plan_return.submit",
          entityType: "plan_return",
          entityId: r.id,
          organisationId: input.organisationId,
          before: { status: r.status, revision: r.revision },
          after: { status: "submitted", revision, reference, plan: plan.title, period: period.label, items: snapshot.length },
        });
        return { returnId: r.id, reference, revision, amended: revision > 1 };
      });
    } catch (e) {
      // A reference already taken (vanishingly rare): draw again.
      if (attempt < 3 && isUniqueViolation(e, "plan_returns_reference_unique")) continue;
      throw e;
    }
  }
}

/** An officer overrides an indicator's worked-out RAG, with a reason; null clears the override. */
export async function overrideIndicatorRag(db: Db, input: { returnItemId: string; rag: Rag | null; reason: string }, actor: Actor, opts: EditOptions = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(returnItems).innerJoin(planReturns, eq(planReturns.id, returnItems.returnId)).where(eq(returnItems.id, input.returnItemId)).for("update");
    if (!row || !row.return_items.indicatorId) throw new NotFoundError("Indicator return");
    const { plan } = await loadPeriod(tx, row.plan_returns.periodId);
    authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
    await refuseSignedOffReport(tx, row.plan_returns.periodId);
    // A colleague's override since the form was drawn: kept if this officer left it alone, told
    // at the field if both changed it (nothing saved; saving again replaces it knowingly).
    const merged = mergeOrRefuse(
      overrideFormValues(row.return_items.overrideRag, row.return_items.overrideReason),
      overrideFormValues(input.rag, input.reason.trim()),
      opts.base ?? null,
      { groups: OVERRIDE_GROUPS },
    );
    const rag = merged.rag === "clear" ? null : merged.rag;
    const reason = merged.reason;
    if (rag && !reason) throw new InvalidError("Give a reason for the override", { reason: "Give the reason for overriding the RAG" });
    await tx
      .update(returnItems)
      .set({ overrideRag: rag, overrideReason: rag ? reason : "" })
      .where(eq(returnItems.id, input.returnItemId));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "plan_return.override",
      entityType: "plan_return",
      entityId: row.plan_returns.id,
      organisationId: row.plan_returns.organisationId,
      before: { rag: row.return_items.overrideRag ?? row.return_items.computedRag, reason: row.return_items.overrideReason },
      after: { rag: rag ?? row.return_items.computedRag, reason, overridden: Boolean(rag) },
    });
  });
}

