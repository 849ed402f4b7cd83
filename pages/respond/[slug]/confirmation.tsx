// The confirmation after submitting: the reference number, and what happens next. Served by
// the Pages Router with no JavaScript at all.
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { loadRespond, redirectTo, respondentPage, type RespondProps } from "@/app/_server/respond";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import { formatDateTime } from "@/lib/format";

import { PrivacyNotice } from "@/components/public/privacy-notice";
import { DEFAULT_PUBLIC_PRIVACY_NOTICE } from "@/lib/public/queries";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  org: string | null;
  reference: string;
  revision: number;
  organisationName: string;
  consultationTitle: string;
  submittedAt: string;
  submittedBy: string | null;
  email: string;
  closesAt: string | null;
  kind: string;
  canEdit: boolean;
  isPublic: boolean;
  publicReference: string | null;
  privacyNotice: string | null;
  retentionMonths: number;
};

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { actor, ctx, href, shell } = loaded;
  const r = ctx.response;
  if (r?.status !== "submitted" || !r.reference) return redirectTo(href());
  const view: View = {
    slug: ctx.consultation.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    reference: r.reference,
    revision: r.revision,
    organisationName: ctx.organisation.name,
    consultationTitle: ctx.consultation.title,
    submittedAt: formatDateTime(r.submittedAt),
    submittedBy: r.submittedByName ?? null,
    email: actor.email,
    closesAt: ctx.consultation.closesAt ? formatDateTime(ctx.consultation.closesAt) : null,
    kind: ctx.consultation.kind,
    canEdit: ctx.canEdit,
    isPublic: ctx.respondentUserId !== null,
    publicReference: r.publicReference ?? null,
    privacyNotice: ctx.respondentUserId !== null ? ctx.consultation.privacyNotice.trim() || DEFAULT_PUBLIC_PRIVACY_NOTICE : null,
    retentionMonths: ctx.consultation.retentionMonths,
  };
  return { props: { shell, problem: null, view } };
});

export default function ConfirmationPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  const amended = v.revision > 1;
  return (
    <RespondPage shell={shell} problem={problem} title="Response submitted">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">{amended ? "Changes submitted" : "Response submitted"}</h1>
            <div className="govuk-panel__body">
              Your reference number
              <br />
              <strong data-testid="reference">{v.reference}</strong>
            </div>
          </div>
          <p className="govuk-body">
            {v.isPublic ? "Your" : `${v.organisationName}'s`} {amended ? `amended response (version ${v.revision})` : "response"} to “{v.consultationTitle}” was
            submitted on {v.submittedAt}
            {v.submittedBy && !v.isPublic ? ` by ${v.submittedBy}` : ""}.
          </p>
          {v.publicReference && (
            <p className="govuk-body" data-testid="public-reference">
              If your response is published, it will show the public reference <strong>{v.publicReference}</strong>. Keep your reference number above
              private: it is your proof of what you sent.
            </p>
          )}
          <p className="govuk-body">
            We have sent a copy of your answers to <strong>{v.email}</strong>.
          </p>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">
            {v.isPublic ? "The council reads every response" : "The council reads every partner organisation's response"}
            {v.closesAt ? ` after the consultation closes on ${v.closesAt}` : ""}.
            {v.kind === "consultation_to_answer"
              ? " Your views inform the council's own answers, which go to the Overview and Scrutiny Committee before they are sent."
              : " The answers are collated and reported to the partnership board."}
          </p>
          {v.canEdit && (
            <p className="govuk-body">
              If something needs to change, you can{" "}
              <Link className="govuk-link" href={href()}>
                {v.isPublic ? "change your answers" : "change your organisation's answers"}
              </Link>{" "}
              until {v.closesAt} and submit them again.
            </p>
          )}
          {v.privacyNotice && <PrivacyNotice notice={v.privacyNotice} retentionMonths={v.retentionMonths} />}
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" href={href("/submitted")}>
                View what you submitted
              </Link>
            </li>
            <li>
              <Link className="govuk-link" href={v.isPublic ? "/consultations" : "/"}>
                {v.isPublic ? "Back to consultations" : "Back to your consultations"}
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </RespondPage>
  );
}
