import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { getPerson } from "@/lib/admin/people";
import { orPage, pageContext } from "@/app/_server/page";
import { deactivatePersonAction } from "../../actions";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "Deactivate a person" };

/** The confirmation step: a page of its own, so it works the same without JavaScript. */
export default async function DeactivatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/users/${id}`;
  const { actor, db } = await pageContext(`${base}/deactivate`);
  const person = await orPage(getPerson(db, id, actor));
  const who = person.name ?? person.email;
  if (person.deactivatedAt) {
    return (
      <>
        <a href={base} className="govuk-back-link">
          Back to {who}
        </a>
        <h1 className="govuk-heading-l">{who} is already deactivated</h1>
        <p className="govuk-body">
          <a className="govuk-link" href={base}>
            Go to {who}&rsquo;s page
          </a>{" "}
          to reactivate them.
        </p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href={base} className="govuk-back-link">
          Back to {who}
        </a>
        <h1 className="govuk-heading-l">Deactivate {who}?</h1>
        <p className="govuk-body">{who} ({person.email}) will:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>be signed out on every device at once</li>
          <li>not be able to sign in, by emailed link or any other way</li>
          <li>not be offered as an assignee, invited, or sent notifications</li>
        </ul>
        <p className="govuk-body">Their roles and past work stay as they are. You can reactivate them later.</p>
        <ActionForm action={deactivatePersonAction} permalink={`${base}/deactivate`}>
          <input type="hidden" name="userId" value={person.id} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Yes, deactivate {who}
            </button>
            <a className="govuk-link" href={base}>
              Cancel
            </a>
          </div>
        </ActionForm>
      </div>
    </div>
  );
}
