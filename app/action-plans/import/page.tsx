import type { Metadata } from "next";
import Link from "next/link";
import { PlanJsonForm, PlanPasteForm } from "@/components/action-plans/plan-import-forms";
import { planOwnerFor } from "@/lib/action-plans/plan-format";
import { orPage, pageContext } from "@/app/_server/page";
import { importPlanJsonAction, pastePlanAction } from "../edit-actions";

export const metadata: Metadata = { title: "Import an action plan" };
export const dynamic = "force-dynamic";

export default async function ImportPlanPage() {
  const { actor } = await pageContext("/action-plans/import");
  await orPage(Promise.resolve().then(() => planOwnerFor(actor)));
  return (
    <>
      <Link href="/action-plans" className="govuk-back-link">
        Action plans
      </Link>
      <h1 className="govuk-heading-l">Import an action plan</h1>
      <PlanPasteForm action={pastePlanAction} />
      <h2 className="govuk-heading-l govuk-!-margin-top-9" id="json">
        Or import a plan file
      </h2>
      <PlanJsonForm action={importPlanJsonAction} />
    </>
  );
}
