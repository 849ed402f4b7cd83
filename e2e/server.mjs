// Starts the app for the end-to-end tests: build (unless E2E_SKIP_BUILD=1), migrate and seed
// a fresh database, then `next start`.
import { execSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";

const run = (cmd) => execSync(cmd, { stdio: "inherit", env: process.env });
if (!process.env.DATABASE_URL) rmSync(process.env.DATA_DIR ?? ".data-e2e", { recursive: true, force: true });
if (process.env.E2E_SKIP_BUILD !== "1") run("npx next build");
run("npx tsx db/setup.ts");
const server = spawn("npx", ["next", "start", "-p", process.env.PORT ?? "3100"], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
