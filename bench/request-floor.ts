// What the server costs a request before the app's own work (issue 21: the API submission's
// server CPU). Each route answers a PUT with a 405 before reading the database or the key:
//   pages     PUT /api/v1/consultations/{id}/responses: a Pages Router API route (lib/api/node-route)
//   app       PUT /api/v1/consultations/{id}/export.csv: an App Router route handler
//   bare      the same JSON 405 from a plain node:http server in this process (its figure is
//             the server's and the client's CPU together, so an upper bound for the server's)
// Each is loaded at concurrency 32 with keep-alive (a warm-up round first, then the measured
// one); prints requests per second and CPU milliseconds a request read from /proc.
//
//   npx tsx bench/request-floor.ts [--requests 6000] [--reuse-build] [--dist-dir .next-bench] [--port 3411]
// The server needs a database only to start: DATABASE_URL (default the local Postgres's `postgres`).
import http from "node:http";
import { commandLine, HttpClient, table } from "./harness";
import { build, cpuMs, hasBuild, startServer } from "./server";

const { value, flag } = commandLine();
const requests = Number(value("requests", "6000"));
const distDir = value("dist-dir", ".next-bench");
const port = Number(value("port", "3411"));
const concurrency = 32;
const NIL = "00000000-0000-0000-0000-000000000000";

async function load(base: string, pid: number, path: string) {
  const client = new HttpClient(base, concurrency);
  const round = async () => {
    let sent = 0;
    const worker = async () => {
      while (sent < requests) {
        sent++;
        const res = await client.request("PUT", path, { headers: { authorization: "Bearer x", "content-type": "application/json" }, body: "{}" });
        if (res.status !== 405) throw new Error(`${path}: expected 405, got ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await round();
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await round();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  client.close();
  return { perSecond: requests / seconds, cpuMsPerRequest: cpu / requests };
}

if (!flag("reuse-build") || !hasBuild(distDir)) build(distDir, console.log);
const server = await startServer({ distDir, port, databaseUrl: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
const rows: [string, string, string][] = [];
const add = (name: string, r: { perSecond: number; cpuMsPerRequest: number }) => rows.push([name, r.perSecond.toFixed(0), r.cpuMsPerRequest.toFixed(3)]);
try {
  add("Pages Router API route (405)", await load(server.url, server.pid, `/api/v1/consultations/${NIL}/responses`));
  add("App Router route handler (405)", await load(server.url, server.pid, `/api/v1/consultations/${NIL}/export.csv`));
} finally {
  await server.stop();
}
const bare = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = JSON.stringify({ error: { code: "method_not_allowed", message: "The PUT method is not supported here" } });
    res.writeHead(405, { "content-type": "application/json", "content-length": Buffer.byteLength(body), allow: "GET, POST, HEAD, OPTIONS" });
    res.end(body);
  });
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const address = bare.address() as { port: number };
add("bare node:http, server and client (405)", await load(`http://127.0.0.1:${address.port}`, process.pid, "/"));
bare.close();
console.log(table(`A request answered before any work: ${requests} requests at concurrency ${concurrency}`, [["route", "requests/s", "CPU ms a request"], ...rows]));
