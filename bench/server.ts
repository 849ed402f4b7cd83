// The production server under test: `next build` into its own folder (NEXT_DIST_DIR), then
// `next start` on 127.0.0.1 against the benchmark database, and its memory read from /proc.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export function hasBuild(distDir: string): boolean {
  return existsSync(path.join(ROOT, distDir, "BUILD_ID"));
}

export function build(distDir: string, log: (s: string) => void): number {
  log(`  building into ${distDir} (next build)…`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
  return (Date.now() - t0) / 1000;
}

export type Server = { url: string; pid: number; child: ChildProcess; stop: () => Promise<void>; output: () => string };

export async function startServer(opts: { distDir: string; port: number; databaseUrl: string; env?: Record<string, string> }): Promise<Server> {
  const url = `http://127.0.0.1:${opts.port}`;
  let output = "";
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, NEXT_BIN, "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: opts.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: opts.databaseUrl,
      PORT: String(opts.port),
      NEXTAUTH_URL: url,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: serverPid(child.pid!), child, stop, output: () => output };
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The process that serves requests: `next start` itself or the next-server it forks. */
function serverPid(root: number): number {
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]!));
  const named = all.find((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("next-server");
    } catch {
      return false;
    }
  });
  return named ?? all.reduce((best, p) => (rssBytes(p) > rssBytes(best) ? p : best), root);
}

/** Resident set size of a process, from /proc/<pid>/status (0 when it is gone). */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the baseline and the peak. */
export function sampleRss(pid: number, everyMs = 50) {
  const baseline = rssBytes(pid);
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, rssBytes(pid));
      return { baseline, peak, growth: peak - baseline };
    },
  };
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const f = statFields(pid);
  // Fields 14 and 15 (utime, stime) in clock ticks; Linux's USER_HZ is 100.
  return f ? (Number(f[11]) + Number(f[12])) * 10 : 0;
}

/**
 * CPU time used so far by a Postgres server on this machine, in milliseconds: every running
 * `postgres` process, plus what the postmaster has collected from children that have exited.
 * Null when no Postgres runs here (a remote server), so callers can leave the figure out.
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name), "postgres");
    if (!f) continue;
    found = true;
    total += (Number(f[11]) + Number(f[12])) * 10;
    // The postmaster's parent is not Postgres: its cutime/cstime hold its reaped backends.
    if (!statFields(Number(f[1]), "postgres")) total += (Number(f[13]) + Number(f[14])) * 10;
  }
  return found ? total : null;
}

/** /proc/<pid>/stat's fields after the command name (field 3 onwards), if the process exists. */
function statFields(pid: number, command?: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (command && stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== command) return null;
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}
