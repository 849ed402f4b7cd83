// The kinds of notification: who gets each, in words for the settings page, and the policy
// action a recipient needs for the page the notification links to (a unit test checks that
// every recipient role is allowed it, so a notification never links to a refusal).
import { NOTIFICATION_KINDS, type NotificationKind } from "../../db/schema/notifications";
import type { Role } from "../../db/schema/organisations";
import type { Action } from "../auth/policy";

export { NOTIFICATION_KINDS, type NotificationKind };

export type KindInfo = {
  /** The checkbox's label on the settings page. */
  label: string;
  /** Who receives it, by role in the council that owns the consultation (or "invited" partners). */
  audience: { role: Role; of: "owner" } | { role: "partner"; of: "invited" };
  /** What the linked page needs (for council roles). */
  linkNeeds?: Action;
};

export const KIND_INFO: Record<NotificationKind, KindInfo> = {
  review_requested: { label: "The council's answers are sent to the committee for review", audience: { role: "scrutiny", of: "owner" }, linkNeeds: "review.read" },
  signoff_requested: { label: "The council's answers are ready for sign-off", audience: { role: "signatory", of: "owner" }, linkNeeds: "signoff.decide" },
  comment_added: { label: "Someone comments on a draft answer", audience: { role: "officer", of: "owner" }, linkNeeds: "review.read" },
  response_submitted: { label: "A partner submits or amends a response", audience: { role: "officer", of: "owner" }, linkNeeds: "consultation.read_responses" },
  answers_approved: { label: "The council's answers are signed off", audience: { role: "officer", of: "owner" }, linkNeeds: "draft_answer.read" },
  answers_returned: { label: "The council's answers are returned or reopened by a signatory", audience: { role: "officer", of: "owner" }, linkNeeds: "draft_answer.read" },
  consultation_closing: { label: "A consultation you are invited to closes soon", audience: { role: "partner", of: "invited" } },
  consultation_reopened: { label: "A consultation you are invited to reopens for amendments", audience: { role: "partner", of: "invited" } },
  document_comments_submitted: { label: "New comments on a draft document (a daily digest)", audience: { role: "officer", of: "owner" }, linkNeeds: "document.read_comments" },
  document_stage_opened: { label: "A draft document you are invited to comment on opens for comments", audience: { role: "partner", of: "invited" } },
  document_stage_closing: { label: "Comments on a draft document you are invited to comment on close soon", audience: { role: "partner", of: "invited" } },
  document_endorsed: { label: "A partner organisation endorses (or does not endorse) a final document", audience: { role: "officer", of: "owner" }, linkNeeds: "document.read_comments" },
  document_comment_answered: { label: "The council answers your organisation's comment on a draft document", audience: { role: "partner", of: "invited" } },
};

/** The kinds a person with these roles can receive: the settings page offers only these. */
export function kindsForRoles(roles: Iterable<Role>): NotificationKind[] {
  const held = new Set(roles);
  return NOTIFICATION_KINDS.filter((k) => held.has(KIND_INFO[k].audience.role));
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
