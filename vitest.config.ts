import path from "node:path";
import { defineConfig } from "vitest/config";

const integrationWorkers = Math.max(1, Number(process.env.INTEGRATION_WORKERS ?? 2) || 1);

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    // CI also writes JUnit XML (reports/), for tools that read test results rather than logs.
    reporters: process.env.CI ? ["default", "junit"] : ["default"],
    outputFile: { junit: `reports/vitest-${process.pid}.xml` },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts", "components/**/*.test.tsx"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          setupFiles: ["db/testing/one-query-per-client.ts"],
          include: ["lib/**/*.integration.test.ts", "db/**/*.integration.test.ts", "app/**/*.integration.test.ts", "bench/**/*.integration.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database (its own PGlite, or its own database on the Postgres
          // server), so files may run side by side: INTEGRATION_WORKERS of them (default 2; 1 runs
          // them one after another).
          fileParallelism: integrationWorkers > 1,
          maxWorkers: integrationWorkers,
        },
      },
    ],
  },
});
