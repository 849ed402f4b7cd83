import type { ReactNode } from "react";

/**
 * The GOV.UK success notification banner: "Success" as its title, `heading` as what happened,
 * `children` for a sentence or link after it. `role="alert"` so a screen reader announces it when
 * the page loads after the action; `titleId` ties the banner to its title (unique on the page).
 * A banner inside a section whose heading is an h2 takes `titleLevel={3}`.
 */
export function SuccessBanner({
  titleId,
  heading,
  children,
  testId,
  titleLevel = 2,
}: {
  titleId: string;
  heading: ReactNode;
  children?: ReactNode;
  testId?: string;
  titleLevel?: 2 | 3;
}) {
  const Title = titleLevel === 3 ? "h3" : "h2";
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby={titleId} data-testid={testId}>
      <div className="govuk-notification-banner__header">
        <Title className="govuk-notification-banner__title" id={titleId}>
          Success
        </Title>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
