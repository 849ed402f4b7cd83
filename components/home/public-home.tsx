// The home page for someone not signed in: what the service is, the consultations open now
// (each linking to its public page) and how to sign in. Signed-in people get their own work.
import Link from "next/link";
import { formatDate, label } from "@/lib/format";

export type OpenConsultation = {
  id: string;
  slug: string;
  title: string;
  kind: string;
  askedBy: string | null;
  /** The UK calendar day it closes ("YYYY-MM-DD"), if set. */
  closesOn: string | null;
  /** The UK calendar day it opens, when that is still to come. */
  opensOn: string | null;
  currentStage: string | null;
};

export function PublicHome({ serviceName, open, microsoft }: { serviceName: string; open: OpenConsultation[]; microsoft: boolean }) {
  return (
    <div className="govuk-grid-row" data-testid="public-home">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{serviceName}</h1>
        <p className="govuk-body-l">
          The council&apos;s consultations and partner questionnaires. Anyone can read what each one is about; invited partner organisations answer online.
        </p>

        <h2 className="govuk-heading-m" id="open-heading">
          Open for responses
        </h2>
        {open.length === 0 ? (
          <p className="govuk-body">No consultations are open at the moment.</p>
        ) : (
          <ul className="govuk-list" aria-labelledby="open-heading" data-testid="open-consultations">
            {open.map((c) => (
              <li key={c.id} className="govuk-!-margin-bottom-4">
                <Link className="govuk-link govuk-!-font-weight-bold" href={`/consultations/${c.slug}`}>
                  {c.title}
                </Link>
                <br />
                <span className="govuk-body-s">
                  {label(c.kind)}
                  {c.askedBy ? ` from ${c.askedBy}` : ""}
                  {c.opensOn ? ` · Opens ${formatDate(c.opensOn)}` : ""}
                  {c.closesOn ? ` · Closes 11:59pm on ${formatDate(c.closesOn)}` : ""}
                  {c.currentStage ? ` · Current stage: ${c.currentStage}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" href="/consultations">
            See every consultation, including closed ones
          </Link>
        </p>

        <h2 className="govuk-heading-m" id="sign-in-heading">
          Sign in to respond or to work on a consultation
        </h2>
        <p className="govuk-body">
          Partner organisations (police, health, the voluntary sector, parish councils, businesses) sign in with the email address the council invited. We email you a link to
          sign in: there is no password to remember. Colleagues at the same organisation answer one response together.
        </p>
        <p className="govuk-body">
          Council officers, committee members and signatories sign in the same way{microsoft ? ", or with their council Microsoft account" : ""}.
        </p>
        <Link href="/sign-in" role="button" draggable={false} className="govuk-button govuk-button--start" data-module="govuk-button">
          Sign in
          <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </Link>
        <p className="govuk-body">
          Not invited yet? Ask the council: each consultation&apos;s page says who may respond and how.
        </p>
      </div>
    </div>
  );
}
