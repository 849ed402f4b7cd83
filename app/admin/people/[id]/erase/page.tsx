import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { erasureSummary } from "@/lib/public/person-data";
import { orPage, pageContext } from "@/app/_server/page";
import { erasePersonAction } from "../../actions";
import { isUuid } from "@/lib/sql";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Erase a person's data" };

/** The confirmation step, a page of its own so it works without JavaScript: what erasure does, above all to published responses. */
export default async function ErasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/people/${id}`;
  const { actor, db } = await pageContext(`${base}/erase`);
  const s = await orPage(erasureSummary(db, id, actor));
  const who = s.name ?? s.email;
  const back = (
    <a href={base} className="govuk-back-link">
      Back to {s.erased ? "the person's data" : `${who}'s data`}
    </a>
  );
  if (s.erased) {
    return (
      <>
        {back}
        <h1 className="govuk-heading-l">This person&apos;s data is already erased</h1>
        <p className="govuk-body">Nothing more needs doing. The audit log records when it was erased and by whom.</p>
      </>
    );
  }
  if (s.roles > 0) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {back}
          <h1 className="govuk-heading-l govuk-!-text-break-word">{who}&apos;s data cannot be erased here</h1>
          <p className="govuk-body" data-testid="erase-refused">
            {who} holds {s.roles === 1 ? "a role" : `${s.roles} roles`} in an organisation. Their name is on work they did for it (responses, reviews, sign-offs and
            the audit log), which the council must keep. Deactivate them instead: they cannot sign in and are sent nothing.
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/admin/users/${id}/deactivate`}>
              Deactivate {who}
            </a>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {back}
        <ConfirmStep
          title={`Are you sure you want to erase ${who}'s data?`}
          action={erasePersonAction}
          hidden={{ userId: s.id }}
          confirmLabel="Yes, erase their data"
          cancelHref={base}
          permalink={`${base}/erase`}
          testId="erase-confirm"
        >
          <p className="govuk-body">
            {s.responses === 0
              ? "They have no responses of their own."
              : `They have ${plural(s.responses, "response")} of their own; ${s.consentedToPublish === 0 ? "they agreed to publish none" : s.consentedToPublish === s.responses ? (s.responses === 1 ? "they agreed to publish it" : "they agreed to publish all of them") : `they agreed to publish ${s.consentedToPublish}`}.`}{" "}
            Erasing their data:
          </p>
          <ul className="govuk-list govuk-list--bullet">
            <li>removes their name, email address, the name they asked to be published under and their &quot;about you&quot; answers, and the emails the service sent them</li>
            <li>signs them out and stops them signing in again with this account</li>
            <li>
              <strong>withdraws their published responses</strong>: they are taken off the public response pages and out of the open data at once, and are no longer in
              the published counts
            </li>
            <li>keeps their answers, without their identity, in the council&apos;s own analysis and reports</li>
          </ul>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              This cannot be undone. Export their data first if they asked for a copy.
            </strong>
          </div>
        </ConfirmStep>
      </div>
    </div>
  );
}
