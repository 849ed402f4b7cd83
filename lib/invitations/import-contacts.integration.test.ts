// The contacts import on a real database (Postgres with DATABASE_URL, else PGlite): it finds the
// organisations a file names by those names alone, whatever their case and however many there are
// on the service, by the same rule as ever.
import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool, type Db } from "../../db/client";
import { invitations, memberships, organisations } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { createConsultation } from "../consultations/commands";
import { addChapter, addQuestion } from "../consultations/editor";
import { questionFields } from "../consultations/schemas";
import { seedWorld } from "../consultations/test-helpers";
import { InvalidError } from "../errors";
import { importContacts, NAME_LOOKUP_BATCH } from "./commands";

let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = "test-secret-test-secret-test-secret";
  process.env.NEXTAUTH_URL = "http://consult.test";
  delete process.env.SMTP_URL;
  t = await createTestDb();
  w = await seedWorld(t.db);
});
afterAll(async () => t?.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function readyConsultation(title: string) {
  const c = await createConsultation(
    t.db,
    { title, summary: "Tell us your priorities.", kind: "questionnaire", askedBy: "", responseDeadline: undefined, opensOn: day(-1), closesOn: day(30), audienceDescription: "", privacyNotice: "" },
    w.officer,
  );
  const ch = await addChapter(t.db, c.id, { title: "Priorities", description: "" }, w.officer);
  await addQuestion(t.db, c.id, ch.id, questionFields.parse({ number: "1", type: "long_text", text: "What matters most?" }), w.officer);
  return c;
}

/** How many rows each statement sent while `run` runs gave back, with its text. */
async function rowsRead<T>(db: Db, run: () => Promise<T>): Promise<{ value: T; reads: { text: string; rows: number }[] }> {
  const reads: { text: string; rows: number }[] = [];
  type Querying = { query: (...a: unknown[]) => unknown };
  const counted = (query: (...a: unknown[]) => unknown, self: unknown, a: unknown[]) => {
    const q = a[0];
    const text = String(typeof q === "string" ? q : (q as { text?: string } | undefined)?.text);
    const out = query.apply(self, a);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<{ rows?: unknown[] }>).then((r) => {
        reads.push({ text, rows: r?.rows?.length ?? 0 });
        return r;
      });
    }
    return out;
  };
  let restore: () => void;
  if (pgPool(db)) {
    const proto = pg.Client.prototype as unknown as Querying;
    const query = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      return counted(query, this, a);
    };
    restore = () => void (proto.query = query);
  } else {
    const client = (db as unknown as { $client: Querying }).$client;
    const own = Object.prototype.hasOwnProperty.call(client, "query");
    const query = client.query;
    client.query = (...a: unknown[]) => counted(query, client, a);
    restore = () => void (own ? (client.query = query) : delete (client as Partial<Querying>).query);
  }
  try {
    return { value: await run(), reads };
  } finally {
    restore();
  }
}

describe("the contacts import finds the organisations it names", () => {
  it("reads only the organisations the file names, not every one on the service", async () => {
    await t.db.execute(sql`insert into organisations (name, type) select 'Bystander group ' || g, 'other' from generate_series(1, 3000) g`);
    const c = await readyConsultation("Import among many");
    const csv = "Ann,ann@bystander.example,BYSTANDER GROUP 17\nBob,bob@brand-new.example,A brand new group\n";
    const { value, reads } = await rowsRead(t.db, () => importContacts(t.db, { consultationId: c.id, csv }, w.officer));
    expect(value).toMatchObject({ added: 2, organisationsCreated: 1, peopleCreated: 2, rows: 2 });
    const [g17] = await t.db.select().from(organisations).where(eq(organisations.name, "Bystander group 17"));
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, g17!.id))).toHaveLength(1);
    // The consultation's owner, and the one organisation of the file that exists.
    const fromOrganisations = reads.filter((r) => /^select\b[\s\S]*\bfrom "organisations"/i.test(r.text));
    expect(fromOrganisations.reduce((n, r) => n + r.rows, 0), JSON.stringify(fromOrganisations)).toBeLessThanOrEqual(2);
  });

  it("matches a name whatever its case (accented letters too) and whatever it holds, and leaves organisations merged away alone", async () => {
    const [ecole] = await t.db.insert(organisations).values({ name: "École de Musique", type: "other" }).returning();
    const [odd] = await t.db.insert(organisations).values({ name: 'Friends of "Parks", {North} \\ South', type: "other" }).returning();
    const [kept] = await t.db.insert(organisations).values({ name: "Rivington Trust", type: "other" }).returning();
    await t.db.insert(organisations).values({ name: "Rivington trust (old)", type: "other", mergedIntoId: kept!.id });
    const c = await readyConsultation("Import by case");
    const csv = ["Eve,eve@ecole.example,ÉCOLE DE MUSIQUE", 'Fred,fred@parks.example,"friends of ""parks"", {north} \\ south"', "Gus,gus@riv.example,RIVINGTON TRUST"].join("\n");
    expect(await importContacts(t.db, { consultationId: c.id, csv }, w.officer)).toMatchObject({ added: 3, organisationsCreated: 0, peopleCreated: 3 });
    const orgsInvited = await t.db.select({ organisationId: invitations.organisationId }).from(invitations).where(eq(invitations.consultationId, c.id));
    expect(orgsInvited.map((i) => i.organisationId).sort()).toEqual([ecole!.id, odd!.id, kept!.id].sort());
  });

  it("finds names past the first batch of a large file, with the same refusals", async () => {
    const n = Math.ceil(NAME_LOOKUP_BATCH * 0.6);
    const names = Array.from({ length: n }, (_, i) => `Large import group ${String(i).padStart(4, "0")}`);
    await t.db.insert(organisations).values(names.map((name) => ({ name, type: "other" as const })));
    const c = await readyConsultation("A large import");
    // Every row names an existing organisation in capitals: two names a row to look up, past one batch.
    const csv = names.map((name, i) => `Person ${i},person${i}@large.example,${name.toUpperCase()}`).join("\n");
    expect(await importContacts(t.db, { consultationId: c.id, csv }, w.officer)).toMatchObject({ added: n, organisationsCreated: 0, peopleCreated: n, rows: n });
    const last = await t.db.select().from(organisations).where(inArray(organisations.name, names.slice(-3)));
    expect(await t.db.select().from(memberships).where(inArray(memberships.organisationId, last.map((o) => o.id)))).toHaveLength(3);
    // The last organisation of the file is now in use: a newcomer to it is refused, naming it as it is spelt.
    const again = await readyConsultation("A large import again");
    const err = await importContacts(t.db, { consultationId: again.id, csv: `Zed,zed@large.example,${names.at(-1)!.toLowerCase()}` }, w.officer).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).message).toBe(`Row 1: ${names.at(-1)} already has people or responses on this service, so only an administrator can add zed@large.example to it; invite its people who are already here`);
  });
});
