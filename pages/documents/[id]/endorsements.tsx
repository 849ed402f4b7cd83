// Who endorsed the final version, for anyone: each partner organisation's decision with its named
// signatory and any reservations, and whether the final text still matches the SHA-256 recorded
// when it was put for endorsement (recomputed on every view). No JavaScript.
import type { GetServerSideProps } from "next";
import { loadDocumentPage, respondentPage } from "@/app/_server/documents";
import { problemPage, type RespondProps } from "@/app/_server/respond";
import { EndorsementRecord, type EndorsementRecordProps } from "@/components/documents/endorsement-record";
import { RespondPage } from "@/components/response/respond-page";
import { endorsingOrganisations, getEndorsements } from "@/lib/documents/endorsements";
import { formatDate, formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type View = EndorsementRecordProps & {
  documentId: string;
  title: string;
  consultationTitle: string;
  open: boolean;
  canEndorse: boolean;
  recorded: boolean;
};
type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadDocumentPage<View>(c, { signIn: false });
  if ("result" in loaded) return loaded.result;
  const { actor, db, view, shell } = loaded;
  const s = await getEndorsements(db, { documentId: view.document.id }, actor);
  if (!s.final) return problemPage(c, shell, "not_found");
  const mine = await endorsingOrganisations(db, view.document, actor);
  const result: View = {
    documentId: view.document.id,
    title: view.document.title,
    consultationTitle: view.consultation.title,
    open: s.window === "open",
    canEndorse: s.window === "open" && mine.some((o) => !s.endorsements.some((e) => e.organisationId === o.id)),
    recorded: c.query.recorded === "1",
    final: { version: s.final.version, label: s.final.label, finalAt: formatDate(s.final.finalAt), storedHash: s.final.storedHash, matches: s.final.matches },
    endorsements: s.endorsements.map((e) => ({
      id: e.id,
      organisationName: e.organisationName,
      signedAs: e.signedAs,
      decision: e.decision,
      decisionLabel: e.decisionLabel,
      reservations: e.reservations,
      signatoryName: e.signatoryName,
      signatoryPosition: e.signatoryPosition,
      decidedAt: formatDateTime(e.decidedAt),
      matches: e.matches,
    })),
  };
  return { props: { shell, problem: null, view: result } };
});

export default function EndorsementsPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  return (
    <RespondPage shell={shell} problem={problem} title={`Endorsements: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <a href={`/documents/${v.documentId}?version=${v.final.version}`} className="govuk-back-link">
            Back to the final version
          </a>
          {v.recorded && (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="recorded-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="recorded-title">
                  Success
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">Your organisation&apos;s decision has been recorded.</p>
              </div>
            </div>
          )}
          <span className="govuk-caption-l">{v.consultationTitle}</span>
          <h1 className="govuk-heading-l">Who has endorsed {v.title}</h1>
          <p className="govuk-body">{v.open ? "Partner organisations are recording their decisions on the final version." : "Endorsement of the final version has closed."}</p>
          {v.canEndorse && (
            <p className="govuk-body">
              <a className="govuk-link" href={`/documents/${v.documentId}/endorse`}>
                Record your organisation&apos;s decision
              </a>
            </p>
          )}
          <EndorsementRecord final={v.final} endorsements={v.endorsements} />
        </div>
      </div>
    </RespondPage>
  );
}
