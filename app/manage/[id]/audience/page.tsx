import type { Metadata } from "next";
import { Checkbox, EditorForm, Radios, Submit, TextArea, TextInput } from "@/components/editor/editor-form";
import { AUDIENCE_OPTIONS, PUBLISH_OPTIONS } from "@/lib/public/schemas";
import { UploadField } from "@/components/editor/upload-field";
import { ContactPicker } from "@/components/consultation/contact-picker";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { Tag } from "@/components/ui/tag";
import { ukDate } from "@/lib/consultations/dates";
import { formatDate, formatDateTime } from "@/lib/format";
import { listAudience, listPartnerContacts, pickerCaption, summariseAudience, type EmailState } from "@/lib/invitations/queries";
import { ORGANISATION_SEARCH_MAX, readOrganisationSearch } from "@/lib/input/search";
import { SearchForm } from "@/components/ui/search-form";
import type { SearchParams } from "@/app/_server/page";
import { managedConsultation } from "../edit/page-context";
import { audienceSettingsAction, importContactsAction, inviteAction, reminderSettingsAction, remindAction, removeInvitationAction, sendInvitationsAction } from "./actions";
import { SuccessBanner } from "@/components/ui/success-banner";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Audience" };
export const dynamic = "force-dynamic";

const EMAIL_LABELS: Record<EmailState, [string, string]> = {
  not_sent: ["Not sent yet", "not_started"],
  sending: ["Sending", "in_progress"],
  sent: ["Sent", "submitted"],
  in_outbox: ["In the outbox", "submitted"],
  failed: ["Failed", "closed"],
  skipped: ["Not sent", "not_started"],
};

const PROGRESS: Record<string, [string, string]> = {
  not_started: ["Not started", "not_started"],
  drafting: ["Drafting", "drafting"],
  submitted: ["Submitted", "submitted"],
};

