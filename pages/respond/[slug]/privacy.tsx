// The consultation's privacy notice. Served by the Pages Router with no JavaScript at all.
import type { GetServerSideProps } from "next";
import { loadRespond, respondentPage, type RespondProps } from "@/app/_server/respond";
import { respondLinks } from "@/components/response/links";
import { BesideResponsePage, RespondPage } from "@/components/response/respond-page";

export const config = { unstable_runtimeJS: false };

type View = { slug: string; org: string | null; title: string; notice: string; retentionMonths: number };

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { ctx, shell } = loaded;
  const co = ctx.consultation;
  const view: View = {
    slug: co.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    title: co.title,
    notice: co.privacyNotice || "The council uses your name and email address only to manage your organisation's response.",
    retentionMonths: co.retentionMonths,
  };
  return { props: { shell, problem: null, view } };
});

export default function PrivacyPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  return (
    <BesideResponsePage shell={shell} problem={problem} title="Privacy notice" consultationTitle={v.title} backHref={href()}>
      {v.notice.split(/\n{2,}/).map((p, i) => (
        <p className="govuk-body" key={i}>
          {p}
        </p>
      ))}
      <h2 className="govuk-heading-m">How long we keep it</h2>
      <p className="govuk-body">
        Responses to this consultation are kept for {v.retentionMonths} months. After that, your name and email address are
        removed; your organisation&apos;s answers may be kept in the council&apos;s published reports.
      </p>
      <h2 className="govuk-heading-m">Your rights</h2>
      <p className="govuk-body">
        You can ask the council for a copy of the personal data it holds about you, or ask for it to be erased. Erasing your
        details does not remove the answers your organisation submitted.
      </p>
    </BesideResponsePage>
  );
}
