// Reading API keys: the admin list, and turning a presented key into the actor it acts as.
import { desc, eq, sql } from "drizzle-orm";
import { executeRelaxable, relaxableStatement, type Db } from "../../db/client";
import { apiKeys, organisations, users, type ApiKeyScope, type OrganisationType } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { counted, hitCte, hitParams, type Limit, type LimitDecision } from "../rate-limit";
import { hashApiKey, looksLikeApiKey, SERVICE_ACCOUNT_DOMAIN, SERVICE_ACCOUNT_PREFIX, serviceAccountEmail } from "./token";
import { shownName } from "../audit/erased";

export async function listApiKeys(db: Db, actor: Actor) {
  authorize(actor, "admin.manage", { kind: "system" });
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      organisationId: apiKeys.organisationId,
      organisationName: organisations.name,
      createdAt: apiKeys.createdAt,
      createdByName: shownName(),
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.organisationId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
}

export type ApiKeyPrincipal = {
  apiKeyId: string;
  scope: ApiKeyScope;
  organisationId: string;
  /** The key's organisation as it stood when the key was checked (its name and type, for what the request writes). */
  organisation: { id: string; name: string; type: OrganisationType };
  /** Who the lib functions see: the key's service account with the key's organisation role. */
  actor: Actor;
};

// One round trip on every API call: the key, its organisation and its service account, and
// last-used recorded (at most once a minute per key) by a data-modifying CTE, which Postgres
// runs whether or not the outer query reads it; with `counted`, the key's request is counted
// against its rate limit in the same statement (lib/rate-limit hitCte: $6 bucket, $7 window),
// for a valid key only. Named, so each connection plans it once. Nothing about a key is kept
// between requests: a revoked key is refused from the next request on. What it writes is
// bookkeeping: its commit need not wait for the disk (db/client relaxableStatement).
function authenticateSql(counted: boolean, relax: { cte: string; read: string } | null) {
  return `
  with ${relax ? `${relax.cte}, ` : ""}k as (
    select k.id, k.scope, k.organisation_id, o.name as organisation_name, o.type as organisation_type, u.id as account_id, u.name as account_name
    from api_keys k
    join organisations o on o.id = k.organisation_id
    join users u on u.email = $2 || k.id::text || $3
    where k.hash = $1 and k.revoked_at is null${relax ? ` and ${relax.read}` : ""}
  ), touched as (
    update api_keys set last_used_at = $4::timestamptz
    where id = (select id from k) and (last_used_at is null or last_used_at < $5::timestamptz)
    returning id
  )${counted ? `, ${hitCte("hit", "k", "k.id::text", "$6", "$7")}` : ""}
  select id, scope, organisation_id as "organisationId", organisation_name as "organisationName", organisation_type as "organisationType",
    account_id as "accountId", account_name as "accountName", ${counted ? "(select hits from hit)" : "null::integer"} as hits
  from k`;
}
const AUTHENTICATE = relaxableStatement("api_key_principal", (relax) => authenticateSql(false, relax));
export const AUTHENTICATE_COUNTED = relaxableStatement("api_key_principal_counted", (relax) => authenticateSql(true, relax));

/** Last-used is written at most this often per key, so reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

type PrincipalRow = {
  id: string;
  scope: ApiKeyScope;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  accountId: string;
  accountName: string | null;
  hits: number | null;
};

async function principalRow(db: Db, presented: string, now: Date, limit: Limit | null): Promise<PrincipalRow | null> {
  if (!looksLikeApiKey(presented)) return null;
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  const params: unknown[] = [hashApiKey(presented), SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNT_DOMAIN, now.toISOString(), cutoff.toISOString()];
  const rows = limit
    ? await executeRelaxable<PrincipalRow>(db, AUTHENTICATE_COUNTED, [...params, ...hitParams(limit, now)])
    : await executeRelaxable<PrincipalRow>(db, AUTHENTICATE, params);
  return rows[0] ?? null;
}

function principalOf(row: PrincipalRow): ApiKeyPrincipal {
  const email = serviceAccountEmail(row.id);
  const account = { id: row.accountId, name: row.accountName };
  const role = row.organisationType === "council" ? "officer" : "partner";
  return {
    apiKeyId: row.id,
    scope: row.scope,
    organisationId: row.organisationId,
    organisation: { id: row.organisationId, name: row.organisationName, type: row.organisationType },
    actor: {
      id: account.id,
      name: account.name,
      email,
      memberships: [{ organisationId: row.organisationId, organisationName: row.organisationName, role }],
      apiKeyScope: row.scope,
    },
  };
}

/**
 * The principal for a presented key, or null for an unknown, malformed or revoked key. A
 * council's key acts as an officer of that council; any other organisation's key acts as a
 * partner of it. A "read" key is refused every write by `can` (lib/auth/policy).
 */
export async function authenticateApiKey(db: Db, presented: string, now = new Date()): Promise<ApiKeyPrincipal | null> {
  const row = await principalRow(db, presented, now, null);
  return row ? principalOf(row) : null;
}

/**
 * authenticateApiKey and, for a valid key, one request counted against `limit` (lib/rate-limit)
 * in the same statement: the key's decision comes with its principal, in one round trip.
 */
export async function authenticateAndCountApiKey(db: Db, presented: string, limit: Limit, now = new Date()): Promise<{ principal: ApiKeyPrincipal; decision: LimitDecision } | null> {
  const row = await principalRow(db, presented, now, limit);
  if (!row) return null;
  return { principal: principalOf(row), decision: counted(db, limit, Number(row.hits), now) };
}
