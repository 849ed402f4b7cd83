// An /api/v1 endpoint served from Node's own request and response (a Pages Router API route)
// rather than an App Router route handler. The handlers are the same (a fetch Request in, a
// Response out, through apiRoute); only the transport differs. The App Router wraps every
// request in its own machinery (a web Request with stream bodies, async contexts, tracing); the
// Pages Router hands over Node's objects as they are. Measured on the API submission (issue 21,
// docs/performance.md): 4.7–6.0 ms of server CPU a submission through a route handler, 3.7–4.8
// ms through this, of which the submission's own work is ~1.5 ms. Used for the endpoint partners'
// systems call in bulk: submitting responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { ApiError, errorResponse } from "./errors";

type RouteHandler<P> = (req: Request, context: { params: Promise<P> }) => Promise<Response>;
type NodeRequest = IncomingMessage & { query?: Record<string, string | string[] | undefined> };

/**
 * The request's body as a stream the handler reads when it wants it: after the API key is
 * checked, with the route's own limit (lib/api/http readBodyText counts the bytes as they come),
 * as an App Router route reads it. Nothing is read for a request refused before its body.
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  return Readable.toWeb(req) as ReadableStream<Uint8Array>;
}

// From req.headers, not rawHeaders: Next sets the forwarded headers there (x-forwarded-for from
// the socket when no proxy is trusted), which the client address of the rate limits reads.
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    try {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    } catch {
      // A header the fetch standard refuses is not one any endpoint reads.
    }
  }
  return headers;
}

async function send(res: ServerResponse, response: Response, headOnly: boolean): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(headOnly ? undefined : body);
}

/**
 * A Pages Router API route (the file's default export) answering
 * the methods given with the same handlers an App Router route.ts would export. `params`
 * names the route's dynamic segments from Next's parsed query. The file also exports, as a literal
 * (Next reads it at build time), `export const config = { api: { bodyParser: false,
 * responseLimit: false, externalResolver: true } }`: the body is read here, with its limit.
 */
export function nodeRoute<P>(handlers: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler<P>>>, params: (query: NonNullable<NodeRequest["query"]>) => P) {
  // As an App Router route answers: HEAD by GET without the body, OPTIONS with what is allowed.
  const methods = Object.keys(handlers);
  const allow = [...methods, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  return async (req: NodeRequest, res: ServerResponse): Promise<void> => {
    let response: Response;
    try {
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "");
      const handler = handlers[method as keyof typeof handlers];
      if (req.method === "OPTIONS") {
        response = new Response(null, { status: 204, headers: { Allow: allow } });
      } else if (!handler) {
        response = errorResponse(new ApiError("method_not_allowed", `The ${req.method} method is not supported here`, undefined, { Allow: allow }));
      } else {
        // The host is not read by any endpoint; a fixed one keeps a malformed Host header harmless.
        const request = new Request(`http://localhost${req.url ?? "/"}`, {
          method,
          headers: headersOf(req),
          ...(method === "GET" ? {} : { body: bodyOf(req), duplex: "half" }),
        } as RequestInit);
        response = await handler(request, { params: Promise.resolve(params(req.query ?? {})) });
      }
    } catch (e) {
      response = errorResponse(e);
    }
    // A body not read to its end (refused before it, or part-way as too large): the connection cannot carry another request.
    if (!req.complete) res.shouldKeepAlive = false;
    await send(res, response, req.method === "HEAD");
  };
}
