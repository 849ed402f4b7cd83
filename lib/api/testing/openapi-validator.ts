// Test helper: checks a real Response against the OpenAPI document — the operation for the
// method and path, the documented status, the media type and (for JSON) the body's schema,
// compiled with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses). Not used by the app.
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { openApiDocument } from "../openapi";

const BASE = "https://contract.test/openapi.json";

type Doc = ReturnType<typeof openApiDocument>;
type Json = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class OpenApiValidator {
  private ajv: Ajv2020;
  private cache = new Map<string, ValidateFunction>();
  readonly doc: Doc;
  /** "GET /consultations/{consultationId}" for every operation a test has checked. */
  readonly seen = new Set<string>();

  constructor(doc: Doc = openApiDocument()) {
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    this.ajv.addFormat("uuid", UUID);
    this.ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s));
    this.ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
    this.ajv.addFormat("uri", () => true);
    // The document's component schemas as $defs of one schema with an absolute id, so that
    // "#/components/schemas/X" refs (rewritten to BASE#/$defs/X) resolve from anywhere.
    this.ajv.addSchema({ $id: BASE, $defs: this.absolute(doc.components?.schemas ?? {}) } as Json);
  }

  private absolute<T>(schema: T): T {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BASE}#/$defs/`)) as T;
  }

  private deref<T>(obj: T): T {
    const ref = (obj as { $ref?: string } | undefined)?.$ref;
    if (!ref) return obj;
    const path = ref.replace(/^#\//, "").split("/");
    let at: unknown = this.doc;
    for (const p of path) at = (at as Json)[p];
    return this.deref(at as T);
  }

  /** The documented path template for a concrete path, e.g. /consultations/abc → /consultations/{consultationId}. */
  templateFor(method: string, path: string): string {
    const clean = path.split("?")[0]!.replace(/^\/api\/v1/, "");
    for (const [template, item] of Object.entries(this.doc.paths ?? {})) {
      if (!(item as Json)[method.toLowerCase()]) continue;
      const re = new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);
      if (re.test(clean)) return template;
    }
    throw new Error(`${method} ${clean} is not in the OpenAPI document`);
  }

  /** Throws with the reasons when `res` does not match the document; returns the parsed body. */
  async check(method: string, path: string, res: Response): Promise<unknown> {
    const template = this.templateFor(method, path);
    this.seen.add(`${method.toUpperCase()} ${template}`);
    const op = (this.doc.paths as Json)[template] as Json;
    const operation = op[method.toLowerCase()] as { responses: Record<string, unknown> };
    const documented = operation.responses[String(res.status)];
    if (!documented) {
      throw new Error(`${method} ${template} answered ${res.status}, which is not documented (documented: ${Object.keys(operation.responses).join(", ")})`);
    }
    const response = this.deref(documented) as { content?: Record<string, { schema?: unknown }>; headers?: Record<string, { required?: boolean }> };
    for (const [name, h] of Object.entries(response.headers ?? {})) {
      const header = this.deref(h) as { required?: boolean };
      if (header.required && !res.headers.get(name)) throw new Error(`${method} ${template} ${res.status}: header ${name} is missing`);
    }
    const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!response.content) return undefined;
    const media = response.content[contentType];
    if (!media) throw new Error(`${method} ${template} ${res.status}: content type "${contentType}" is not documented (${Object.keys(response.content).join(", ")})`);
    const text = await res.clone().text();
    if (contentType !== "application/json") return text;
    const body = JSON.parse(text) as unknown;
    const key = `${template} ${method} ${res.status} ${contentType}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.absolute(media.schema ?? {}) as Json);
      this.cache.set(key, validate);
    }
    if (!validate(body)) {
      throw new Error(`${method} ${template} ${res.status} does not match the document:\n${this.ajv.errorsText(validate.errors, { separator: "\n" })}\n${text.slice(0, 2000)}`);
    }
    return body;
  }

  /** Every operation in the document, as "METHOD /path". */
  operations(): string[] {
    return Object.entries(this.doc.paths ?? {}).flatMap(([p, item]) =>
      Object.keys(item as Json)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
  }
}
