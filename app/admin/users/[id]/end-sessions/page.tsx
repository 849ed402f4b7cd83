import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { getUserForAdmin } from "@/lib/admin/commands";
import { orPage, pageContext } from "@/app/_server/page";
import { endSessionsAction } from "../../../actions";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "End a person's sessions" };

/** The confirmation step: a page of its own, so it works the same without JavaScript. */
export default async function EndSessionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const { actor, db } = await pageContext(`/admin/users/${id}/end-sessions`);
  const person = await orPage(getUserForAdmin(db, id, actor));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href="/admin/users" className="govuk-back-link">
          Back to users and roles
        </a>
        <h1 className="govuk-heading-l">End {person.name ?? person.email}&rsquo;s sessions?</h1>
        <p className="govuk-body">
          {person.name ?? person.email} ({person.email}) will be signed out on every device at their next click, and must sign in again to
          continue. Their account and roles stay as they are.
        </p>
        <ActionForm action={endSessionsAction} permalink={`/admin/users/${id}/end-sessions`}>
          <input type="hidden" name="userId" value={person.id} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Yes, end their sessions
            </button>
            <a className="govuk-link" href="/admin/users">
              Cancel
            </a>
          </div>
        </ActionForm>
      </div>
    </div>
  );
}
