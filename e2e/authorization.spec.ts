// The authorization matrix, run for real against the production build: every page, route
// handler, server action and API operation found in the route tree × anonymous, a partner of
// organisation A, a partner of B, scrutiny, an officer, a signatory, the administrator and an
// officer of a second council (and the API × keys of every kind). The expected cells are in
// e2e/authz/matrix.ts; a route without a row, or a row without a route, fails here.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ACTIONS, API, HANDLERS, PAGES, type ActionOutcome, type PageCase, type PageOutcome } from "./authz/matrix";
import { ForbiddenError } from "../lib/errors";
import { builtActionIds, forbiddenMessages, normaliseParams, readRouteTree } from "./authz/routes";
import { ACTORS, API_CALLERS, callAction, makeWorld, type ActorName, type ApiCaller, type World } from "./authz/world";

const tree = readRouteTree();
const apiHandlers = tree.handlers.filter((h) => h.split(" ")[1]!.startsWith("/api/v1/"));
const otherHandlers = tree.handlers.filter((h) => !h.split(" ")[1]!.startsWith("/api/v1/"));

function missingAndStale(found: string[], rows: string[]) {
  return { missing: found.filter((r) => !rows.includes(r)), stale: rows.filter((r) => !found.includes(r)) };
}

test("every route in the tree has a row in the authorization matrix, and every row a route", () => {
  const problems: string[] = [];
  const check = (kind: string, found: string[], rows: string[]) => {
    const { missing, stale } = missingAndStale(found, rows);
    for (const m of missing) problems.push(`${kind} ${m} has no row in e2e/authz/matrix.ts: add one saying what each actor gets`);
    for (const s of stale) problems.push(`${kind} ${s} has a row in e2e/authz/matrix.ts but is not in the route tree: remove or rename the row`);
  };
  check("page", tree.pages, Object.keys(PAGES));
  check("route handler", otherHandlers, Object.keys(HANDLERS));
  check("API route handler", apiHandlers, Object.keys(API));
  check("server action", tree.actions, Object.keys(ACTIONS));
  // Every operation the OpenAPI document describes is served by a handler with a row.
  const served = new Set(apiHandlers.map(normaliseParams));
  for (const op of tree.apiOperations) if (!served.has(op)) problems.push(`API operation ${op} is in lib/api/openapi.ts but no route handler serves it`);
  // A row must exercise its route at least once.
  for (const [route, cases] of Object.entries({ ...PAGES, ...HANDLERS, ...API })) if (!cases.length) problems.push(`${route} has an empty row`);
  // Each server action is in the build, so it can be posted.
  const built = builtActionIds();
  for (const a of tree.actions) if (!built.has(a)) problems.push(`server action ${a} is not in the build's server-reference-manifest.json`);
  expect(problems).toEqual([]);
});

let world: World;

