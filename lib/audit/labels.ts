// How audit actions read to people. Unknown actions fall back to their dotted name.

const ACTIONS: Record<string, string> = {
  "consultation.create": "Created the consultation",
  "consultation.publish": "Published the consultation",
  "consultation.update": "Changed the consultation",
  "consultation.close": "Closed the consultation",
  "draft_answer.save": "Saved a draft answer",
  "draft_answer.assign": "Assigned draft answers",
  "answer_set.send_for_review": "Sent the answers for review",
  "comment.add": "Commented",
  "comment.reply": "Replied to a comment",
  "comment.resolve": "Resolved a comment thread",
  "comment.reopen": "Reopened a comment thread",
  "resolution.record": "Recorded the committee's resolution",
  "signoff.approve": "Approved the answers (sign-off)",
  "signoff.return": "Returned the answers",
  "signoff.reopen": "Reopened the signed-off answers",
  "organisation.create": "Added an organisation",
  "user.create": "Added a person",
  "membership.grant": "Gave a role",
  "membership.revoke": "Removed a role",
  "user.end_sessions": "Ended a person's sessions",
};

export function auditActionLabel(action: string): string {
  return ACTIONS[action] ?? action.replace(/[._]/g, " ").replace(/^./, (c) => c.toUpperCase());
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
