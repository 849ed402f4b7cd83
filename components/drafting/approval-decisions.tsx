// Every decision on an approval, newest first: who decided what on which version, with the note,
// the SHA-256 of what was approved and who reopened it. The council's answers' sign-off page and
// the committee's panel on an action plan's report both show it.
import styles from "@/components/collation/collation.module.scss";
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import { formatDateTime } from "@/lib/format";
import type { SignOffView } from "@/lib/signoff/queries";

export function ApprovalDecisions({ decisions, caption, captionHidden, approvedText }: { decisions: SignOffView[]; caption: string; captionHidden?: boolean; approvedText: string }) {
  return (
    <Table data-testid="sign-off-history" caption={caption} captionClassName={captionHidden ? "govuk-table__caption govuk-visually-hidden" : undefined} columns={["When", "Who", "Decision", "Details"]}>
      {decisions.map((d) => (
        <Tr key={d.id}>
          <Td>{formatDateTime(d.decidedAt)}</Td>
          <Td>{d.decidedByName}</Td>
          <Td>
            {d.decision === "approved" ? <Tag status="approved">{approvedText}</Tag> : <Tag status="drafting">Returned</Tag>} version {d.answerSetVersion}
          </Td>
          <Td>
            {d.note && <p className={`govuk-body-s ${styles.answer}`}>{d.note}</p>}
            {d.hash && (
              <p className="govuk-body-s">
                SHA-256 <span className={styles.hash}>{d.hash}</span>
              </p>
            )}
            {d.reopenedAt && (
              <p className="govuk-body-s">
                Reopened by {d.reopenedByName}, {formatDateTime(d.reopenedAt)}: {d.reopenReason}
              </p>
            )}
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
