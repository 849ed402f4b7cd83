// What the organisation submitted, version by version. Served by the Pages Router with no
// JavaScript at all.
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { loadRespond, problemPage, respondentPage, type RespondProps } from "@/app/_server/respond";
import { AnswerSummary } from "@/components/response/answer-summary";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import { formatDateTime } from "@/lib/format";
import { listSubmissions } from "@/lib/responses/queries";
import { answerSummary, type SummaryChapter } from "@/lib/responses/rules";

export const config = { unstable_runtimeJS: false };

type Version = { revision: number; submittedAt: string; by: string | null };
type View = {
  slug: string;
  org: string | null;
  consultationTitle: string;
  organisationName: string;
  reference: string | null;
  shown: Version;
  latest: number;
  others: Version[];
  summary: SummaryChapter[];
  chapterCount: number;
};

type Props = RespondProps<View>;

/** The organisation's own copy of this version, as a file (app/consultations/[slug]/our-response). */
function ownResponseHref(v: View, file: string): string {
  const q = new URLSearchParams();
  if (v.org) q.set("org", v.org);
  if (v.shown.revision !== v.latest) q.set("version", String(v.shown.revision));
  const qs = q.toString();
  return `/consultations/${encodeURIComponent(v.slug)}/our-response/${file}${qs ? `?${qs}` : ""}`;
}

const versionName = (revision: number) => (revision === 1 ? "Original response" : `Amendment ${revision - 1}`);

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { db, ctx, shell } = loaded;
  const history = ctx.response ? await listSubmissions(db, ctx.response.id) : [];
  if (!history.length) return problemPage(c, shell, "not_found");
  const wanted = typeof c.query.version === "string" ? Number(c.query.version) : history[0]!.revision;
  const shown = history.find((h) => h.revision === wanted);
  if (!shown) return problemPage(c, shell, "not_found");
  const version = (h: (typeof history)[number]): Version => ({ revision: h.revision, submittedAt: formatDateTime(h.submittedAt), by: h.submittedByName ?? null });
  const view: View = {
    slug: ctx.consultation.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    consultationTitle: ctx.consultation.title,
    // A member of the public's own response reads as theirs, not the public organisation's.
    organisationName: ctx.respondentUserId ? "you" : ctx.organisation.name,
    reference: ctx.response?.reference ?? null,
    shown: version(shown),
    latest: history[0]!.revision,
    others: history.filter((h) => h.revision !== shown.revision).map(version),
    summary: answerSummary(ctx.chapters, new Map(Object.entries(shown.answers as Record<string, unknown>)), { answeredOnly: true }),
    chapterCount: ctx.chapters.length,
  };
  return { props: { shell, problem: null, view } };
});

export default function SubmittedPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  return (
    <RespondPage shell={shell} problem={problem} title={v.organisationName === "you" ? "What you submitted" : "What your organisation submitted"}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link href={href()} className="govuk-back-link">
            Back to your response
          </Link>
          <span className="govuk-caption-l">{v.consultationTitle}</span>
          <h1 className="govuk-heading-l">What {v.organisationName} submitted</h1>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Reference</dt>
              <dd className="govuk-summary-list__value">{v.reference}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Version</dt>
              <dd className="govuk-summary-list__value">
                {versionName(v.shown.revision)}
                {v.shown.revision === v.latest ? " (latest)" : ""}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Submitted</dt>
              <dd className="govuk-summary-list__value">
                {v.shown.submittedAt}
                {v.shown.by ? ` by ${v.shown.by}` : ""}
              </dd>
            </div>
          </dl>
          {v.others.length > 0 && (
            <nav aria-label="Versions" className="govuk-!-margin-bottom-6">
              <p className="govuk-body govuk-!-margin-bottom-1">Other versions:</p>
              <ul className="govuk-list">
                {v.others.map((h) => (
                  <li key={h.revision}>
                    <Link className="govuk-link" href={href("/submitted", { version: String(h.revision) })}>
                      {versionName(h.revision)}, {h.submittedAt}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <h2 className="govuk-heading-m">Print or keep a copy</h2>
          <ul className="govuk-list" data-testid="own-response-downloads">
            {[
              { file: "response.html", text: "Open the print view", hint: " (to print or save as PDF from your browser)" },
              { file: "response.pdf", text: "Download as PDF", hint: "" },
              { file: "response.docx", text: "Download as Word (DOCX)", hint: "" },
            ].map((d) => (
              <li key={d.file}>
                <a className="govuk-link" href={ownResponseHref(v, d.file)}>
                  {d.text}
                </a>
                {d.hint}
              </li>
            ))}
          </ul>
          <AnswerSummary summary={v.summary} chapterCount={v.chapterCount} />
        </div>
      </div>
    </RespondPage>
  );
}
