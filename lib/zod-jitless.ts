// For browser bundles, imported before any schema is made: zod compiles object parsers with
// `new Function` when it may, and probes for that as each object schema is created. Under the
// pages' Content-Security-Policy (no 'unsafe-eval') the probe is refused, and although zod
// catches the refusal, the browser still reports it as a policy violation. jitless skips the
// probe; parsing is the same, a little slower, which these forms never notice.
// `config` alone, not the `z` namespace, so that bundlers keep only what is used.
import { config } from "zod";

config({ jitless: true });
