import type { Metadata } from "next";
import Link from "next/link";
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import { findPersonSchema } from "@/lib/admin/schemas";
import { findPeopleByEmail } from "@/lib/public/person-data";
import { orPage, pageContext, param, type SearchParams } from "../../manage/[id]/collate/_page";

export const metadata: Metadata = { title: "Personal data requests" };

/** Find the person who asked for their data (or its erasure) by their email address; a GET form, so it works without JavaScript. */
export default async function PeopleRequestsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, db } = await pageContext("/admin/people");
  const typed = param((await searchParams).email);
  const parsed = typed === undefined ? undefined : findPersonSchema.safeParse({ email: typed });
  const error = parsed && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  const found = parsed?.success ? await orPage(findPeopleByEmail(db, parsed.data.email, actor)) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Personal data requests</h1>
        <p className="govuk-body">
          When someone asks for a copy of their personal data, or for it to be erased, check who they are first, then find them here by their email address.
        </p>
        {error && (
          <div className="govuk-error-summary" data-module="govuk-error-summary">
            <div role="alert">
              <h2 className="govuk-error-summary__title">There is a problem</h2>
              <div className="govuk-error-summary__body">
                <ul className="govuk-list govuk-error-summary__list">
                  <li>
                    <a href="#email">{error}</a>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        )}
        <form method="get" action="/admin/people" role="search" className="govuk-!-margin-bottom-6" noValidate>
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="email">
              Email address
            </label>
            <div id="email-hint" className="govuk-hint">
              All or part of it
            </div>
            {error && (
              <p id="email-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <input
              className={`govuk-input govuk-!-width-two-thirds${error ? " govuk-input--error" : ""}`}
              id="email"
              name="email"
              type="search"
              spellCheck={false}
              autoComplete="off"
              defaultValue={typed ?? ""}
              aria-describedby={error ? "email-hint email-error" : "email-hint"}
            />
          </div>
          <button className="govuk-button govuk-button--secondary" type="submit">
            Find
          </button>
        </form>
        {found &&
          (found.people.length === 0 ? (
            <p className="govuk-body" data-testid="people-found">
              No one has an email address containing “{parsed?.data?.email}”. Erased people cannot be found: nothing is held to find them by.
            </p>
          ) : (
            <Table
              data-testid="people-found"
              caption={`${found.more ? "The first 20 people" : found.people.length === 1 ? "1 person" : `${found.people.length} people`} with an email address containing “${parsed?.data?.email}”`}
              columns={["Email address", "Name", "Roles"]}
            >
              {found.people.map((p) => (
                <Tr key={p.id}>
                  <Td className="app-break-all">
                    <Link className="govuk-link" href={`/admin/people/${p.id}`}>
                      {p.email}
                    </Link>
                  </Td>
                  <Td>
                    {p.name ?? "Not given"}
                    {p.deactivatedAt && (
                      <>
                        {" "}
                        <Tag status="deactivated">Deactivated</Tag>
                      </>
                    )}
                  </Td>
                  <Td>{p.roles === 0 ? "Member of the public" : p.roles === 1 ? "1 role" : `${p.roles} roles`}</Td>
                </Tr>
              ))}
            </Table>
          ))}
      </div>
    </div>
  );
}
