import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime } from "@/lib/format";
import { returnContext } from "../../_page";

export const metadata: Metadata = { title: "Return submitted" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ periodId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReturnSubmittedPage({ params, searchParams }: Props) {
  const { periodId } = await params;
  const { form } = await returnContext(periodId, (await searchParams).organisation, `/returns/${periodId}/submitted`);
  const ret = form.ret;
  if (!ret || ret.status !== "submitted") {
    return (
      <>
        <h1 className="govuk-heading-l">This return has not been submitted</h1>
        <p className="govuk-body">
          <Link className="govuk-link" href={`/returns/${periodId}?organisation=${form.organisation.id}`}>
            Go to the return
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation" data-testid="receipt">
        <h1 className="govuk-panel__title">{ret.revision > 1 ? "Amendment submitted" : "Return submitted"}</h1>
        <div className="govuk-panel__body">
          Your reference
          <br />
          <strong>{ret.reference}</strong>
        </div>
      </div>
      <p className="govuk-body">
        {form.organisation.name}&apos;s {form.period.label} return to {form.plan.title} was submitted on {formatDateTime(ret.submittedAt)}
        {ret.revision > 1 ? ` (amendment ${ret.revision - 1})` : ""}.
      </p>
      <h2 className="govuk-heading-m">What happens next</h2>
      <p className="govuk-body">
        The council&apos;s officers collate every partner&apos;s return into the action-plan report for the LSP Executive Board and the overview and scrutiny committee. You can still
        change your return and submit an amendment until the period closes on {formatDate(form.period.closesAt)}.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" href={`/returns/${periodId}?organisation=${form.organisation.id}`}>
          View or change your return
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" href="/returns">
          All progress returns
        </Link>
      </p>
    </>
  );
}
