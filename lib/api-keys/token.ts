// API key material: the secret handed to the caller once, the SHA-256 stored in its place, and
// the short prefix shown in lists so people can tell keys apart. Server-only (node:crypto).
import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so a leaked key is easy to recognise (e.g. by secret scanners). */
export const KEY_MARKER = "cck_";
/** Characters of the key kept in the clear: the marker and 8 random characters. */
export const PREFIX_LENGTH = KEY_MARKER.length + 8;

/** A new key: the marker and 32 random bytes (256 bits) in base64url. */
export function generateApiKey(): string {
  return KEY_MARKER + randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

/** Whether a string could be one of our keys; anything else is refused before a lookup. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_MARKER) && /^[A-Za-z0-9_-]{40,100}$/.test(value.slice(KEY_MARKER.length));
}

/**
 * The email of the service account that stands for a key in the audit log and in "submitted
 * by" columns. `.invalid` (RFC 2606) can never receive mail, so nobody can sign in as it.
 */
export function serviceAccountEmail(apiKeyId: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${apiKeyId}${SERVICE_ACCOUNT_DOMAIN}`;
}
export const SERVICE_ACCOUNT_PREFIX = "api-key-";
export const SERVICE_ACCOUNT_DOMAIN = "@api-keys.invalid";
