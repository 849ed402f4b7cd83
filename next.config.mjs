import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers and the mailer run as plain Node modules, not bundled: PGlite ships
  // its own WASM and data files, and pg has optional native bindings.
  // unpdf (pdf.js) loads its worker code at run time: it must stay a plain Node module too.
  // esbuild bundles the theme-suggestion worker thread at run time (lib/analysis/worker.ts).
  // prom-client: one registry per process, whichever routes use it (lib/metrics.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "nodemailer", "unpdf", "esbuild", "prom-client"],
  poweredByHeader: false,
  // Every page is personal and dynamic (a person's answers, a CSRF token): hashing each one's
  // HTML for an ETag that never matches costs CPU on every request.
  generateEtags: false,
  // Lets parallel builds (several people or agents on one machine) use separate folders.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  experimental: {
    authInterrupts: true,
    // A partner may paste far more than a question allows, and an officer a whole paper (or a
    // 5 MB mistake): the body must get through for the action to answer with the stated limit
    // (2 MB for a paste, checked in lib) and keep the form, not crash at Next's default 1 MB.
    serverActions: { bodySizeLimit: "8mb" },
    // NEXT_SERVER_MINIFY=0 keeps server code's names readable in CPU profiles (README: Configuration).
    ...(process.env.NEXT_SERVER_MINIFY === "0" ? { turbopackMinify: { server: false, client: true } } : {}),
  },
  sassOptions: {
    loadPaths: ["node_modules"],
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin"],
  },
  // The headers every response carries. Pages also get a Content-Security-Policy with a nonce
  // and, on https, HSTS, both per request from proxy.ts (lib/security/headers.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          // Nothing here needs a device or sensor: no page may ask for one, nor a frame in it.
          {
            key: "Permissions-Policy",
            value: "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), payment=(), serial=(), usb=()",
          },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // The API answers JSON and files, never a page: nothing in a response may run or load.
        source: "/api/v1/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }],
      },
    ];
  },
};

/**
 * Which build this is, written into it (the health check's figures and the metrics say it): the
 * package's version, and the source's commit from SOURCE_COMMIT (a CI's) or git, when either is there.
 */
function buildIdentity() {
  const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
  let commit = process.env.SOURCE_COMMIT ?? "";
  if (!commit) {
    try {
      commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    } catch {
      // Not a git checkout (a tarball): the version alone.
    }
  }
  return { CONSULT_VERSION: String(version), CONSULT_COMMIT: /^[0-9a-f]{7,40}$/i.test(commit) ? commit : "" };
}

export default async function config(phase) {
  // The respondent pages' own scripts (public/assets/respond-*.js) are built with the app.
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) {
    const { buildRespondScripts } = await import("./scripts/build-respond-js.mjs");
    buildRespondScripts();
    return { ...nextConfig, env: buildIdentity() };
  }
  return nextConfig;
}
