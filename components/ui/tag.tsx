const COLOURS: Record<string, string> = {
  open: "govuk-tag--green",
  submitted: "govuk-tag--green",
  approved: "govuk-tag--green",
  signed_off: "govuk-tag--green",
  draft: "govuk-tag--grey",
  not_started: "govuk-tag--grey",
  closed: "govuk-tag--red",
  archived: "govuk-tag--grey",
  drafting: "govuk-tag--yellow",
  in_progress: "govuk-tag--yellow",
  in_review: "govuk-tag--blue",
  ready_for_review: "govuk-tag--blue",
  to_do: "govuk-tag--blue",
  deactivated: "govuk-tag--grey",
};

export function Tag({ status, children }: { status: string; children: React.ReactNode }) {
  return <strong className={`govuk-tag ${COLOURS[status] ?? ""}`}>{children}</strong>;
}
