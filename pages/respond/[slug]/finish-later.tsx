// "Finish later": how a member of the public comes back to their response. Linked from the header
// for someone who started without signing in (they have no account to sign back in to). Served
// by the Pages Router with no JavaScript at all.
import type { GetServerSideProps } from "next";
import { loadRespond, respondentPage, type RespondProps } from "@/app/_server/respond";
import { respondLinks } from "@/components/response/links";
import { BesideResponsePage, RespondPage } from "@/components/response/respond-page";
import { formatDateTime } from "@/lib/format";

export const config = { unstable_runtimeJS: false };

type View = { slug: string; org: string | null; title: string; email: string; returnLink: boolean; closesAt: string | null; submitted: boolean };

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { ctx, shell, actor } = loaded;
  const co = ctx.consultation;
  const view: View = {
    slug: co.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    title: co.title,
    email: actor.email,
    returnLink: Boolean(actor.returnLink),
    closesAt: co.closesAt ? formatDateTime(co.closesAt) : null,
    submitted: ctx.response?.status === "submitted",
  };
  return { props: { shell, problem: null, view } };
});

export default function FinishLaterPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  return (
    <BesideResponsePage shell={shell} problem={problem} title="Finish your response later" consultationTitle={v.title} backHref={href()}>
      <p className="govuk-body">Your answers are kept each time you save a page. You can leave now and come back to them.</p>
      {v.returnLink ? (
        <>
          <h2 className="govuk-heading-m">How to come back</h2>
          <p className="govuk-body">
            Open the link in the email we sent to <strong>{v.email}</strong> when you started. It brings you back to this response on any device.
          </p>
          <p className="govuk-body">On this device, this browser also remembers your response for 90 days, unless you clear its cookies.</p>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Anyone with the link can see and change your response, so do not share it. On a shared computer, close the browser when you
              have finished.
            </strong>
          </div>
        </>
      ) : (
        <p className="govuk-body">To come back, sign in again with {v.email}: we will email you a link to sign in.</p>
      )}
      <p className="govuk-body">
        {v.submitted
          ? "Your response has been submitted. You can still change it"
          : "Your response is not sent to the council until you submit it. Submit it"}
        {v.closesAt ? ` before the consultation closes on ${v.closesAt}.` : " before the consultation closes."}
      </p>
    </BesideResponsePage>
  );
}
