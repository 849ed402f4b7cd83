// The record of a final document's endorsement, shared by the public page and the council's:
// whether the final text still matches the hash recorded when it was put for endorsement, and
// each organisation's named signatory, decision and reservations. Plain markup, no JavaScript.
// A decision signed for an organisation since merged into another is shown under the kept one,
// with the organisation it was signed for (the record itself is never rewritten).
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";

export type EndorsementRecordProps = {
  final: { version: number; label: string; finalAt: string; storedHash: string; matches: boolean };
  endorsements: { id: string; organisationName: string; signedAs: string | null; decision: string; decisionLabel: string; reservations: string; signatoryName: string; signatoryPosition: string; decidedAt: string; matches: boolean }[];
};

const COLOURS: Record<string, string> = { endorse: "govuk-tag--green", endorse_with_reservations: "govuk-tag--yellow", not_endorse: "govuk-tag--red" };

export function EndorsementRecord({ final, endorsements }: EndorsementRecordProps) {
  return (
    <>
      {final.matches ? (
        <div className="govuk-inset-text" data-testid="final-verified">
          The final text (version {final.version}: {final.label}) is the text put for endorsement on {final.finalAt}: its SHA-256 fingerprint,
          recomputed now, matches the one recorded.
          <br />
          <span className="govuk-body-s app-monospace app-break-all">SHA-256 {final.storedHash}</span>
        </div>
      ) : (
        <div className="govuk-warning-text" data-testid="final-not-verified">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The stored text of version {final.version} no longer matches the text put for endorsement on {final.finalAt}. The endorsements below were given to the text as it was then.
          </strong>
        </div>
      )}
      {endorsements.length === 0 ? (
        <p className="govuk-body">No organisation has recorded its decision yet.</p>
      ) : (
        <Table caption="Decisions of partner organisations" captionSize="m" columns={["Organisation", "Decision", "Signed by", "Reservations or reasons"]} data-testid="endorsements">
          {endorsements.map((e) => (
            <Tr key={e.id}>
              <RowHeader>
                {e.organisationName}
                {e.signedAs && (
                  <>
                    <br />
                    <span className="govuk-body-s" data-testid="signed-as">
                      Signed for {e.signedAs}, since merged into {e.organisationName}
                    </span>
                  </>
                )}
              </RowHeader>
              <Td>
                <strong className={`govuk-tag ${COLOURS[e.decision] ?? ""}`}>{e.decisionLabel}</strong>
              </Td>
              <Td>
                {e.signatoryName}, {e.signatoryPosition}
                <br />
                <span className="govuk-body-s">{e.decidedAt}</span>
                {!e.matches && <span className="govuk-body-s"> (given to the text as it was then)</span>}
              </Td>
              <Td className="app-pre-wrap">{e.reservations || "None"}</Td>
            </Tr>
          ))}
        </Table>
      )}
    </>
  );
}
