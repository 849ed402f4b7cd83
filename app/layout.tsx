import type { Metadata } from "next";
import "./_styles/app.scss";
import { SiteShell } from "@/components/layout/site-shell";
import { serviceName } from "@/lib/config";
import { csrfToken } from "./_server/csrf";
import { getActor } from "./_server/session";

export const metadata: Metadata = {
  title: { default: serviceName(), template: `%s – ${serviceName()}` },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <body className="govuk-template__body">
        <SiteShell serviceName={serviceName()} actor={actor} csrfToken={await csrfToken()}>
          {children}
        </SiteShell>
      </body>
    </html>
  );
}
