import type { Metadata } from "next";
import Link from "next/link";
import { SearchForm } from "@/components/ui/search-form";
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import { findPersonSchema } from "@/lib/admin/schemas";
import { findPeopleByEmail } from "@/lib/public/person-data";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

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
        <SearchForm action="/admin/people" name="email" label="Email address" hint="All or part of it" error={error} defaultValue={typed ?? ""} button="Find" width="govuk-!-width-two-thirds" noValidate />
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
