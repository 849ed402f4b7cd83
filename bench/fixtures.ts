// What the load scenarios need besides the seeded responses, made in bulk with COPY: partner
// organisations that have not responded yet, each with an API key (submit) or a signed-in
// partner (journey), and a read-only API key of the council (export).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { apiKeyPrefix, generateApiKey, hashApiKey, serviceAccountEmail } from "../lib/api-keys/token";

function copyEscape(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
const line = (cols: (string | null)[]) => cols.map(copyEscape).join("\t") + "\n";

export async function copyRows(pool: pg.Pool, statement: string, rows: (string | null)[][]) {
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(rows.map(line)), client.query(copyFrom(statement)));
  } finally {
    client.release();
  }
}

export type KeyedOrg = { organisationId: string; key: string };

/** `count` new partner organisations named `${prefix} 0000001`…, each with a read and write API key. */
export async function createKeyedOrganisations(pool: pg.Pool, prefix: string, count: number): Promise<KeyedOrg[]> {
  const orgs: string[][] = [];
  const keys: (string | null)[][] = [];
  const users: string[][] = [];
  const out: KeyedOrg[] = [];
  for (let i = 0; i < count; i++) {
    const organisationId = randomUUID();
    const keyId = randomUUID();
    const key = generateApiKey();
    const name = `${prefix} ${String(i + 1).padStart(7, "0")}`;
    orgs.push([organisationId, name, "voluntary_sector"]);
    keys.push([keyId, `${name} key`, apiKeyPrefix(key), hashApiKey(key), organisationId, "read_write"]);
    users.push([randomUUID(), `API key: ${name} key`, serviceAccountEmail(keyId)]);
    out.push({ organisationId, key });
  }
  await copyRows(pool, "COPY organisations (id, name, type) FROM STDIN", orgs);
  await copyRows(pool, "COPY api_keys (id, name, prefix, hash, organisation_id, scope) FROM STDIN", keys);
  await copyRows(pool, "COPY users (id, name, email) FROM STDIN", users);
  return out;
}

/** `count` new partner organisations without keys or people (the plain-pg floor's respondents). */
export async function createOrganisations(pool: pg.Pool, prefix: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => [randomUUID(), `${prefix} ${String(i + 1).padStart(7, "0")}`, "business"]);
  await copyRows(pool, "COPY organisations (id, name, type) FROM STDIN", rows);
  return rows.map((r) => r[0]!);
}

export type Partner = { userId: string; name: string; email: string; organisationId: string };

/** `count` partner organisations, each with one person holding the partner role in it. */
export async function createPartners(pool: pg.Pool, prefix: string, count: number): Promise<Partner[]> {
  const out: Partner[] = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, "0");
    return { userId: randomUUID(), organisationId: randomUUID(), name: `Journey partner ${n}`, email: `journey-${n}-${Date.now()}@partners.example` };
  });
  await copyRows(pool, "COPY organisations (id, name, type) FROM STDIN", out.map((p, i) => [p.organisationId, `${prefix} ${String(i + 1).padStart(4, "0")}`, "health"]));
  await copyRows(pool, "COPY users (id, name, email) FROM STDIN", out.map((p) => [p.userId, p.name, p.email]));
  await copyRows(pool, "COPY memberships (user_id, organisation_id, role) FROM STDIN", out.map((p) => [p.userId, p.organisationId, "partner"]));
  return out;
}

/** A read-only API key of an organisation that already exists (the council, for the export). */
export async function createApiKey(pool: pg.Pool, organisationId: string, name: string, scope: "read" | "read_write" = "read"): Promise<string> {
  const keyId = randomUUID();
  const key = generateApiKey();
  await pool.query(`insert into api_keys (id, name, prefix, hash, organisation_id, scope) values ($1, $2, $3, $4, $5, $6)`, [keyId, name, apiKeyPrefix(key), hashApiKey(key), organisationId, scope]);
  await pool.query(`insert into users (id, name, email) values ($1, $2, $3)`, [randomUUID(), `API key: ${name}`, serviceAccountEmail(keyId)]);
  return key;
}
