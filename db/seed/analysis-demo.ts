// The demo of free-text analysis (issue 17): a survey with a few thousand answers generated
// from planted themes (lib/analysis/planted, deterministic), from 48 local groups and
// members of the public, and a seeded codeframe: the planted themes with keyword rules applied, a share of the tags
// confirmed and marked analysed, so a newcomer sees tags, counts and "% analysed" at once and
// can run suggestions. Bulk inserts (a few statements per 500 rows) keep db:setup fast.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { answers, consultations, organisations, questions, responses, users, type OrganisationType } from "../schema";
import { applyKeywordRules, createTheme, setThemeRules } from "../../lib/analysis/codeframe";
import { generatePlantedAnswers, PLANTED_THEME_NAMES } from "../../lib/analysis/planted";
import { seededRandom } from "../../lib/analysis/random";
import { loadActor } from "../../lib/auth/actor";
import { referenceCodeOf } from "../../lib/consultations/reference-code";
import { ensurePublicOrganisation } from "../../lib/public/organisation";

export const ANALYSIS_DEMO_ANSWERS = 2400;
/** How many of them come from local groups (12 places × 4 kinds); the rest from members of the public. */
const GROUPS = 48;

const PLACES = ["Attleborough", "Dereham", "Swaffham", "Thetford", "Watton", "Necton", "Mattishall", "Shipdham", "Hockham", "Ashill", "Bawdeswell", "Garboldisham"];
const KINDS: { type: OrganisationType; names: string[] }[] = [
  { type: "voluntary_sector", names: ["Residents' Association", "Community Group", "Youth Club", "Older People's Forum", "Carers' Network", "Tenants' Association"] },
  { type: "parish", names: ["Parish Council", "Parish Meeting"] },
  { type: "business", names: ["Traders' Association", "Business Club", "Market Traders"] },
  { type: "other", names: ["Sports Club", "Allotment Society", "Walking Group", "Church Council"] },
];

/** Keyword rules for the planted themes (what an officer would type). */
const RULES: Record<string, string[]> = {
  parking: ["parking", "car park"],
  buses: ["bus", "buses"],
  housing: ["affordable", "housing"],
  green: ["green spaces", "parks"],
  roads: ["pothole", "potholes"],
  bins: ["bin", "bins", "recycling"],
  library: ["library", "libraries"],
  youth: ["young people", "youth"],
  flooding: ["flooding", "drains"],
  cycling: ["cycling", "cycle"],
  dogs: ["dog fouling", "dog mess"],
};

export async function loadAnalysisDemo(db: Db, input: { consultationId: string; officerId: string; today: Date }) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, input.consultationId));
  const qs = await db.select().from(questions).where(eq(questions.consultationId, c.id));
  const open = qs.find((q) => q.type === "long_text")!;
  const closed = qs.find((q) => q.type === "single_choice")!;
  const options = (closed.options as string[]) ?? [];
  const version = await db.query.consultationVersions.findFirst({ where: (v, { eq: e }) => e(v.consultationId, c.id), orderBy: (v, { desc }) => desc(v.version) });
  const planted = generatePlantedAnswers({ count: ANALYSIS_DEMO_ANSWERS, seed: 17 });
  const rand = seededRandom(1717);
  const code = referenceCodeOf(c);
  const DAY = 86_400_000;
  const publicOrg = await ensurePublicOrganisation(db, c.ownerOrganisationId);
  for (let from = 0; from < planted.length; from += 400) {
    const chunk = planted.slice(from, from + 400);
    // The first GROUPS answers come from local groups (organisations); the rest from members
    // of the public, who respond as themselves on the council's "Members of the public".
    const groupRows = chunk.flatMap((_, i) => {
      const n = from + i;
      if (n >= GROUPS) return [];
      const kind = KINDS[n % KINDS.length];
      return [{ name: `${PLACES[Math.floor(n / KINDS.length) % PLACES.length]} ${kind.names[n % kind.names.length]}`, type: kind.type }];
    });
    const groups = groupRows.length ? await db.insert(organisations).values(groupRows).returning({ id: organisations.id }) : [];
    const peopleRows = chunk.slice(groups.length).map((_, i) => ({ email: `resident-${String(from + groups.length + i + 1).padStart(5, "0")}@residents.example` }));
    const people = peopleRows.length ? await db.insert(users).values(peopleRows).returning({ id: users.id }) : [];
    const orgs = [...groups.map((g) => ({ id: g.id, person: null as string | null })), ...people.map((u) => ({ id: publicOrg.id, person: u.id as string | null }))];
    const respRows = orgs.map((o, i) => {
      const at = new Date(input.today.getTime() - Math.floor(rand() * 38 + 1) * DAY);
      return {
        consultationId: c.id,
        organisationId: o.id,
        respondentUserId: o.person,
        consultationVersionId: version?.id ?? null,
        status: "submitted" as const,
        reference: `${code}-D${String(from + i + 1).padStart(5, "0")}`,
        revision: 1,
        submittedAt: at,
        lastEditedAt: at,
      };
    });
    const resps = await db.insert(responses).values(respRows).returning({ id: responses.id, at: responses.submittedAt });
    await db.insert(answers).values(
      resps.flatMap((r, i) => {
        const choice = options[Math.floor(rand() * options.length)] ?? "";
        return [
          { responseId: r.id, questionId: open.id, value: chunk[i].text, valueText: chunk[i].text, updatedAt: r.at! },
          { responseId: r.id, questionId: closed.id, value: choice, valueText: choice, updatedAt: r.at! },
        ];
      }),
    );
  }
  // The codeframe: the planted themes with keyword rules, applied in Postgres; then about a
  // third of the answers confirmed and marked analysed, as if an officer had started.
  const actor = (await loadActor(db, input.officerId))!;
  for (const [id, phrases] of Object.entries(RULES)) {
    const name = PLANTED_THEME_NAMES[id];
    if (!name) continue;
    const t = await createTheme(db, { consultationId: c.id, questionId: open.id, name }, actor);
    await setThemeRules(db, { themeId: t.id, phrases, exclusions: [] }, actor);
  }
  await applyKeywordRules(db, { consultationId: c.id, questionId: open.id }, actor);
  await db.execute(sql`
    with chosen as (select response_id, question_id from answers where question_id = ${open.id} and right(response_id::text, 1) in ('0','1','2','3','4'))
    update answer_tags g set status = 'confirmed' from chosen where g.response_id = chosen.response_id and g.question_id = chosen.question_id`);
  await db.execute(sql`
    insert into answer_analysis (response_id, question_id, analysed, version, updated_by)
    select response_id, question_id, true, 2, ${actor.id}::uuid from answers where question_id = ${open.id} and right(response_id::text, 1) in ('0','1','2','3','4')
    on conflict (response_id, question_id) do update set analysed = true, version = answer_analysis.version + 1, updated_by = excluded.updated_by`);
}
