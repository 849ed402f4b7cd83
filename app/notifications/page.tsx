import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { formatDateTime } from "@/lib/format";
import { pageNumber } from "@/lib/input/page";
import { listNotifications } from "@/lib/notifications/queries";
import { MarkAllReadForm, MarkReadForm } from "@/components/notifications/notification-forms";
import { requireActor, type SessionActor } from "../_server/session";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const { page: pageParam } = await searchParams;
  const actor = await requireActor(`/notifications${pageParam ? `?page=${encodeURIComponent(pageParam)}` : ""}`);
  const list = await listNotifications(await getDb(), actor, { page: pageNumber(pageParam) });
  const unread = ((actor as SessionActor).unreadNotifications ?? 0) > 0 || list.items.some((n) => !n.readAt);
  return (
    <>
      <h1 className="govuk-heading-l">Notifications</h1>
      <p className="govuk-body">
        What has happened to the consultations you work on, newest first. <Link className="govuk-link" href="/notifications/settings">Choose which notifications you get</Link>, on this site and by email.
      </p>
      {list.total === 0 ? (
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
                <MarkReadForm action={markNotificationReadAction} id={n.id} title={n.title} page={list.page} unread={!n.readAt} />
              </li>
            ))}
          </ul>
          {list.pageCount > 1 && (
            <nav className="govuk-pagination" aria-label="Notifications pages">
              {list.page > 1 && (
                <div className="govuk-pagination__prev">
                  <Link className="govuk-link govuk-pagination__link" href={`/notifications?page=${list.page - 1}`} rel="prev">
                    <span className="govuk-pagination__link-title">
                      Newer<span className="govuk-visually-hidden"> notifications</span>
                    </span>
                  </Link>
                </div>
              )}
              <p className="govuk-body-s govuk-!-margin-bottom-0 govuk-!-margin-top-2">
                Page {list.page} of {list.pageCount}
              </p>
              {list.page < list.pageCount && (
                <div className="govuk-pagination__next">
                  <Link className="govuk-link govuk-pagination__link" href={`/notifications?page=${list.page + 1}`} rel="next">
                    <span className="govuk-pagination__link-title">
                      Older<span className="govuk-visually-hidden"> notifications</span>
                    </span>
                  </Link>
                </div>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
