// How audit actions read to people, in the filter's dropdown and the table: one label per
// action kind the code writes. AuditInput.action is typed by this list, so writing a new kind
// without a label does not compile (and labels.test.ts checks the source as well).

export const AUDIT_ACTION_LABELS = {
  "consultation.create": "Consultation created",
  "consultation.update": "Consultation settings changed",
  "consultation.version": "New version of the questions published",
  "consultation.publish": "Consultation published",
  "consultation.close": "Consultation closed",
  "consultation.reopen": "Consultation reopened for amendments",
  "consultation.duplicate": "Consultation duplicated",
  "stage.create": "Stage added",
  "stage.update": "Stage changed",
  "stage.delete": "Stage deleted",
  "stage.move": "Stage moved",
  "chapter.create": "Chapter added",
  "chapter.update": "Chapter changed",
  "chapter.delete": "Chapter deleted",
  "chapter.move": "Chapter moved",
  "question.create": "Question added",
  "question.update": "Question changed",
  "question.delete": "Question deleted",
  "question.move": "Question moved",
  "question.reuse": "Questions added from the question bank",
  "invitation.create": "Partners invited",
  "invitation.delete": "Invitation withdrawn",
  "invitation.send": "Invitation emails sent",
  "reminder.send": "Reminder emails sent",
  "response.save": "Answer saved",
  "response.submit": "Response submitted",
  "response.amend": "Response amended",
  "draft_answer.save": "Council's draft answer saved",
  "draft_answer.assign": "Draft answers assigned",
  "draft_answer.restore": "Earlier version of a draft answer restored",
  "theme.create": "Theme added to a question's codeframe",
  "theme.update": "Theme renamed or described",
  "theme.merge": "Themes merged",
  "theme.split": "Theme split",
  "theme.delete": "Theme deleted",
  "theme.rules": "Keyword rules of a theme changed",
  "theme.apply_rules": "Keyword rules applied to the answers",
  "answer_tags.set": "Answer's themes changed",
  "theme.suggest": "Theme suggestions started",
  "theme.suggest_cancel": "Theme suggestions cancelled",
  "theme.accept_suggestion": "Suggested theme accepted",
  "theme.reject_suggestion": "Suggested theme rejected",
  "answer_set.send_for_review": "Answers sent for review",
  "comment.add": "Comment added",
  "comment.reply": "Reply to a comment added",
  "comment.resolve": "Comment thread resolved",
  "comment.reopen": "Comment thread reopened",
  "resolution.record": "Committee's resolution recorded",
  "signoff.approve": "Answers approved (signed off)",
  "signoff.return": "Answers returned",
  "signoff.reopen": "Signed-off answers reopened",
  "export.request": "Export requested",
  "organisation.create": "Organisation added",
  "organisation.update": "Organisation renamed",
  "organisation.merge": "Organisations merged",
  "branding.update": "Council letterhead changed",
  "user.create": "Person added",
  "user.update": "Person's details changed",
  "user.deactivate": "Person deactivated",
  "user.reactivate": "Person reactivated",
  "user.end_sessions": "Person's sessions ended",
  "membership.grant": "Role given",
  "membership.revoke": "Role removed",
  "api_key.create": "API key created",
  "api_key.revoke": "API key revoked",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action);
}

/** The action's label; an action no longer written (an old entry) falls back to its dotted name in words. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action.replace(/[._]/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** Keys shown first and named plainly in the audit table. */
export const AUDIT_KEY_LABELS: Record<string, string> = {
  question: "Question",
  text: "Text",
  status: "Status",
  assigneeId: "Assignee id",
  assignee: "Assigned to",
  assignees: "Assigned to",
  inReplyTo: "In reply to comment",
  answers: "Answers",
  questions: "Questions",
  version: "Version",
  answerSetStatus: "Answer set status",
  answerSetVersion: "Answer set version",
  hash: "SHA-256",
  note: "Note",
  reason: "Reason",
  body: "Comment",
  committee: "Committee",
  meetingDate: "Meeting date",
  markedReady: "Marked ready for review",
};
