// The emailed link back to a response started without signing in: keeps its key in a cookie
// for this consultation's pages, then goes to the response without the key in the address.
import type { GetServerSideProps } from "next";
import { pagesActor } from "@/app/_server/pages-router";
import { redirectTo, respondentPage, setReturnCookie, shellFor, type RespondProps } from "@/app/_server/respond";
import { RespondPage } from "@/components/response/respond-page";
import { getDb } from "@/db/client";
import { actorForReturnToken } from "@/lib/public/commands";

export const config = { unstable_runtimeJS: false };

type Props = RespondProps<{ slug: string }>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const slug = String(c.params?.slug ?? "");
  const token = typeof c.query.token === "string" ? c.query.token : "";
  c.res.setHeader("Referrer-Policy", "no-referrer");
  if (token && (await actorForReturnToken(await getDb(), { slug, token }))) {
    setReturnCookie(c, slug, token);
    return redirectTo(`/respond/${slug}`, 303);
  }
  c.res.statusCode = 404;
  return { props: { shell: shellFor(c, await pagesActor(c.req, c.res)), problem: null, view: { slug } } };
});

export default function ReturnPage({ shell, problem, view, kept }: Props) {
  if (!view) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  return (
    <RespondPage shell={shell} problem={null} title="That link does not work">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">That link does not work</h1>
          <p className="govuk-body">
            Check that you copied the whole link from the email. If your response was removed, or the link is from another consultation, you can{" "}
            <a className="govuk-link" href={`/respond/${view.slug}/start`}>
              start again
            </a>
            .
          </p>
        </div>
      </div>
    </RespondPage>
  );
}
