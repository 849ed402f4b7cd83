import Link from "next/link";
import type { ReactNode } from "react";
import { KeysetPager } from "@/components/collation/pager";

/**
 * An officer list's page of every closed consultation (`<base>?status=closed`): a back link to the
 * current list, the heading and introduction, the page's table (`children`, or `empty` when the
 * council has none) and the links to the pages either side, which carry keyset cursors.
 */
export function ClosedConsultationsPage({
  base,
  back,
  heading,
  intro,
  empty,
  page,
  testId,
  children,
}: {
  base: string;
  back: string;
  heading: ReactNode;
  intro: ReactNode;
  empty: string;
  page: { rows: unknown[]; previous: string | null; next: string | null };
  testId: string;
  children: ReactNode;
}) {
  return (
    <>
      <Link href={base} className="govuk-back-link">
        {back}
      </Link>
      <h1 className="govuk-heading-l">{heading}</h1>
      <p className="govuk-body">{intro}</p>
      {page.rows.length === 0 ? <p className="govuk-body">{empty}</p> : children}
      <KeysetPager
        label="Pages of closed consultations"
        testId={`${testId}-pager`}
        base={base}
        current={{ status: "closed" }}
        page={page}
        hiddenSuffix=" page of closed consultations"
      />
    </>
  );
}
