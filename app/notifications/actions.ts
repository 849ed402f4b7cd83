"use server";
// Server actions for a person's own notifications: mark one or all read, and their settings.
import { revalidatePath } from "next/cache";
import { markAllNotificationsRead, markNotificationRead, savePreferences } from "@/lib/notifications/commands";
import { markAllReadSchema, markReadSchema, preferencesSchema } from "@/lib/notifications/schemas";
import { formAction } from "../_server/action";
import { plural } from "@/lib/text/plural";

export const markNotificationReadAction = formAction(markReadSchema, async (input, { db, actor }) => {
  await markNotificationRead(db, input, actor);
  revalidatePath("/", "layout");
  return { ok: true, message: "Marked as read", values: {} };
});

export const markAllNotificationsReadAction = formAction(markAllReadSchema, async (_input, { db, actor }) => {
  const { marked } = await markAllNotificationsRead(db, actor);
  revalidatePath("/", "layout");
  return { ok: true, message: plural(marked, "notification marked as read", "notifications marked as read"), values: {} };
});

export const saveNotificationSettingsAction = formAction(preferencesSchema, async (input, { db, actor }) => {
  await savePreferences(db, input, actor);
  revalidatePath("/notifications", "layout");
  return { ok: true, message: "Your notification settings have been saved", values: {} };
});
