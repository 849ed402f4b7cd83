import type { Metadata } from "next";
import Link from "next/link";
import { ReturnItemFields } from "@/components/action-plans/return-item-fields";
import { ActionForm } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import { itemView } from "@/lib/action-plans/present";
import { formatDate, formatDateTime } from "@/lib/format";
import { saveReturnAction } from "../actions";
import { returnContext } from "../_page";

export const metadata: Metadata = { title: "Your progress return" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ periodId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReturnPage({ params, searchParams }: Props) {
  const { periodId } = await params;
  const sp = await searchParams;
  const { form } = await returnContext(periodId, sp.organisation, `/returns/${periodId}`);
  const editable = form.canEdit && form.window.state === "open";
  const permalink = `/returns/${periodId}?organisation=${form.organisation.id}`;
  const submitted = form.ret?.status === "submitted";
  return (
    <>
      <Link href="/returns" className="govuk-back-link">
        All progress returns
      </Link>
      <span className="govuk-caption-l">{form.plan.title}</span>
      <h1 className="govuk-heading-l">
        {form.period.label} return for {form.organisation.name}
      </h1>
      <p className="govuk-body" data-testid="return-status">
        <Tag status={submitted ? "submitted" : form.ret ? "in_progress" : "not_started"}>{submitted ? `Submitted (revision ${form.ret!.revision})` : form.ret ? "In progress" : "Not started"}</Tag>{" "}
        Due {formatDate(form.period.dueAt)} · closes {formatDate(form.period.closesAt)}
        {form.window.late && <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-2">Late</strong>}
      </p>
      {form.window.message && <div className="govuk-inset-text">{form.window.message}</div>}
      {submitted && form.window.state === "open" && (
        <div className="govuk-inset-text" data-testid="amend-note">
          You submitted this return on {formatDateTime(form.ret!.submittedAt)} (reference {form.ret!.reference}). You can change it and submit an amendment until the period closes; each
          submission is kept.
        </div>
      )}
      <p className="govuk-body">
        Report on the {form.subjectCount} milestones, projects and indicators {form.organisation.name} leads. Last period&apos;s entry is shown beside each: if nothing has changed, use
        &ldquo;No change since last period&rdquo;. Give a RAG status for a milestone in progress, and a corrective action when it is Red.
      </p>
      <ActionForm action={saveReturnAction} permalink={permalink} ownConflictView>
        <input type="hidden" name="periodId" value={form.period.id} />
        <input type="hidden" name="organisationId" value={form.organisation.id} />
        {/* Pressing Enter in a field saves, rather than pressing the first "No change" button. */}
        {editable && (
          <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
            Save
          </button>
        )}
        {form.priorities.map((p) => (
          <section key={p.number} aria-labelledby={`priority-${p.number}`} className="govuk-!-margin-bottom-6">
            <h2 className="govuk-heading-m" id={`priority-${p.number}`}>
              Strategic Priority {p.number}: {p.title}
            </h2>
            {p.subjects.map((s) => (
              <ReturnItemFields key={s.subject.id} item={itemView(form, s)} disabled={!editable} />
            ))}
          </section>
        ))}
        {editable && (
          <div className="govuk-button-group">
            <button type="submit" name="intent" value="check" className="govuk-button" data-module="govuk-button">
              Save and check your return
            </button>
            <button type="submit" name="intent" value="save" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Save and come back later
            </button>
          </div>
        )}
      </ActionForm>
    </>
  );
}
