// nodeRoute serves the same handlers as an App Router route, from Node's own request and
// response: run here on a real node:http server, as the Pages Router calls it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { readJsonValue } from "./http";
import { nodeRoute } from "./node-route";

let server: http.Server;
let base: string;
const seen: { url: string; method: string; id: string; auth: string | null; forwardedFor: string | null }[] = [];

beforeAll(async () => {
  const route = nodeRoute<{ id: string }>(
    {
      GET: async (req, { params }) => {
        const { id } = await params;
        seen.push({ url: req.url, method: req.method, id, auth: req.headers.get("authorization"), forwardedFor: req.headers.get("x-forwarded-for") });
        const headers = new Headers({ "Cache-Control": "no-store" });
        headers.append("Set-Cookie", "a=1");
        headers.append("Set-Cookie", "b=2");
        return Response.json({ id, q: new URL(req.url).searchParams.get("q") }, { headers });
      },
      POST: async (req, { params }) => {
        const { id } = await params;
        // As apiRoute does: the key is checked before the body is read.
        if (req.headers.get("authorization") === "Bearer refused") throw new ApiError("unauthenticated", "No such key");
        const body = await readJsonValue(req);
        if ((body as { fail?: boolean }).fail) throw new ApiError("conflict", "Refused on purpose");
        return Response.json({ id, body }, { status: 201 });
      },
    },
    (query) => ({ id: String(query.id ?? "") }),
  );
  server = http.createServer((req, res) => {
    // What Next does before calling the route: the dynamic segment in req.query, and the
    // forwarded headers set on req.headers (x-forwarded-for from the socket).
    (req as http.IncomingMessage & { query?: Record<string, string> }).query = { id: "abc" };
    req.headers["x-forwarded-for"] = "203.0.113.9";
    void route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("nodeRoute", () => {
  it("gives the handler the path, query, headers and route params, and sends its status, headers and body", async () => {
    const res = await fetch(`${base}/api/v1/things/abc?q=x%20y`, { headers: { Authorization: "Bearer k1" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "abc", q: "x y" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(seen.at(-1)).toEqual({ url: "http://localhost/api/v1/things/abc?q=x%20y", method: "GET", id: "abc", auth: "Bearer k1", forwardedFor: "203.0.113.9" });
  });

  it("passes a JSON body through whole, and maps a handler's error to the API's JSON error", async () => {
    const answers = Array.from({ length: 200 }, (_, i) => ({ n: i, text: "é ".repeat(100) }));
    const ok = await fetch(`${base}/x`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answers }) });
    expect(ok.status).toBe(201);
    expect((await ok.json()).body.answers).toEqual(answers);
    const refused = await fetch(`${base}/x`, { method: "POST", body: JSON.stringify({ fail: true }) });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: { code: "conflict", message: "Refused on purpose" } });
    const malformed = await fetch(`${base}/x`, { method: "POST", body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("bad_request");
  });

  it("leaves the body unread when the handler refuses first (a bad key before a large body), and serves the next request", async () => {
    const refused = await fetch(`${base}/x`, { method: "POST", headers: { authorization: "Bearer refused" }, body: "z".repeat(3 * 1024 * 1024) });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("unauthenticated");
    expect((await fetch(`${base}/x`)).status).toBe(200);
  });

  it("refuses a body over the limit with 413, whether or not its length is declared", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const declared = await fetch(`${base}/x`, { method: "POST", body: big });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe("payload_too_large");
    const chunked = await fetch(`${base}/x`, {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("y".repeat(64 * 1024)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("answers HEAD as GET without a body, OPTIONS with what is allowed, and other methods 405 with Allow", async () => {
    const head = await fetch(`${base}/x`, { method: "HEAD" });
    expect(head.status).toBe(200);
    // The GET's headers, its length included, without its body.
    const get = await fetch(`${base}/x`);
    expect(Number(head.headers.get("content-length"))).toBe((await get.arrayBuffer()).byteLength);
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    const options = await fetch(`${base}/x`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    const put = await fetch(`${base}/x`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect((await put.json()).error.code).toBe("method_not_allowed");
  });
});
