// Input schemas for the notifications pages' forms.
import { z } from "zod";
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
