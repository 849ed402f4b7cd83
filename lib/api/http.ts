// Reading requests safely: bodies with a size limit (413 beyond it, counted as the bytes
// arrive, so a lying Content-Length cannot get more through), JSON that may be malformed (400),
// query strings and path ids. Nothing here throws anything but ApiError, ZodError or the
// input checks' own errors (JsonLimitError: 413/422; InvalidError: text Postgres cannot store).
import type { z } from "zod";
import { inspectJson } from "../input/json";
import { ApiError } from "./errors";
import { isUuid } from "../sql";

export const JSON_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError("payload_too_large", `The request body must be ${Math.round(limit / 1024)} KB or smaller`, { limitBytes: limit });
}

/** The body as UTF-8 text, refusing more than `limit` bytes. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("bad_request", "The request body is not valid UTF-8 text");
  }
}

/**
 * The JSON body, not yet validated: 413 beyond `limit` bytes or 200,000 values, 400 when it is
 * not JSON, 422 when nested more than 64 deep or when a string holds what Postgres cannot store
 * (NUL, an unpaired surrogate), naming its path. Every JSON body is read here.
 */
export async function readJsonValue(req: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (!text.trim()) throw new ApiError("bad_request", "Send a JSON body", [{ path: "", message: "The request body is empty" }]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ApiError("bad_request", "The request body is not valid JSON", [{ path: "", message: (e as Error).message }]);
  }
  inspectJson(data);
  return data;
}

/** The JSON body validated by `schema` (after readJsonValue's checks): 422 (ZodError) when it is wrong. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = JSON_BODY_LIMIT): Promise<z.infer<S>> {
  return schema.parse(await readJsonValue(req, limit));
}

/** Query parameters validated by `schema`; a bad parameter is the caller's mistake (400). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new ApiError(
      "bad_request",
      "A query parameter is not valid",
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  return parsed.data;
}


/** A path id: anything that is not a UUID cannot name a record, so it is simply not found. */
export function pathId(value: string | undefined, what: string): string {
  if (!value || !isUuid(value)) throw new ApiError("not_found", `${what} was not found`);
  return value.toLowerCase();
}

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(data, { status: init.status ?? 200, headers: { "Cache-Control": "no-store", ...init.headers } });
}
