import type { Metadata } from "next";

export const metadata: Metadata = { title: "Cookies" };

const COOKIES = [
  ["next-auth.session-token", "Keeps you signed in", "When you sign out, or after 30 days"],
  ["next-auth.csrf-token", "Protects the forms you send from being forged by another site", "When you close your browser"],
  ["next-auth.callback-url", "Remembers the page to return to after signing in", "When you close your browser"],
  ["sign-in email (short-lived)", "Keeps the email address you typed if sending the sign-in link fails", "1 minute"],
];

export default function CookiesPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Cookies</h1>
        <p className="govuk-body">
          Cookies are small files saved on your device. This service uses only cookies it needs to work, so it does not ask for your consent to them. It sets no
          analytics or advertising cookies and loads nothing from other sites.
        </p>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Essential cookies</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Purpose</th>
              <th scope="col" className="govuk-table__header">Expires</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {COOKIES.map(([name, purpose, expires]) => (
              <tr key={name} className="govuk-table__row">
                <td className="govuk-table__cell">{name}</td>
                <td className="govuk-table__cell">{purpose}</td>
                <td className="govuk-table__cell">{expires}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="govuk-body">On a secure (https) address the session and form cookies&apos; names start with __Secure- or __Host-.</p>
      </div>
    </div>
  );
}
