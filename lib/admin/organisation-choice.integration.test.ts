// Choosing an organisation on the administrator's forms (a person's organisation and roles, an
// API key's, the one to merge into) and the list of organisations, on a service of thousands of
// them (PGlite, or Postgres with DATABASE_URL): a search offers at most ORGANISATION_CHOICES,
// saying when there are more; its LIKE wildcards are matched as typed; what Postgres cannot take
// is refused at the field; the list pages by name, each organisation once, its count capped.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../db/schema";
import { rowsOf } from "../../db/client";
import type { TestDb } from "../../db/testing";
import { demoSetup, type DemoActors } from "../collation/testing";
import { ForbiddenError, InvalidError } from "../errors";
import { findOrganisations, listOrganisationsPage, ORGANISATION_CHOICES, ORGANISATIONS_PAGE_SIZE } from "./organisations";

/** Where the administrator's counts stop (lib/admin/counts ADMIN_COUNT_CAP): shown as "10,000+". */
const CAP = 10_000;
/** More organisations than any count shows, as a service hosting many councils has. */
const MANY = CAP + 120;

let t: TestDb;
let actors: DemoActors;
beforeAll(async () => {
  ({ t, actors } = await demoSetup());
  await t.db.execute(sql`insert into organisations (name, type) select 'Parish ' || lpad(i::text, 5, '0'), 'parish' from generate_series(1, ${MANY}) i`);
  await t.db.insert(organisations).values([
    { name: "Wildcard 100%_Trust", type: "voluntary_sector" },
    { name: "Wildcard 1000 Trust", type: "voluntary_sector" },
    { name: "Wildcard 100ab Trust", type: "voluntary_sector" },
  ]);
}, 180_000);
afterAll(async () => t?.close());

describe("choosing an organisation", () => {
  it("offers at most the first ORGANISATION_CHOICES by name, saying there are more, however many the service holds", async () => {
    const all = await findOrganisations(t.db, {}, actors.admin);
    expect(all.organisations).toHaveLength(ORGANISATION_CHOICES);
    expect(all.more).toBe(true);
    const names = all.organisations.map((o) => o.name);
    expect([...names].sort()).toEqual(names);
    const found = await findOrganisations(t.db, { q: "  parish 0000" }, actors.admin);
    expect(found).toMatchObject({ q: "parish 0000", more: false });
    expect(found.organisations.map((o) => o.name)).toEqual(Array.from({ length: 9 }, (_, i) => `Parish 0000${i + 1}`));
    const many = await findOrganisations(t.db, { q: "Parish 0" }, actors.admin);
    expect(many.organisations).toHaveLength(ORGANISATION_CHOICES);
    expect(many.more).toBe(true);
  });

  it("matches % and _ as the characters typed", async () => {
    expect((await findOrganisations(t.db, { q: "100%_" }, actors.admin)).organisations.map((o) => o.name)).toEqual(["Wildcard 100%_Trust"]);
    expect((await findOrganisations(t.db, { q: "wildcard 100_" }, actors.admin)).organisations).toEqual([]);
    expect((await findOrganisations(t.db, { q: "%" }, actors.admin)).organisations.map((o) => o.name)).toEqual(["Wildcard 100%_Trust"]);
  });

  it("never offers a merged organisation, a council's members of the public, or the one left out", async () => {
    const [kept] = await t.db.select().from(organisations).where(eq(organisations.name, "Parish 00001"));
    const [gone] = await t.db.insert(organisations).values({ name: "Parish 00001 (duplicate)", type: "parish", mergedIntoId: kept!.id }).returning();
    expect(gone!.name).toContain("Parish 00001");
    expect((await findOrganisations(t.db, { q: "Parish 00001" }, actors.admin)).organisations.map((o) => o.id)).toEqual([kept!.id]);
    expect((await findOrganisations(t.db, { q: "Parish 00001", except: kept!.id }, actors.admin)).organisations).toEqual([]);
    const [publicOrg] = await t.db.select().from(organisations).where(eq(organisations.type, "public"));
    if (publicOrg) expect((await findOrganisations(t.db, { q: publicOrg.name }, actors.admin)).organisations).toEqual([]);
  });

  it("refuses at its field, not with a database error, a search Postgres cannot take or longer than any name; keeps nothing back from the list for it", async () => {
    for (const q of ["a\u0000b", "x".repeat(201)]) {
      const refused = findOrganisations(t.db, { q }, actors.admin);
      await expect(refused).rejects.toBeInstanceOf(InvalidError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: { org: expect.any(String) } });
    }
  });

  it("is refused to everyone but an administrator", async () => {
    for (const who of [actors.officer, actors.partner]) await expect(findOrganisations(t.db, {}, who)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the list of organisations", () => {
  it("pages by name, each organisation once going forward and the same pages coming back, its count stopping at the cap", async () => {
    const first = await listOrganisationsPage(t.db, {}, actors.admin);
    expect(first.rows).toHaveLength(ORGANISATIONS_PAGE_SIZE);
    expect(first.total).toBe(CAP + 1);
    expect(first.previous).toBeNull();

    // A search's pages, walked forward then back: 1,000 organisations, 20 pages.
    const q = "Parish 01";
    const expected = (await rowsOf<{ id: string }>(t.db, sql`select id from organisations where name like 'Parish 01%' and merged_into_id is null order by name`)).map((r) => r.id);
    expect(expected).toHaveLength(1000);
    const pages: string[][] = [];
    let page = await listOrganisationsPage(t.db, { q }, actors.admin);
    expect(page.total).toBe(1000);
    for (;;) {
      pages.push(page.rows.map((r) => r.id));
      if (!page.next || pages.length > 40) break;
      page = await listOrganisationsPage(t.db, { q, after: page.next }, actors.admin);
    }
    expect(pages.flat()).toEqual(expected);
    const back: string[][] = [];
    for (let i = pages.length - 2; i >= 0 && page.previous; i--) {
      page = await listOrganisationsPage(t.db, { q, before: page.previous }, actors.admin);
      back.push(page.rows.map((r) => r.id));
    }
    expect(back).toEqual(pages.slice(0, -1).reverse());
    expect(page.previous).toBeNull();
    // People are counted for the page's rows: the demo's council has its staff.
    const council = await listOrganisationsPage(t.db, { q: "Chorley Council" }, actors.admin);
    expect(council.rows.find((r) => r.name === "Chorley Council")!.people).toBeGreaterThan(0);
  });

  it("takes a tampered cursor as the first page, and refuses a search Postgres cannot take at its field", async () => {
    for (const after of ["not-a-cursor", Buffer.from('["a\\u0000"]').toString("base64url"), Buffer.from("[1]").toString("base64url")]) {
      const page = await listOrganisationsPage(t.db, { after }, actors.admin);
      expect(page.previous).toBeNull();
    }
    await expect(listOrganisationsPage(t.db, { q: "\u0000" }, actors.admin)).rejects.toMatchObject({ fieldErrors: { q: expect.any(String) } });
    await expect(listOrganisationsPage(t.db, {}, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
