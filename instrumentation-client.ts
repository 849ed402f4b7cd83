// Runs in the browser before the App Router's own code: see lib/zod-jitless.ts.
import "./lib/zod-jitless";
