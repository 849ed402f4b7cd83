import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { formatDateTime } from "@/lib/format";
import { listNotifications } from "@/lib/notifications/queries";
import { encodeNotificationCursor, notificationListParamsSchema } from "@/lib/notifications/schemas";
import { Pager, withParams } from "@/components/collation/pager";
import { MarkAllReadForm, MarkReadForm } from "@/components/notifications/notification-forms";
import type { SearchParams } from "../_server/page";
import { requireActor, type SessionActor } from "../_server/session";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  // A cursor that is not one this page made is no cursor: the newest page, never an error.
  const cursor = notificationListParamsSchema.parse(sp);
  const base = "/notifications";
  // This page's own address (where its forms come back to without JavaScript, and sign-in returns to).
  const here = withParams(base, {}, cursor.before ? { before: encodeNotificationCursor(cursor.before) } : cursor.after ? { after: encodeNotificationCursor(cursor.after) } : {});
  const actor = await requireActor(here);
  const list = await listNotifications(await getDb(), actor, cursor);
  const unread = ((actor as SessionActor).unreadNotifications ?? 0) > 0 || list.items.some((n) => !n.readAt);
  return (
    <>
      <h1 className="govuk-heading-l">Notifications</h1>
      <p className="govuk-body">
        What has happened to the consultations you work on, newest first. <Link className="govuk-link" href="/notifications/settings">Choose which notifications you get</Link>, on this site and by email.
      </p>
      {list.items.length === 0 ? (
        <p className="govuk-body" data-testid="no-notifications">
          You have no notifications.
        </p>
      ) : (
        <>
          <MarkAllReadForm action={markAllNotificationsReadAction} unread={unread} />
          <ul className="govuk-list app-notifications" data-testid="notifications">
            {list.items.map((n) => (
              <li key={n.id} id={`n-${n.id}`} className={`app-notification${n.readAt ? "" : " app-notification--unread"}`} data-testid="notification">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {!n.readAt && (
                    <strong className="govuk-tag govuk-tag--blue govuk-!-margin-right-2" data-testid="unread-tag">
                      Unread
                    </strong>
                  )}
                  <a className="govuk-link" href={n.path}>
                    {n.title}
                  </a>
                </p>
                <p className="govuk-body-s app-notification__when">{formatDateTime(n.createdAt)}</p>
                <MarkReadForm action={markNotificationReadAction} id={n.id} title={n.title} back={here} unread={!n.readAt} />
              </li>
            ))}
          </ul>
          <Pager
            label="Notifications pages"
            testId="notifications-pager"
            prevHref={list.newer ? withParams(base, {}, { after: list.newer }) : null}
            prevText="Newer"
            nextHref={list.older ? withParams(base, {}, { before: list.older }) : null}
            nextText="Older"
            hiddenSuffix=" notifications"
          />
        </>
      )}
    </>
  );
}
