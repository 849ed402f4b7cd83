// Draft-answer statuses as officers choose them (no imports, so browser code may use it).

/** Statuses an officer may choose; "approved" is set only by a signatory's sign-off. */
export const EDITABLE_DRAFT_STATUSES = ["not_started", "drafting", "ready_for_review"] as const;
export const DRAFT_STATUS_VALUES = ["not_started", "drafting", "ready_for_review", "approved"] as const;
export type DraftStatusValue = (typeof DRAFT_STATUS_VALUES)[number];
