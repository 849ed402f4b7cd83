import type { Metadata } from "next";
import Link from "next/link";
import { SearchForm } from "@/components/ui/search-form";
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { PERSON_EMAIL_SEARCH_MAX, readPersonEmailSearch } from "@/lib/input/search";
import { findPeopleByEmail } from "@/lib/public/person-data";
import { orPage, pageContext, type SearchParams } from "@/app/_server/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Personal data requests" };

/** Find the person who asked for their data (or its erasure) by their email address; a GET form, so it works without JavaScript. */
export default async function PeopleRequestsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, db } = await pageContext("/admin/people");
  // A refused search (too short, too long, a NUL) says why at its field and keeps what was typed.
  const search = readPersonEmailSearch((await searchParams).email);
  const found = search && !search.error ? await orPage(findPeopleByEmail(db, search.q, actor)) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummaryView fields={{ email: search?.error }} />
        <h1 className="govuk-heading-l">Personal data requests</h1>
        <p className="govuk-body">
          When someone asks for a copy of their personal data, or for it to be erased, check who they are first, then find them here by their email address.
        </p>
        <SearchForm action="/admin/people" name="email" label="Email address" hint="All or part of it" error={search?.error} defaultValue={search?.typed ?? ""} maxLength={PERSON_EMAIL_SEARCH_MAX} button="Find" width="govuk-!-width-two-thirds" noValidate />
        {found &&
          (found.people.length === 0 ? (
            <p className="govuk-body" data-testid="people-found">
              No one has an email address containing “{search?.q}”. Erased people cannot be found: nothing is held to find them by.
            </p>
          ) : (
            <Table
              data-testid="people-found"
              caption={`${found.more ? "The first 20 people" : plural(found.people.length, "person", "people")} with an email address containing “${search?.q}”`}
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
                  <Td>{p.roles === 0 ? "Member of the public" : plural(p.roles, "role")}</Td>
                </Tr>
              ))}
            </Table>
          ))}
      </div>
    </div>
  );
}
