// "Partners raised …": the themes of a question beside the council's draft answer, with counts
// and quotes. "Insert into the answer" adds the quote and its source to the text box (not saved
// until the officer saves): in place with JavaScript, keeping what is typed there; without it,
// a link that reloads the drafting page with them added. The draft's version check stays as it is.
import Link from "next/link";
import type { ThemeWithQuotes } from "@/lib/analysis/queries";
import { label } from "@/lib/format";
import styles from "./analysis.module.scss";
import { InsertQuote } from "./insert-quote";
import { plural } from "@/lib/text/plural";

export function PartnersRaised({ themes, answered, insertHref, themesHref }: { themes: ThemeWithQuotes[]; answered: number; insertHref: ((responseId: string, themeId: string) => string) | null; themesHref: string }) {
  const raised = themes.filter((t) => t.answers > 0);
  return (
    <section aria-labelledby="raised-heading" data-testid="partners-raised">
      <h2 className="govuk-heading-m" id="raised-heading">
        Partners raised …
      </h2>
      {raised.length === 0 ? (
        <p className="govuk-body">
          No answers to this question are tagged with themes yet. <Link className="govuk-link" href={themesHref}>Build the codeframe</Link>.
        </p>
      ) : (
        <ul className="govuk-list">
          {raised.map((t) => (
            <li key={t.themeId} className={styles.themeRow} data-testid="raised-theme">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                {t.name}: {plural(t.respondents, "respondent")}
                {answered ? ` (${Math.round((t.answers / answered) * 100)}% of answers)` : ""}
              </h3>
              {t.quotes.map((q) => (
                <div key={q.responseId}>
                  <blockquote className={`govuk-body-s ${styles.quote}`}>
                    {q.text}
                    <br />
                    <span className="govuk-body-xs">
                      — {q.organisationName} ({label(q.organisationType)}){q.reference ? `, ${q.reference}` : ""}
                    </span>
                  </blockquote>
                  {insertHref && (
                    <p className="govuk-body-s">
                      {/* Without JavaScript a whole-page load, not a client navigation: the draft's form is built afresh with the quote in it. */}
                      <InsertQuote href={insertHref(q.responseId, t.themeId)} text={q.insertText} field="text">
                        Insert into the answer<span className="govuk-visually-hidden">: the quote from {q.organisationName} on {t.name}</span>
                      </InsertQuote>
                    </p>
                  )}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
