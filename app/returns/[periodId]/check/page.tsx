import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { entryText, subjectLabel, subjectText } from "@/lib/action-plans/present";
import { readItem } from "@/lib/action-plans/rules";
import { formatDate } from "@/lib/format";
import { submitReturnAction } from "../../actions";
import { returnContext } from "../../_page";

export const metadata: Metadata = { title: "Check your return" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ periodId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CheckReturnPage({ params, searchParams }: Props) {
  const { periodId } = await params;
  const { form } = await returnContext(periodId, (await searchParams).organisation, `/returns/${periodId}/check`);
  const back = `/returns/${periodId}?organisation=${form.organisation.id}`;
  const missing = form.priorities.flatMap((p) =>
    p.subjects.flatMap((s) => {
      const v = s.current;
      const errors = readItem(s.subject, { status: v?.status ?? "", rag: v?.rag ?? "", commentary: v?.commentary ?? "", correctiveAction: v?.correctiveAction ?? "", actual: v?.actual === null || v?.actual === undefined ? "" : String(v.actual) }, { requireComplete: true }).errors;
      return Object.entries(errors).map(([field, message]) => ({ href: `${back}#f-${s.subject.id}-${field}`, message }));
    }),
  );
  const canSubmit = form.canEdit && form.window.state === "open" && missing.length === 0;
  const amending = form.ret?.status === "submitted";
  return (
    <>
      <Link href={back} className="govuk-back-link">
        Back to your return
      </Link>
      <span className="govuk-caption-l">
        {form.plan.title}: {form.period.label}
      </span>
      <h1 className="govuk-heading-l">Check your return before {amending ? "submitting the amendment" : "submitting it"}</h1>
      {missing.length > 0 && (
        <div className="govuk-error-summary" data-module="govuk-error-summary" data-testid="incomplete">
          <div role="alert">
            <h2 className="govuk-error-summary__title">Your return is not complete yet</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {missing.map((m) => (
                  <li key={m.href}>
                    <a href={m.href}>{m.message}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
      {form.priorities.map((p) => (
        <section key={p.number} aria-labelledby={`check-${p.number}`}>
          <h2 className="govuk-heading-m" id={`check-${p.number}`}>
            Strategic Priority {p.number}: {p.title}
          </h2>
          <dl className="govuk-summary-list govuk-!-margin-bottom-9">
            {p.subjects.map((s) => (
              <div className="govuk-summary-list__row" key={s.subject.id} data-testid="check-row">
                <dt className="govuk-summary-list__key">
                  {subjectLabel(s.subject)} {subjectText(s.subject)}
                </dt>
                <dd className="govuk-summary-list__value">
                  <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{entryText(s.subject, s.current)}</p>
                  {s.current?.commentary && <p className="govuk-body govuk-!-margin-bottom-1">{s.current.commentary}</p>}
                  {s.current?.correctiveAction && <p className="govuk-body govuk-!-margin-bottom-0">Corrective action: {s.current.correctiveAction}</p>}
                </dd>
                <dd className="govuk-summary-list__actions">
                  <a className="govuk-link" href={`${back}#item-${s.subject.id}`}>
                    Change<span className="govuk-visually-hidden"> {subjectLabel(s.subject)}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {canSubmit && (
        <ActionForm action={submitReturnAction} permalink={`/returns/${periodId}/check?organisation=${form.organisation.id}`}>
          <input type="hidden" name="periodId" value={form.period.id} />
          <input type="hidden" name="organisationId" value={form.organisation.id} />
          <input type="hidden" name="revision" value={form.ret?.revision ?? 0} />
          <h2 className="govuk-heading-m">Now send your return</h2>
          <p className="govuk-body">
            By submitting you confirm that this is {form.organisation.name}&apos;s progress for {form.period.label}, due {formatDate(form.period.dueAt)}. You can amend it until the period
            closes on {formatDate(form.period.closesAt)}.
          </p>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            {amending ? "Submit amendment" : "Submit return"}
          </button>
        </ActionForm>
      )}
    </>
  );
}
