// The officer's workspace for one consultation: its title and status, and a tab for each
// part of the work. Each page checks its own permission; this layout only requires that
// the person works for the council that owns the consultation.
import { notFound } from "next/navigation";
import { SubNav, type SubNavItem } from "@/components/layout/sub-nav";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { getConsultation } from "@/lib/consultations/queries";
import { label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { isUuid } from "@/lib/sql";

export default async function ManageLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const c = await getConsultation(await getDb(), id);
  if (!c) notFound();
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const actor = await requirePermission("consultation.read_responses", resource, `/manage/${id}`);
  const base = `/manage/${id}`;
  const items: SubNavItem[] = [{ href: base, text: "Overview", exact: true }];
  if (can(actor, "consultation.manage", resource)) {
    items.push({ href: `${base}/edit`, text: "Questions" }, { href: `${base}/audience`, text: "Audience" });
  }
  items.push({ href: `${base}/responses`, text: "Responses" }, { href: `${base}/collate`, text: "Collation" });
  items.push({ href: `${base}/documents`, text: "Documents" });
  if (c.kind === "consultation_to_answer") {
    items.push({ href: `${base}/drafting`, text: "Council's answers" }, { href: `${base}/review`, text: "Review" }, { href: `${base}/sign-off`, text: "Sign-off" });
  }
  if (can(actor, "publication.moderate", resource) && c.publishResponses !== "no") items.push({ href: `${base}/moderation`, text: "Moderation" });
  if (can(actor, "outcome.edit", resource)) items.push({ href: `${base}/outcome`, text: "Outcome" });
  items.push({ href: `${base}/exports`, text: "Exports" });
  if (can(actor, "audit.read", resource)) items.push({ href: `${base}/audit`, text: "Audit log" });
  return (
    <>
      <span className="govuk-caption-l">
        {label(c.kind)}
        {c.askedBy ? ` from ${c.askedBy}` : ""} · <Tag status={c.status}>{label(c.status)}</Tag>
      </span>
      <p className="govuk-heading-l govuk-!-margin-bottom-4">{c.title}</p>
      <SubNav label="Consultation" items={items} />
      {children}
    </>
  );
}