test.describe("the matrix, run as each actor", () => {
  // One world, and the server actions last: those let through change it.
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async ({ playwright }, info) => {
    info.setTimeout(180_000);
    world = await makeWorld(playwright, String(info.project.use.baseURL));
  });

  test.afterAll(async () => {
    if (world) for (const s of Object.values(world.sessions)) await s.dispose();
  });

  /** What a response means as a cell of the matrix. */
  function pageOutcome(status: number, location: string | undefined): PageOutcome {
    if (status >= 300 && status < 400 && location) {
      const url = new URL(location, world.baseURL);
      if (url.pathname === "/sign-in" && url.searchParams.has("callbackUrl")) return "signin";
      if (status === 307 || status === 308) return { redirect: url.pathname };
    }
    return status;
  }

  const same = (a: PageOutcome, b: PageOutcome) => JSON.stringify(a) === JSON.stringify(b);

  async function requestPage(ctx: APIRequestContext, c: PageCase) {
    const path = c.path(world);
    const options = { maxRedirects: 0, failOnStatusCode: false } as const;
    if ((c.method ?? "GET") === "GET") return ctx.get(path, options);
    return ctx.fetch(path, { ...options, method: c.method, form: c.form ?? {}, headers: { Origin: world.baseURL } });
  }

  async function runPageRows(rows: Record<string, PageCase[]>) {
    const wrong: string[] = [];
    for (const [route, cases] of Object.entries(rows)) {
      for (const c of cases) {
        // The actors of one case at once: they are independent, and the server's waits overlap.
        await Promise.all(
          ACTORS.map(async (actor) => {
            const res = await requestPage(world.sessions[actor], c);
            const got = pageOutcome(res.status(), res.headers()["location"]);
            const want = (typeof c.expect === "function" ? c.expect(world) : c.expect)[actor];
            const body = await res.text();
            if (!same(got, want)) wrong.push(`${route} (${c.label}) as ${actor}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
            if (c.secret && want !== 200 && body.includes(c.secret(world))) wrong.push(`${route} (${c.label}) as ${actor}: the refusal shows organisation A's answer`);
            if (c.hidden?.from.includes(actor) && body.includes(c.hidden.text(world))) wrong.push(`${route} (${c.label}) as ${actor}: the page shows what this actor may not see`);
          }),
        );
      }
    }
    return wrong;
  }

  test("pages: each actor gets what the matrix says, and refusals show nothing of another organisation's", async () => {
    test.setTimeout(240_000);
    expect(await runPageRows(PAGES)).toEqual([]);
  });

  test("route handlers outside the API: each actor gets what the matrix says", async () => {
    test.setTimeout(120_000);
    expect(await runPageRows(HANDLERS)).toEqual([]);
  });

  test("API operations: each kind of key gets what the matrix says; a session cookie is not a key", async () => {
    test.setTimeout(120_000);
    const wrong: string[] = [];
    const callers: Record<ApiCaller, { ctx: APIRequestContext; headers: Record<string, string> }> = {
      noKey: { ctx: world.sessions.anonymous, headers: {} },
      officerSession: { ctx: world.sessions.officer, headers: {} },
      councilRead: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.councilRead}` } },
      councilWrite: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.councilWrite}` } },
      partnerARead: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.partnerARead}` } },
      partnerAWrite: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.partnerAWrite}` } },
      partnerBWrite: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.partnerBWrite}` } },
      otherCouncilWrite: { ctx: world.sessions.anonymous, headers: { authorization: `Bearer ${world.keys.otherCouncilWrite}` } },
    };
    for (const [route, cases] of Object.entries(API)) {
      for (const c of cases) {
        for (const caller of API_CALLERS) {
          const { ctx, headers } = callers[caller];
          const h: Record<string, string> = { ...headers };
          if (c.ifMatch) {
            const current = await ctx.get(c.path(world), { headers: { authorization: `Bearer ${world.keys.councilRead}` } });
            h["if-match"] = current.headers()["etag"] ?? '"0"';
          }
          if (c.text !== undefined) h["content-type"] = "text/plain";
          const res = await ctx.fetch(c.path(world), {
            method: c.method ?? "GET",
            headers: h,
            data: c.text ?? (c.body ? c.body(world, caller) : undefined),
            maxRedirects: 0,
            failOnStatusCode: false,
          });
          const want = c.expect[caller];
          if (res.status() !== want) wrong.push(`${route} (${c.label}) with ${caller}: expected ${want}, got ${res.status()} ${(await res.text()).slice(0, 160)}`);
          if (c.hidden?.from.includes(caller) && res.status() < 300 && (await res.text()).includes(c.hidden.text(world))) {
            wrong.push(`${route} (${c.label}) with ${caller}: the body shows what this caller may not see`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  /**
   * Every change of state writes the audit log (append-only, ids in order), so the ids of its
   * newest page (the newest entry's id first, and how many there are) are the same iff nothing
   * changed. The entries' text is kept only to say which ones were added.
   */
  async function auditHead(): Promise<{ ids: string; rows: Map<string, string> }> {
    // Sent again if the server closed the kept-alive connection as it was reused (ECONNRESET, the
    // keep-alive race a browser also answers by sending an idempotent request again).
    let html = "";
    for (let attempt = 1; ; attempt++) {
      try {
        html = await (await world.sessions.admin.get("/admin/audit")).text();
        break;
      } catch (e) {
        if (attempt >= 3 || !/ECONNRESET|socket hang up/.test(String(e))) throw e;
      }
    }
    const start = html.indexOf('data-testid="audit-table"');
    expect(start, "the system audit log shows its table").toBeGreaterThan(-1);
    const table = html.slice(start, html.indexOf("</table>", start));
    const rows = new Map<string, string>();
    for (const tr of table.split("<tr").slice(1)) {
      const id = /data-entry-id="(\d+)"/.exec(tr)?.[1];
      if (id) rows.set(id, tr.replace(/^[^>]*>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
    }
    expect(rows.size, "the system audit log lists its newest entries, each with its id").toBeGreaterThan(0);
    return { ids: [...rows.keys()].join(","), rows };
  }

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  /** Told they may not (any ForbiddenError's message), or that the record is not there for them. */
  const REFUSED = new RegExp(`"message":"(${[new ForbiddenError().message, ...forbiddenMessages()].map(escape).join("|")}|[^"]* was not found)"`);
  /** Told to sign in (the wrapper's "Your session has ended. Sign in again to continue."). */
  const SIGN_IN = /"message":"Your session has ended[^"]*"/;
  const INVALID_FORM = /"message":"There is a problem","errors":\{"(?!_form)/;

  function actionOutcome(r: { status: number; text: string }): ActionOutcome | string {
    if (r.status >= 500) return `HTTP ${r.status}`;
    if (SIGN_IN.test(r.text)) return "signin";
    if (REFUSED.test(r.text)) return "refused";
    if (INVALID_FORM.test(r.text)) return `the matrix's form is not valid: ${/"errors":(\{[^}]*\})/.exec(r.text)?.[1]}`;
    return "ok";
  }

  test("server actions: each actor is let through or refused as the matrix says, and a refusal changes nothing", async () => {
    test.setTimeout(240_000);
    const wrong: string[] = [];
    const check = (key: string, actor: ActorName, want: ActionOutcome, r: { status: number; text: string }) => {
      const got = actionOutcome(r);
      if (got !== want) wrong.push(`${key} as ${actor}: expected ${want}, got ${got}: ${r.text.slice(-300)}`);
    };
    // First every refusal, while the records are as made: none may write to the audit log,
    // which every change of state does.
    // Taken once the log has settled: the writes an earlier test set off may still be landing.
    let before = await auditHead();
    for (let settled = false, n = 0; !settled && n < 20; n++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const again = await auditHead();
      settled = again.ids === before.ids;
      before = again;
    }
    for (const [key, c] of Object.entries(ACTIONS)) {
      await Promise.all(
        ACTORS.filter((actor) => c.expect[actor] !== "ok").map(async (actor) =>
          check(key, actor, c.expect[actor], await callAction(world, world.sessions[actor], key, c.page(world), c.fields(world, actor))),
        ),
      );
    }
    const after = await auditHead();
    if (after.ids !== before.ids) {
      const added = [...after.rows].filter(([id]) => !before.rows.has(id)).map(([id, text]) => `${id}: ${text}`);
      wrong.push(`refused server actions wrote to the audit log; entries not there before: ${JSON.stringify(added).slice(0, 1500)}`);
    }
    // Then those let through, one at a time and in the matrix's order (closing comes last).
    for (const [key, c] of Object.entries(ACTIONS)) {
      for (const actor of ACTORS.filter((a) => c.expect[a] === "ok")) {
        check(key, actor, "ok", await callAction(world, world.sessions[actor], key, c.page(world), c.fields(world, actor)));
      }
    }
    expect(wrong).toEqual([]);
  });

  test("server actions aimed at the second council's consultation are refused to council A's staff, changing nothing", async () => {
    test.setTimeout(120_000);
    const wrong: string[] = [];
    const { a, other } = world;
    const swap = (s: string) =>
      [[a.id, other.id], [a.questionId, other.questionId], [a.sectionId, other.sectionId], [a.spareSectionId, other.spareSectionId], [a.stageId, other.stageId]].reduce((t, [x, y]) => t.replaceAll(x!, y!), s);
    const before = await auditHead();
    let aimed = 0;
    for (const [key, c] of Object.entries(ACTIONS)) {
      const fields = c.fields(world, "officer");
      if (fields.consultationId !== a.id) continue;
      aimed++;
      for (const actor of ["partnerA", "scrutiny", "officer", "signatory", "admin"] as const) {
        const r = await callAction(world, world.sessions[actor], key, swap(c.page(world)), JSON.parse(swap(JSON.stringify(c.fields(world, actor)))) as Record<string, string>);
        const got = actionOutcome(r);
        if (got !== "refused") wrong.push(`${key} on the second council's consultation as ${actor}: expected refused, got ${got}: ${r.text.slice(-300)}`);
      }
    }
    expect(aimed, "the actions aimed at one consultation").toBeGreaterThan(20);
    if ((await auditHead()).ids !== before.ids) wrong.push("refused, yet the audit log has a new entry");
    expect(wrong).toEqual([]);
  });
});
