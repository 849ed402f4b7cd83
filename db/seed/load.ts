// Loads the demo content (db/seed/data/*.json) into an empty database: organisations,
// demo users for every role, the three seed consultations, invitations and a few partner
// responses. Data lives in JSON files; this module only knows how to insert it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import {
  answers,
  consultations,
  invitations,
  memberships,
  organisations,
  questions,
  responses,
  responseSubmissions,
  users,
  type OrganisationType,
  type Role,
} from "../schema";
import { createConsultationFromQuestionSet, publishConsultation } from "../../lib/consultations/commands";
import { questionSetSchema } from "../../lib/question-sets/schema";
import { referenceCodeOf } from "../../lib/consultations/reference-code";
import { ensurePublicOrganisation } from "../../lib/public/organisation";
import type { ConsultationAudience, PublishResponses } from "../schema/consultations";
import { makeReference } from "../../lib/responses/reference";
import { loadActionPlanDemo, type PlanSpec } from "./action-plan";
import { loadActor } from "../../lib/auth/actor";
import { loadDemoDocuments, type SeedDocuments } from "./documents";

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(dataDir, file), "utf8")) as T;

type Manifest = {
  organisations: { key: string; name: string; type: OrganisationType }[];
  users: { key: string; name: string; email: string; title: string; roles: [string, Role][] }[];
  consultations: {
    file: string;
    slug: string;
    owner: string;
    publish: boolean;
    invite: string[];
    responses?: string;
    documents?: string;
    /** Issue 18: who responds and whether responses are published (default: invited partners, not published). */
    audience?: ConsultationAudience;
    allowUnauthenticated?: boolean;
    publishResponses?: PublishResponses;
  }[];
  actionPlans?: PlanSpec[];
};
type SeedResponse = { organisation: string; by: string; submit: boolean; answers: Record<string, string> };

export function readQuestionSetFile(file: string) {
  return questionSetSchema.parse(readJson(file));
}

export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: organisations.id }).from(organisations).limit(1);
  return rows.length === 0;
}

export async function loadDemoContent(db: Db, today = new Date()) {
  const manifest = readJson<Manifest>("demo.json");
  const orgIds = new Map<string, string>();
  for (const o of manifest.organisations) {
    const [row] = await db.insert(organisations).values({ name: o.name, type: o.type }).returning({ id: organisations.id });
    orgIds.set(o.key, row.id);
  }
  const userIds = new Map<string, { id: string; orgKey: string }>();
  for (const u of manifest.users) {
    const [row] = await db
      .insert(users)
      .values({ name: u.name, email: u.email.toLowerCase(), isDemo: true, emailVerified: new Date() })
      .returning({ id: users.id });
    // A demo member of the public has no roles, and so no organisation.
    userIds.set(u.key, { id: row.id, orgKey: u.roles[0]?.[0] ?? "" });
    if (u.roles.length) await db.insert(memberships).values(u.roles.map(([org, role]) => ({ userId: row.id, organisationId: orgIds.get(org)!, role })));
  }
  const officer = userIds.get("officer")?.id ?? null;
  for (const spec of manifest.consultations) {
    const set = readQuestionSetFile(spec.file);
    const c = await createConsultationFromQuestionSet(db, set, {
      ownerOrganisationId: orgIds.get(spec.owner)!,
      actorId: officer,
      slug: spec.slug,
      today,
    });
    if (spec.audience && spec.audience !== "partners") {
      await ensurePublicOrganisation(db, orgIds.get(spec.owner)!);
      await db
        .update(consultations)
        .set({ audience: spec.audience, allowUnauthenticated: spec.allowUnauthenticated ?? false, publishResponses: spec.publishResponses ?? "no" })
        .where(eq(consultations.id, c.id));
    }
    if (spec.publish) await publishConsultation(db, c.id, officer);
    if (spec.invite.length) {
      await db.insert(invitations).values(
        spec.invite.map((key) => {
          const u = userIds.get(key)!;
          return { consultationId: c.id, organisationId: orgIds.get(u.orgKey)!, userId: u.id, invitedBy: officer };
        }),
      );
    }
    if (spec.responses) await loadResponses(db, c.id, readJson<SeedResponse[]>(spec.responses), orgIds, userIds);
    if (spec.documents && officer) {
      const actor = await loadActor(db, officer);
      if (actor) {
        await loadDemoDocuments(db, c.id, readJson<SeedDocuments>(spec.documents), actor, {
          org: (key) => orgIds.get(key)!,
          user: (key) => userIds.get(key)!.id,
        });
      }
    }
  }
  for (const plan of manifest.actionPlans ?? []) await loadActionPlanDemo(db, plan, orgIds, userIds, today);
}

async function loadResponses(
  db: Db,
  consultationId: string,
  seedResponses: SeedResponse[],
  orgIds: Map<string, string>,
  userIds: Map<string, { id: string }>,
) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  const qs = await db.select().from(questions).where(eq(questions.consultationId, consultationId));
  const byNumber = new Map(qs.map((q) => [q.number, q]));
  const versionRows = await db.query.consultationVersions.findFirst({
    where: (v, { eq: e }) => e(v.consultationId, consultationId),
    orderBy: (v, { desc }) => desc(v.version),
  });
  for (const r of seedResponses) {
    const by = userIds.get(r.by)!.id;
    const now = new Date();
    const [resp] = await db
      .insert(responses)
      .values({
        consultationId,
        organisationId: orgIds.get(r.organisation)!,
        consultationVersionId: versionRows?.id ?? null,
        status: r.submit ? "submitted" : "draft",
        reference: r.submit ? makeReference(referenceCodeOf(c)) : null,
        revision: r.submit ? 1 : 0,
        startedBy: by,
        lastEditedBy: by,
        submittedAt: r.submit ? now : null,
        submittedBy: r.submit ? by : null,
      })
      .returning();
    const rows = Object.entries(r.answers).map(([number, text]) => ({
      responseId: resp.id,
      questionId: byNumber.get(number)!.id,
      value: text,
      valueText: text,
      updatedBy: by,
    }));
    await db.insert(answers).values(rows);
    if (r.submit) {
      await db.insert(responseSubmissions).values({
        responseId: resp.id,
        revision: 1,
        answers: Object.fromEntries(rows.map((a) => [a.questionId, a.value])),
        submittedBy: by,
      });
    }
  }
}
