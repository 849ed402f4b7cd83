import type { Metadata } from "next";
import Link from "next/link";
import { PlanCsvForm } from "@/components/action-plans/plan-csv-form";
import { ActionForm, DrawnHidden, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { getPlanForEdit, INDICATOR_CSV_COLUMNS, MILESTONE_CSV_COLUMNS, type PlanForEdit } from "@/lib/action-plans/editor";
import { orPage, pageContext } from "@/app/_server/page";
import { Table, Td, Tr } from "@/components/ui/table";
import { ukDate } from "@/lib/consultations/dates";
import { formatDate } from "@/lib/format";
import { importPlanCsvAction, removePeriodAction, savePeriodAction, savePlanRowAction } from "../../edit-actions";
import { SuccessBanner } from "@/components/ui/success-banner";

export const metadata: Metadata = { title: "Edit an action plan" };
export const dynamic = "force-dynamic";

const UNITS = [
  { value: "percentage", text: "Percentage" },
  { value: "number", text: "Number" },
  { value: "currency", text: "Currency (£)" },
  { value: "count", text: "Count" },
  { value: "yes_no", text: "Yes or no" },
];
const POLARITY = [
  { value: "higher", text: "Higher is better" },
  { value: "lower", text: "Lower is better" },
];

type Priority = PlanForEdit["priorities"][number];

function Hidden({ planId, kind, id, version }: { planId: string; kind: string; id?: string; version?: number }) {
  return (
    <>
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="kind" value={kind} />
      {id && <input type="hidden" name="id" value={id} />}
      {/* The version as the form was drawn: a refresh (another row's save) must not move it past a colleague's change. */}
      {version !== undefined && <DrawnHidden name="version" value={String(version)} />}
    </>
  );
}

const figures = (f: { label: string; value: number }[]) => f.map((x) => `${x.label}: ${x.value}`).join("; ");

function IndicatorForm({ planId, p, i, owners, base }: { planId: string; p: Priority; i?: Priority["indicators"][number]; owners: { value: string; text: string }[]; base: string }) {
  return (
    <ActionForm action={savePlanRowAction} permalink={base} item={i ? `i-${i.id}` : `add-i-${p.id}`} idPrefix={`${i ? i.id : `new-i-${p.id}`}-`}>
      <Hidden planId={planId} kind="indicator" id={i?.id} version={i?.version} />
      <input type="hidden" name="priorityId" value={p.id} />
      <TextField name="code" label="Code" hint="For example NI 6 or LI 2.1" defaultValue={i?.code} width="govuk-input--width-10" />
      <TextField name="title" label="Title" defaultValue={i?.title} />
      <SelectField name="unit" label="Unit" options={UNITS} defaultValue={i?.unit ?? "percentage"} />
      <SelectField name="polarity" label="Polarity" options={POLARITY} defaultValue={i?.polarity ?? "higher"} />
      <TextField name="baseline" label="Baseline" defaultValue={i?.baseline === null || i?.baseline === undefined ? "" : String(i.baseline)} width="govuk-input--width-10" />
      <TextField name="baselineDate" label="Baseline date" hint="For example 2008/09" defaultValue={i?.baselineDate} width="govuk-input--width-10" />
      <TextField name="targets" label="Targets" hint="Each “year or period: value”, separated by semicolons, for example 2009/10: 33; 2010/11: 35" defaultValue={i ? figures(i.targets) : ""} />
      <TextField name="amberTolerance" label="Amber tolerance" hint="How far short of target (in the indicator's unit) is still Amber rather than Red" defaultValue={i ? String(i.amberTolerance) : "0"} width="govuk-input--width-5" />
      <SelectField name="ownerOrganisationId" label="Reported by" options={owners} defaultValue={i?.ownerOrganisationId ?? p.leadOrganisationId ?? ""} />
      <SubmitButton secondary={!i}>{i ? `Save ${i.code}` : "Add indicator"}</SubmitButton>
    </ActionForm>
  );
}

function ItemForm({ planId, p, m, owners, base }: { planId: string; p: Priority; m?: Priority["items"][number]; owners: { value: string; text: string }[]; base: string }) {
  return (
    <ActionForm action={savePlanRowAction} permalink={base} item={m ? `m-${m.id}` : `add-m-${p.id}`} idPrefix={`${m ? m.id : `new-m-${p.id}`}-`}>
      <Hidden planId={planId} kind="item" id={m?.id} version={m?.version} />
      <input type="hidden" name="priorityId" value={p.id} />
      <SelectField name="kind" label="Kind" options={[{ value: "milestone", text: "Milestone or output" }, { value: "project", text: "Funded project" }]} defaultValue={m?.kind ?? "milestone"} />
      <TextField name="number" label="Number" hint="For example 1.3, or P1.2 for a project" defaultValue={m?.number} width="govuk-input--width-5" />
      <TextAreaField name="text" label="Milestone" defaultValue={m?.text} rows={2} />
      <TextAreaField name="outcome" label="Expected outcome" defaultValue={m?.outcome} rows={2} />
      <TextField name="dueOn" label="Due date" hint="For example 31/03/2010" defaultValue={m?.dueOn ? m.dueOn.split("-").reverse().join("/") : ""} width="govuk-input--width-10" />
      <SelectField name="ownerOrganisationId" label="Owner" options={owners} defaultValue={m?.ownerOrganisationId ?? p.leadOrganisationId ?? ""} />
      <SubmitButton secondary={!m}>{m ? `Save ${m.number}` : "Add milestone"}</SubmitButton>
    </ActionForm>
  );
}

function RiskForm({ planId, p, r, base }: { planId: string; p: Priority; r?: Priority["risks"][number]; base: string }) {
  return (
    <ActionForm action={savePlanRowAction} permalink={base} item={r ? `r-${r.id}` : `add-r-${p.id}`} idPrefix={`${r ? r.id : `new-r-${p.id}`}-`}>
      <Hidden planId={planId} kind="risk" id={r?.id} version={r?.version} />
      <input type="hidden" name="priorityId" value={p.id} />
      <TextAreaField name="risk" label="Key risk" defaultValue={r?.risk} rows={2} />
      <TextAreaField name="mitigation" label="Action to mitigate it" defaultValue={r?.mitigation} rows={2} />
      <SubmitButton secondary={!r}>{r ? "Save risk" : "Add risk"}</SubmitButton>
    </ActionForm>
  );
}

type Period = PlanForEdit["periods"][number];
const ukDay = (d: Date) => (ukDate(d) ?? "").split("-").reverse().join("/");

function PeriodForm({ planId, p, base }: { planId: string; p?: Period; base: string }) {
  return (
    <ActionForm action={savePeriodAction} permalink={base} item={p ? `period-${p.id}` : "add-period"} idPrefix={`${p ? p.id : "new-period"}-`}>
      <input type="hidden" name="planId" value={planId} />
      {p && <input type="hidden" name="id" value={p.id} />}
      {p && <DrawnHidden name="version" value={String(p.version)} />}
      <TextField name="label" label="Label" hint="For example Q1 2010/11" defaultValue={p?.label} width="govuk-input--width-10" />
      <TextField name="yearLabel" label="Plan year (optional)" hint="The year a per-year target is read from, for example 2010/11; taken from the label when left blank" defaultValue={p?.yearLabel} width="govuk-input--width-10" />
      <TextField name="opensOn" label="Opens" hint="The day partners are invited to report, for example 1/7/2010" defaultValue={p ? ukDay(p.opensAt) : ""} width="govuk-input--width-10" />
      <TextField name="dueOn" label="Due" hint="The last day to submit on time" defaultValue={p ? ukDay(p.dueAt) : ""} width="govuk-input--width-10" />
      <TextField name="closesOn" label="Closes" hint="The last day a return can be changed" defaultValue={p ? ukDay(p.closesAt) : ""} width="govuk-input--width-10" />
      <SubmitButton secondary={!p}>{p ? `Save ${p.label}` : "Add period"}</SubmitButton>
    </ActionForm>
  );
}

function Periods({ planId, periods, base }: { planId: string; periods: Period[]; base: string }) {
  return (
    <section aria-labelledby="periods" className="govuk-!-margin-bottom-8" data-testid="edit-periods">
      <h2 className="govuk-heading-m" id="periods">
        Reporting periods
      </h2>
      <p className="govuk-body">Each period opens, is due and closes on the days below (UK time). Periods that have opened are history and cannot be changed or removed.</p>
      {periods.length > 0 && (
        <Table caption="Reporting periods" captionClassName="govuk-table__caption govuk-visually-hidden" columns={["Period", "Opens", "Due", "Closes", "State"]}>
          {periods.map((p) => (
            <Tr key={p.id} data-testid="edit-period" data-label={p.label}>
              <Td>{p.label}</Td>
              <Td>{formatDate(p.opensAt)}</Td>
              <Td>{formatDate(p.dueAt)}</Td>
              <Td>{formatDate(p.closesAt)}</Td>
              <Td>{p.opened ? "Opened" : "Not yet open"}</Td>
            </Tr>
          ))}
        </Table>
      )}
      {periods
        .filter((p) => !p.opened)
        .map((p) => (
          <Expander key={p.id} id={`period-${p.id}`} summary={`Change or remove ${p.label}`} testId="edit-period-form">
            <PeriodForm planId={planId} p={p} base={base} />
            <ActionForm action={removePeriodAction} permalink={base} item={`period-${p.id}`} idPrefix={`remove-${p.id}-`}>
              <input type="hidden" name="planId" value={planId} />
              <input type="hidden" name="id" value={p.id} />
              <DrawnHidden name="version" value={String(p.version)} />
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                Remove {p.label}
              </button>
            </ActionForm>
          </Expander>
        ))}
      <Expander id="add-period" summary="Add a reporting period" testId="add-period">
        <PeriodForm planId={planId} base={base} />
      </Expander>
    </section>
  );
}

function Expander({ id, summary, children, testId }: { id: string; summary: string; children: React.ReactNode; testId?: string }) {
  return (
    <details className="govuk-details govuk-!-margin-bottom-2" id={id} data-testid={testId}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

export default async function EditPlanPage({ params, searchParams }: { params: Promise<{ planId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { planId } = await params;
  const sp = await searchParams;
  const base = `/action-plans/${planId}/edit`;
  const { actor, db } = await pageContext(base);
  const e = await orPage(getPlanForEdit(db, planId, actor));
  const owners = e.organisations.map((o) => ({ value: o.id, text: o.name }));
  const leads = [{ value: "", text: "To be established" }, ...owners];
  return (
    <>
      <Link href="/action-plans" className="govuk-back-link">
        Action plans
      </Link>
      {sp.created && (
        <SuccessBanner titleId="created-title" heading={<>The plan has been created. Set each priority&apos;s lead and who reports each item.</>} />
      )}
      <span className="govuk-caption-l">Edit the action plan</span>
      <h1 className="govuk-heading-l">{e.plan.title}</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`/action-plans/${planId}/plan.json`} download>
          Download the plan as a file (JSON)
        </a>{" "}
        · the format is described in the README (“Action plan files”).
      </p>
      <Periods planId={planId} periods={e.periods} base={base} />
      {e.priorities.map((p) => (
        <section key={p.id} aria-labelledby={`p-${p.number}`} className="govuk-!-margin-bottom-8" data-testid="edit-priority">
          <h2 className="govuk-heading-m" id={`p-${p.number}`}>
            Strategic Priority {p.number}: {p.title}
          </h2>
          <Expander id={`pr-${p.id}`} summary={`Priority ${p.number}: title, lead and resources`}>
            <ActionForm action={savePlanRowAction} permalink={base} item={`pr-${p.id}`} idPrefix={`${p.id}-`}>
              <Hidden planId={planId} kind="priority" id={p.id} version={p.version} />
              <TextField name="number" label="Number" defaultValue={String(p.number)} width="govuk-input--width-3" />
              <TextField name="title" label="Title" defaultValue={p.title} />
              <SelectField name="leadOrganisationId" label="Lead organisation" options={leads} defaultValue={p.leadOrganisationId ?? ""} />
              <TextField name="leadText" label="Lead as the plan words it" defaultValue={p.leadText} />
              <TextAreaField name="resources" label="Resources" defaultValue={p.resources} rows={2} />
              <TextAreaField name="comments" label="Progress comments" defaultValue={p.comments} rows={3} />
              <SubmitButton>Save priority {p.number}</SubmitButton>
            </ActionForm>
          </Expander>
          <h3 className="govuk-heading-s">Indicators</h3>
          {p.indicators.map((i) => (
            <Expander key={i.id} id={`i-${i.id}`} summary={`${i.code} ${i.title}`} testId="edit-indicator">
              <IndicatorForm planId={planId} p={p} i={i} owners={owners} base={base} />
            </Expander>
          ))}
          <Expander id={`add-i-${p.id}`} summary={`Add an indicator to priority ${p.number}`}>
            <IndicatorForm planId={planId} p={p} owners={owners} base={base} />
          </Expander>
          <h3 className="govuk-heading-s">Milestones and funded projects</h3>
          {p.items.map((m) => (
            <Expander key={m.id} id={`m-${m.id}`} summary={`${m.number} ${m.text.length > 90 ? `${m.text.slice(0, 90)}…` : m.text}`} testId="edit-item">
              <ItemForm planId={planId} p={p} m={m} owners={owners} base={base} />
            </Expander>
          ))}
          <Expander id={`add-m-${p.id}`} summary={`Add a milestone to priority ${p.number}`}>
            <ItemForm planId={planId} p={p} owners={owners} base={base} />
          </Expander>
          <h3 className="govuk-heading-s">Key risks</h3>
          {p.risks.map((r, n) => (
            <Expander key={r.id} id={`r-${r.id}`} summary={`Risk ${n + 1}: ${r.risk.length > 90 ? `${r.risk.slice(0, 90)}…` : r.risk}`}>
              <RiskForm planId={planId} p={p} r={r} base={base} />
            </Expander>
          ))}
          <Expander id={`add-r-${p.id}`} summary={`Add a risk to priority ${p.number}`}>
            <RiskForm planId={planId} p={p} base={base} />
          </Expander>
        </section>
      ))}
      <h2 className="govuk-heading-m" id="csv">
        Import indicators or milestones from a CSV
      </h2>
      <p className="govuk-body">
        A header row, then one row each. Indicators: {INDICATOR_CSV_COLUMNS.join(", ")}. Milestones: {MILESTONE_CSV_COLUMNS.join(", ")}. Priority by number, owner by
        organisation name, targets as “2009/10: 33; 2010/11: 35”. A row whose code or number is already in the plan updates it. Every row is checked first: if any is wrong,
        nothing is imported.
      </p>
      <PlanCsvForm action={importPlanCsvAction} planId={planId} permalink={`${base}#csv`} />
    </>
  );
}
