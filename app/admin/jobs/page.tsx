import type { Metadata } from "next";
import Link from "next/link";
import { KeysetPager } from "@/components/collation/pager";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { SuccessBanner } from "@/components/ui/success-banner";
import { Table, Td, Tr } from "@/components/ui/table";
import { countText } from "@/lib/admin/counts";
import { JOB_LIST_TEXT, JOB_LISTS, jobStateText, jobText, listJobs } from "@/lib/admin/jobs";
import { formatDateTime } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { retryJobAction } from "./actions";

export const metadata: Metadata = { title: "Background jobs" };

export default async function JobsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const { actor, db } = await pageContext("/admin/jobs");
  const result = await orPage(listJobs(db, { list: param(sp.list), after: param(sp.after), before: param(sp.before) }, actor));
  const showError = result.list === "failed" || result.list === "waiting";
  const listName = JOB_LIST_TEXT[result.list].toLowerCase();
  return (
    <>
      {param(sp.retried) && (
        <SuccessBanner titleId="retried-title" heading="The job is queued again" testId="job-retried">
          <p className="govuk-body">A worker runs it within seconds; it shows under Running, then Done or Failed.</p>
        </SuccessBanner>
      )}
      <h1 className="govuk-heading-l">Background jobs</h1>
      <p className="govuk-body">
        Emails, exports, theme suggestions and the daily checks run in the background, on whichever instance of the service takes them. A job
        that fails is tried again a few times, then listed here as failed: fix what its error names (the email server, say) and try it again.
      </p>
      <nav aria-label="Lists of jobs" data-testid="job-lists">
        <ul className="govuk-list app-inline-list">
          {JOB_LISTS.map((l) => (
            <li key={l}>
              {l === result.list ? (
                <strong aria-current="page">
                  {JOB_LIST_TEXT[l]} ({countText(result.counts[l])})
                </strong>
              ) : (
                <Link className="govuk-link" href={`/admin/jobs?list=${l}`}>
                  {JOB_LIST_TEXT[l]} ({countText(result.counts[l])})
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {result.rows.length === 0 ? (
        <p className="govuk-body">No {listName} jobs.</p>
      ) : (
        <Table
          data-testid="jobs-table"
          caption={result.total === 1 ? `1 ${listName} job` : `${countText(result.total)} ${listName} jobs, newest first`}
          columns={["Job", "State", showError && "Last error", result.list === "failed" && <span className="govuk-visually-hidden">Action</span>]}
        >
          {result.rows.map((j) => (
            <Tr key={j.id} id={`job-${j.id}`} data-testid="job-row">
              <Td>
                {jobText(j.name)}
                <br />
                <span className="govuk-body-s">Queued {formatDateTime(j.createdAt)}</span>
              </Td>
              <Td className="govuk-body-s">{jobStateText(result.list, j)}</Td>
              {showError && <Td className="govuk-body-s app-break-words">{j.lastError ?? "None"}</Td>}
              {result.list === "failed" && (
                <Td>
                  <ActionForm action={retryJobAction} permalink="/admin/jobs?list=failed" item={`job-${j.id}`} idPrefix={`job-${j.id}-`}>
                    <input type="hidden" name="jobId" value={j.id} />
                    <SubmitButton secondary>
                      <span className="app-nowrap">Try again</span>
                      <span className="govuk-visually-hidden">
                        {" "}
                        ({jobText(j.name)}, failed {formatDateTime(j.finishedAt)}, job {j.id.slice(0, 8)})
                      </span>
                    </SubmitButton>
                  </ActionForm>
                </Td>
              )}
            </Tr>
          ))}
        </Table>
      )}
      <KeysetPager
        label="Pages of jobs"
        base="/admin/jobs"
        current={{ list: result.list }}
        page={result}
        prevText="Newer"
        nextText="Older"
        hiddenSuffix=" jobs"
      />
    </>
  );
}
