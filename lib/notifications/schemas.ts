// Input schemas for the notifications pages' forms.
import { z } from "zod";
import { isExactUtc } from "../keyset";
import { NOTIFICATION_KINDS } from "./kinds";

export const markReadSchema = z.object({ notificationId: z.uuid({ error: "That notification was not found" }) });

export const markAllReadSchema = z.object({});

const kinds = z
  .union([z.enum(NOTIFICATION_KINDS), z.array(z.enum(NOTIFICATION_KINDS))], { error: "Choose from the list" })
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The settings form: the kinds ticked for "On this site" and for "By email" (unticked = muted). */
export const preferencesSchema = z.object({ inApp: kinds, email: kinds });
export type PreferencesInput = z.infer<typeof preferencesSchema>;

/**
 * Where a page of the list starts: a notification's exact creation time (Postgres's, to the
 * microsecond: a Date's millisecond would skip or repeat notifications made within one) and its
 * id, which orders notifications made at the same instant.
 */
export type NotificationCursor = { at: string; id: string };

const uuid = z.uuid();

/** A cursor as a page's address carries it (opaque: base64url of "<at>_<id>"). */
export function encodeNotificationCursor(c: NotificationCursor): string {
  return Buffer.from(`${c.at}_${c.id}`, "utf8").toString("base64url");
}

/** The cursor in an address, or null for anything this list did not issue (a mangled link starts at the newest). */
export function decodeNotificationCursor(value: unknown): NotificationCursor | null {
  if (typeof value !== "string" || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const [at, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split("_");
  if (rest.length || !isExactUtc(at) || !uuid.safeParse(id).success) return null;
  return { at, id: id!.toLowerCase() };
}

/** The first value of a search parameter that may be repeated. */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const cursorParam = z.preprocess(first, z.unknown()).transform((v) => decodeNotificationCursor(v));

/**
 * The list page's search parameters: `before` (older than this notification) or `after` (newer
 * than it). Anything malformed is no cursor, so a bad or tampered link shows the newest page.
 */
export const notificationListParamsSchema = z.object({ before: cursorParam, after: cursorParam });
export type NotificationListParams = z.infer<typeof notificationListParamsSchema>;
