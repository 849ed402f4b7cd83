import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { getPreferences } from "@/lib/notifications/queries";
import { PreferencesForm } from "@/components/notifications/notification-forms";
import { emailEveryMinutes } from "@/lib/notifications/record";
import { requireActor } from "../../_server/session";
import { saveNotificationSettingsAction } from "../actions";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const actor = await requireActor("/notifications/settings");
  const preferences = await getPreferences(await getDb(), actor);
  const minutes = emailEveryMinutes();
  return (
    <>
      <Link className="govuk-back-link" href="/notifications">
        Notifications
      </Link>
      <h1 className="govuk-heading-l">Notification settings</h1>
      {preferences.length === 0 ? (
        <p className="govuk-body">Your roles receive no notifications.</p>
      ) : (
        <>
          <p className="govuk-body">
            Untick what you do not want. “On this site” lists it on your notifications page and counts it in the header; “By email”
            sends it to {actor.email}. Emails wait up to {minutes === 1 ? "a minute" : `${minutes} minutes`} so that several arriving
            together come as one email.
          </p>
          <PreferencesForm action={saveNotificationSettingsAction} preferences={preferences} />
        </>
      )}
    </>
  );
}
