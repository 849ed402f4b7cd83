// A list of download links for one export, each saying its format (and opening in place for HTML).
export type DownloadLink = { href: string; text: string; hint?: string; newTab?: boolean };

export function DownloadLinks({ links, label }: { links: DownloadLink[]; label: string }) {
  return (
    <ul className="govuk-list govuk-list--spaced" aria-label={label}>
      {links.map((l) => (
        <li key={l.href}>
          <a className="govuk-link govuk-!-font-weight-bold" href={l.href} {...(l.newTab ? { target: "_blank", rel: "noopener" } : { download: true })}>
            {l.text}
            {l.newTab ? <span className="govuk-visually-hidden"> (opens in a new tab)</span> : null}
          </a>
          {l.hint ? <span className="govuk-body-s"> – {l.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}
