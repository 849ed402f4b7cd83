"use server";
// The audience page's actions: pick contacts, import them from CSV, send invitations and
// reminders, set automatic reminders. The emails themselves are sent by the job worker.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { setReminderDays } from "@/lib/consultations/editor";
import { consultationIdSchema, reminderSettingsSchema } from "@/lib/consultations/schemas";
import { importContacts, inviteContacts, remindNonSubmitters, removeInvitation, sendInvitations } from "@/lib/invitations/commands";
import { importContactsSchema, invitationSchema, inviteSchema } from "@/lib/invitations/schemas";
import { nudgeJobWorker } from "@/lib/jobs/worker";
import type { FormState } from "@/components/ui/form-state";
import { MAX_CSV_BYTES } from "@/lib/invitations/csv";
import { formAction } from "../../../_server/action";
import { updateAudienceSettings } from "@/lib/public/commands";
import { audienceSettingsSchema } from "@/lib/public/schemas";
import { plural } from "@/lib/text/plural";

const refresh = (id: string) => revalidatePath(`/manage/${id}`, "layout");
const people = (n: number) => plural(n, "person", "people");

export const inviteAction = formAction(inviteSchema, async (input, { db, actor }) => {
  const res = await inviteContacts(db, input, actor);
  refresh(input.consultationId);
  return {
    ok: true,
    values: {},
    message: res.added
      ? `${people(res.added)} added to the audience${res.alreadyInvited ? ` (${res.alreadyInvited} already in it)` : ""}`
      : "Everyone you selected is already in the audience",
  };
});

const importContactsFromText = formAction(importContactsSchema, async (input, { db, actor }) => {
  const res = await importContacts(db, input, actor);
  refresh(input.consultationId);
  const made = [res.peopleCreated && `${people(res.peopleCreated)} and`, res.organisationsCreated && `${plural(res.organisationsCreated, "organisation")}`]
    .filter(Boolean)
    .join(" ");
  return {
    ok: true,
    values: {},
    message: `${people(res.added)} from ${plural(res.rows, "row")} added to the audience${made ? `; new: ${made.replace(/ and$/, "")}` : ""}`,
  };
});

/** A CSV file, if one was chosen, takes the place of pasted text. */
export async function importContactsAction(prev: FormState, formData: FormData): Promise<FormState> {
  const file = formData.get("csvFile");
  formData.delete("csvFile");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) {
      const m = `The file is larger than ${MAX_CSV_BYTES / 1000} KB; split it into smaller files`;
      return { message: m, errors: { csvFile: m }, values: {} };
    }
    formData.set("csv", await file.text());
  }
  return importContactsFromText(prev, formData);
}

export const removeInvitationAction = formAction(invitationSchema, async (input, { db, actor }) => {
  const inv = await removeInvitation(db, input, actor);
  refresh(input.consultationId);
  // The confirmation step goes with the row, so the page itself says it is done.
  redirect(`/manage/${input.consultationId}/audience?removed=${encodeURIComponent(inv.name ?? inv.email)}`);
});

export const sendInvitationsAction = formAction(consultationIdSchema, async (input, { db, actor }) => {
  const n = await sendInvitations(db, input.consultationId, actor);
  if (n) nudgeJobWorker();
  refresh(input.consultationId);
  return { ok: true, message: n ? `Invitations to ${people(n)} are being sent` : "Everyone in the audience has already been sent an invitation" };
});

export const remindAction = formAction(consultationIdSchema, async (input, { db, actor }) => {
  const n = await remindNonSubmitters(db, input.consultationId, actor);
  if (n) nudgeJobWorker();
  refresh(input.consultationId);
  return { ok: true, message: n ? `Reminders to ${people(n)} are being sent` : "Nobody needs a reminder: every organisation invited has submitted, or its contacts were reminded in the last 10 minutes" };
});

export const reminderSettingsAction = formAction(reminderSettingsSchema, async (input, { db, actor }) => {
  await setReminderDays(db, input.consultationId, input.reminderDaysBefore, actor);
  refresh(input.consultationId);
  return {
    ok: true,
    message: input.reminderDaysBefore
      ? `Automatic reminders will go ${plural(input.reminderDaysBefore, "day")} before the closing date`
      : "Automatic reminders are off",
  };
});


export const audienceSettingsAction = formAction(audienceSettingsSchema, async (input, { db, actor }) => {
  await updateAudienceSettings(db, input, actor);
  refresh(input.consultationId);
  return { ok: true, message: "Who can respond and publishing saved" };
});
