"use client";
// Pick the audience: whole partner organisations (all their partner contacts) or named
// contacts within them. Plain checkboxes, so it works without JavaScript.
import { useEditorField } from "@/components/editor/editor-form";

// A bounded list (lib/invitations/queries listPartnerContacts): a search's matches or the partners
// the council invited before, at most 25 contacts listed under each organisation.
type Org = {
  id: string;
  name: string;
  type: string;
  contacts: { id: string; name: string | null; email: string; invited: boolean }[];
  contactCount: number;
  invitedCount: number;
};

export function ContactPicker({ organisations, caption }: { organisations: Org[]; caption?: React.ReactNode }) {
  const { error, id } = useEditorField("contacts");
  const withContacts = organisations.filter((o) => o.contactCount);
  const empty = organisations.filter((o) => !o.contactCount);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`} id={id} tabIndex={-1}>
      <p className="govuk-body">
        Tick an organisation to invite all its partner contacts, or tick the people you want. Contacts are people with the partner role in an organisation.
      </p>
      {caption && (
        <p className="govuk-body" data-testid="picker-caption">
          {caption}
        </p>
      )}
      {error && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="app-picker">
        {withContacts.map((o) => {
          const all = o.invitedCount >= o.contactCount;
          const unlisted = o.contactCount - o.contacts.length;
          return (
            <div className="app-picker__org" key={o.id} data-testid="picker-org">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{o.name}</legend>
              {all ? (
                <p className="govuk-body-s govuk-!-margin-bottom-0">{o.contactCount === 1 ? "Its one contact is invited." : `All ${o.contactCount} contacts are invited.`}</p>
              ) : (
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  <div className="govuk-checkboxes__item">
                    <input className="govuk-checkboxes__input" id={`org-${o.id}`} name="organisationIds" type="checkbox" value={o.id} />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`org-${o.id}`}>
                      All contacts at {o.name} ({o.contactCount})
                    </label>
                  </div>
                  {o.contacts.map((c) =>
                    c.invited ? (
                      <p className="govuk-body-s app-picker__invited" key={c.id}>
                        {c.name ?? c.email} ({c.email}) – already invited
                      </p>
                    ) : (
                      <div className="govuk-checkboxes__item" key={c.id}>
                        <input
                          className="govuk-checkboxes__input"
                          id={`user-${o.id}-${c.id}`}
                          name="userIds"
                          type="checkbox"
                          value={c.id}
                          aria-describedby={`user-${o.id}-${c.id}-hint`}
                        />
                        <label className="govuk-label govuk-checkboxes__label" htmlFor={`user-${o.id}-${c.id}`}>
                          {c.name ?? c.email}
                        </label>
                        <div id={`user-${o.id}-${c.id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                          {c.email}
                        </div>
                      </div>
                    ),
                  )}
                  {unlisted > 0 && (
                    <p className="govuk-body-s app-picker__invited" data-testid="picker-unlisted">
                      {unlisted} more {unlisted === 1 ? "contact is" : "contacts are"} not listed here ({o.invitedCount} of {o.contactCount} already invited). Tick “All contacts at {o.name}” to add everyone not yet invited.
                    </p>
                  )}
                </div>
              )}
            </fieldset>
            </div>
          );
        })}
      </div>
      {empty.length > 0 && (
        <p className="govuk-body-s">
          No partner contacts yet at: {empty.map((o) => o.name).join(", ")}. Import their contacts from a CSV file below.
        </p>
      )}
    </div>
  );
}
