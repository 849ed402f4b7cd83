// HTTP methods the app answers. Node's server accepts TRACE, but the fetch Request that Next
// builds for every request (proxy, pages and route handlers alike) refuses it, so Next answered
// 500. This answers 405 with Allow for any method outside the list, before Next sees it.
// Installed once at start from instrumentation.ts, on Node's own server.
import http from "node:http";

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const allowed = new Set<string>(ALLOWED_METHODS);

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

export function refuseUnsupportedMethods(): void {
  const proto = http.Server.prototype as unknown as { emit: Emit; __refusesMethods?: boolean };
  if (proto.__refusesMethods) return;
  proto.__refusesMethods = true;
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (!allowed.has(req.method ?? "")) {
        const body = JSON.stringify({ error: { code: "method_not_allowed", message: `The ${req.method} method is not supported` } });
        res.writeHead(405, { Allow: ALLOWED_METHODS.join(", "), "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(body);
        req.resume();
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
}