export default async function AudiencePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const { remove, removed, q: rawQ } = await searchParams;
  const path = `/manage/${id}/audience`;
  const { db, c, actor } = await managedConsultation(id, path);
  // "Find partner organisations": a search refused (too long, a NUL) says why at its field and lists as if none was made.
  const search = readOrganisationSearch(rawQ);
  const [rows, picker] = await Promise.all([listAudience(db, id, actor), listPartnerContacts(db, id, { q: search.q }, actor)]);
  const pickable = picker.organisations.some((o) => o.contactCount > 0);
  const searchPath = search.q ? `${path}?q=${encodeURIComponent(search.q)}` : path;
  const sum = summariseAudience(rows);
  const closed = c.status === "closed" || c.status === "archived";
  // "Remove" links here with ?remove=<invitation id>: the confirmation step, which works without JavaScript.
  const removing = !closed && typeof remove === "string" ? rows.find((r) => r.id === remove) : undefined;
  return (
    <>
      <ErrorSummaryView fields={{ q: search.error }} />
      {typeof removed === "string" && !removing && (
        <SuccessBanner titleId="removed-title" heading={<>{removed.slice(0, 200)} removed from the audience</>} />
      )}
      <h1 className="govuk-heading-l">Audience</h1>
      {removing && (
        <ConfirmStep
          title={`Are you sure you want to remove ${removing.name ?? removing.email} (${removing.organisation}) from the audience?`}
          action={removeInvitationAction}
          hidden={{ consultationId: id, invitationId: removing.id }}
          confirmLabel="Yes, remove them"
          cancelHref={path}
          permalink={`${path}?remove=${removing.id}`}
          headingLevel={2}
        >
          <p className="govuk-body">They will get no reminders. An invitation already emailed still lets them sign in, and anything their organisation has already written is kept.</p>
        </ConfirmStep>
      )}
      <p className="govuk-body" data-testid="audience-summary">
        {sum.contacts === 0
          ? "Nobody has been invited yet."
          : `${plural(sum.contacts, "contact")} from ${plural(sum.organisations, "organisation")}: ${sum.opened} opened the consultation; ${plural(sum.drafting, "organisation is", "organisations are")} drafting and ${plural(sum.submitted, "has", "have")} submitted.`}
      </p>

      <h2 className="govuk-heading-m" id="who-can-respond">
        Who can respond
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EditorForm
            action={audienceSettingsAction}
            permalink={path}
            hidden={{ consultationId: id }}
            defaults={{ audience: c.audience, allowUnauthenticated: c.allowUnauthenticated ? "yes" : "", publishResponses: c.publishResponses }}
            testId="audience-settings"
          >
            <Radios name="audience" legend="Who is asked to respond" options={[...AUDIENCE_OPTIONS]} small />
            <Checkbox
              name="allowUnauthenticated"
              label="Members of the public may respond without signing in"
              hint="They give an email address and we email them a link back to their response. Leave unticked to ask everyone to sign in with an emailed link first."
            />
            <Radios name="publishResponses" legend="Publishing responses" options={[...PUBLISH_OPTIONS]} small />
            <Submit secondary>Save who can respond</Submit>
          </EditorForm>
        </div>
      </div>

      {c.status === "draft" && <div className="govuk-inset-text">Invitations are emailed to everyone here when you publish the consultation, each with a sign-in link straight to it.</div>}

      {c.status === "open" && (
        <div className="app-audience-actions">
          <div>
            <h2 className="govuk-heading-s">Invitations</h2>
            <p className="govuk-body-s">
              {sum.notSent ? `${plural(sum.notSent, "person has", "people have")} not been sent an invitation yet.` : "Everyone here has been sent an invitation."}
            </p>
            <EditorForm action={sendInvitationsAction} permalink={path} hidden={{ consultationId: id }} testId="send-invitations">
              <Submit secondary>Send invitations</Submit>
            </EditorForm>
          </div>
          <div>
            <h2 className="govuk-heading-s">Reminders</h2>
            <p className="govuk-body-s">
              {plural(sum.toRemind, "contact belongs", "contacts belong")} to organisations that have not submitted.
            </p>
            {sum.toRemind > 0 && (
              <EditorForm action={remindAction} permalink={path} hidden={{ consultationId: id }} testId="remind">
                <Submit secondary>Remind those who have not submitted</Submit>
              </EditorForm>
            )}
          </div>
        </div>
      )}

      {rows.length > 0 && (
        <table className="govuk-table app-table--small" data-testid="audience-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Who is invited</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Contact</th>
              <th scope="col" className="govuk-table__header">Organisation</th>
              <th scope="col" className="govuk-table__header">Invitation</th>
              <th scope="col" className="govuk-table__header">Opened</th>
              <th scope="col" className="govuk-table__header">Response</th>
              <th scope="col" className="govuk-table__header">Reminders</th>
              {!closed && (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id} data-testid="audience-row">
                <td className="govuk-table__cell">
                  {r.name ?? r.email}
                  <br />
                  <span className="govuk-body-s">{r.email}</span>
                </td>
                <td className="govuk-table__cell">{r.organisation}</td>
                <td className="govuk-table__cell" data-testid="email-state">
                  <Tag status={EMAIL_LABELS[r.emailState][1]}>{EMAIL_LABELS[r.emailState][0]}</Tag>
                  <br />
                  <span className="govuk-body-s">Added {formatDate(r.invitedAt)}</span>
                  {r.emailError && r.emailState !== "sent" && <span className="govuk-body-s govuk-error-message app-inline-error">{r.emailError}</span>}
                </td>
                <td className="govuk-table__cell">{r.openedAt ? formatDateTime(r.openedAt) : "No"}</td>
                <td className="govuk-table__cell" data-testid="progress">
                  <Tag status={PROGRESS[r.progress][1]}>{PROGRESS[r.progress][0]}</Tag>
                  {r.submittedAt && <span className="govuk-body-s"> {formatDate(r.submittedAt)}</span>}
                </td>
                <td className="govuk-table__cell">
                  {r.reminderCount ? `${r.reminderCount}, last ${formatDate(r.lastRemindedAt)}` : "None"}
                </td>
                {!closed && (
                  <td className="govuk-table__cell">
                    <a className="govuk-link app-delete-link" href={`${path}?remove=${r.id}#confirm`}>
                      Remove<span className="govuk-visually-hidden"> {r.name ?? r.email} from the audience</span>
                    </a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {!closed && (
        <>
          <h2 className="govuk-heading-m govuk-!-margin-top-6" id="add">
            Add partner organisations and contacts
          </h2>
          <SearchForm
            action={`${path}#add`}
            label="Find partner organisations"
            hint="All or part of the organisation's name. Add anyone you have ticked below before you search again: the ticks are not kept."
            defaultValue={search.typed}
            error={search.error}
            button="Find"
            maxLength={ORGANISATION_SEARCH_MAX}
            noValidate
          />
          {search.q && (
            <p className="govuk-body">
              <a className="govuk-link" href={`${path}#add`}>
                Clear the search
              </a>
            </p>
          )}
          <EditorForm action={inviteAction} permalink={searchPath} hidden={{ consultationId: id }} testId="pick-contacts">
            <ContactPicker organisations={picker.organisations} caption={pickerCaption({ ...picker, count: picker.organisations.length })} />
            {pickable && <Submit>Add to the audience</Submit>}
          </EditorForm>

          <h2 className="govuk-heading-m govuk-!-margin-top-6" id="csv">
            Import contacts from a CSV file
          </h2>
          <p className="govuk-body">
            One contact a row: name, email, organisation (a header row naming the columns is fine). People, partner organisations and their partner role are created as needed. New people
            can join an organisation already in use on the service only through an administrator; its people who are already here are invited as they are. If any
            row has a problem, nothing is imported and every problem row is listed.
          </p>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <EditorForm action={importContactsAction} permalink={path} hidden={{ consultationId: id }} testId="import-contacts">
                <UploadField name="csvFile" label="CSV file" accept=".csv,text/csv" />
                <TextArea name="csv" label="Or paste the rows" hint="For example: Nadia Webb, nadia.webb@parish.example, Croston Parish Council" rows={5} />
                <Submit secondary>Import contacts</Submit>
              </EditorForm>
            </div>
          </div>

          <h2 className="govuk-heading-m govuk-!-margin-top-6" id="automatic">
            Automatic reminders
          </h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <EditorForm action={reminderSettingsAction} permalink={path} hidden={{ consultationId: id }} defaults={{ reminderDaysBefore: c.reminderDaysBefore ? String(c.reminderDaysBefore) : "" }} testId="reminder-settings">
                <TextInput
                  name="reminderDaysBefore"
                  label="Days before the closing date"
                  hint={`Contacts of organisations that have not submitted get one reminder this many days before ${c.closesAt ? formatDate(ukDate(c.closesAt)) : "the closing date"}. Leave empty for none.`}
                  width="govuk-input--width-3"
                  inputMode="numeric"
                />
                <Submit secondary>Save</Submit>
              </EditorForm>
            </div>
          </div>
        </>
      )}
      {closed && <p className="govuk-body">The consultation is closed{c.closesAt ? ` (since ${formatDate(ukDate(c.closesAt))})` : ""}, so nobody more can be invited.</p>}
    </>
  );
}
