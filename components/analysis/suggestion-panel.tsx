// Theme suggestions for a question: start a run, its progress (a "refresh" link without
// JavaScript; with it, the page refreshes itself), cancel, and each suggestion with its
// distinctive words and three representative answers, to accept (optionally renamed), merge
// into an existing theme, or reject.
import Link from "next/link";
import { withParams } from "@/components/collation/pager";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";
import type { SuggestionDecision } from "@/lib/analysis/suggestions";
import type { SuggestResult } from "@/lib/analysis/suggest";
import type { SuggestionRun } from "@/db/schema";
import { PrefixedInput, PrefixedSelect } from "./fields";
import { AutoRefresh } from "./auto-refresh";
import styles from "./analysis.module.scss";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

const STAGES: Record<string, string> = { duplicates: "Setting aside duplicate answers", vectors: "Reading the words of each answer", clustering: "Grouping similar answers", labels: "Naming the groups", done: "Finished" };
const KINDS: Record<string, string> = { theme: "Theme", duplicates: "Identical or near-identical answers (a campaign?)", small: "Small group" };

/** The query parameter naming the suggestion whose toggle a page draws open (after a post from it without JavaScript). */
export const SUGGESTION_OPEN_PARAM = "suggestion";

export function SuggestionPanel({
  run,
  canEdit,
  actions,
  consultationId,
  questionId,
  themes,
  permalink,
  openKey,
}: {
  run: SuggestionRun | null;
  canEdit: boolean;
  actions: { start: Action; cancel: Action; decide: Action };
  consultationId: string;
  questionId: string;
  themes: { id: string; name: string }[];
  permalink: string;
  /** The suggestion whose toggle is drawn open (SUGGESTION_OPEN_PARAM). */
  openKey?: string;
}) {
  const busy = run && (run.status === "queued" || run.status === "running");
  const result = run?.status === "done" ? (run.result as SuggestResult | null) : null;
  const decisions = (run?.decisions ?? {}) as Record<string, SuggestionDecision>;
  const themeName = (id?: string) => themes.find((t) => t.id === id)?.name ?? "a theme since removed";
  return (
    <section aria-labelledby="suggestions-heading" data-testid="suggestions">
      <h2 className="govuk-heading-m" id="suggestions-heading">
        Suggested themes
      </h2>
      <p className="govuk-body">
        Worked out on this server from the words of the submitted answers (no outside service). Nothing is tagged until an officer accepts a suggestion, and its tags stay “suggested” until confirmed.
      </p>
      {busy && (
        <div data-testid="suggestion-progress">
          <p className="govuk-body" role="status">
            {run.status === "queued" ? "Waiting to start…" : `${STAGES[run.stage ?? ""] ?? "Working"}: ${Math.round(run.progress * 100)}% done`}
          </p>
          <progress className={styles.progress} max={100} value={Math.round(run.progress * 100)} aria-label="Progress of the suggestions" />
          <AutoRefresh seconds={3} />
          <p className="govuk-body">
            <Link className="govuk-link" href={`${permalink}#suggestions-heading`}>
              Refresh to see the progress
            </Link>
          </p>
          {canEdit && (
            <ActionForm action={actions.cancel} permalink={permalink}>
              <input type="hidden" name="consultationId" value={consultationId} />
              <input type="hidden" name="runId" value={run.id} />
              <SubmitButton secondary>Cancel suggestions</SubmitButton>
            </ActionForm>
          )}
        </div>
      )}
      {run?.status === "failed" && <p className="govuk-body">The last run failed: {run.error ?? "unknown error"}. Start it again.</p>}
      {run?.status === "cancelled" && <p className="govuk-body">The last run was cancelled.</p>}
      {canEdit && !busy && (
        <ActionForm action={actions.start} permalink={permalink}>
          <input type="hidden" name="consultationId" value={consultationId} />
          <input type="hidden" name="questionId" value={questionId} />
          <SubmitButton secondary>{result ? "Work out suggestions again" : "Suggest themes"}</SubmitButton>
        </ActionForm>
      )}
      {result && (
        <>
          <p className="govuk-body" data-testid="suggestion-summary">
            {result.suggestions.length} suggestions from {result.stats.answers.toLocaleString("en-GB")} answers
            {result.unassigned.length ? `; ${result.unassigned.length.toLocaleString("en-GB")} answers fit no group` : ""}.
          </p>
          <ol className="govuk-list">
            {result.suggestions.map((s) => {
              const d = decisions[s.key];
              const p = `s-${s.key}`;
              // Each of its three forms (one action) is its own item (formPermalink); the permalink names
              // the suggestion (SUGGESTION_OPEN_PARAM), so the page comes back with its toggle open.
              const anchor = `suggestion-${s.key}`;
              const back = withParams(permalink, {}, { [SUGGESTION_OPEN_PARAM]: s.key });
              return (
                <li key={s.key} className={styles.themeRow} id={anchor} data-testid="suggestion">
                  <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                    {s.label} <span className="govuk-body-s">({s.answerIds.length.toLocaleString("en-GB")} answers · {KINDS[s.kind] ?? s.kind})</span>
                  </h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-2">Distinctive words: {[...s.terms, ...s.phrases].slice(0, 10).join(", ")}</p>
                  {s.representatives.map((r) => (
                    <blockquote key={r.id} className={`govuk-body-s ${styles.quote}`}>
                      {r.text.length > 300 ? `${r.text.slice(0, 299)}…` : r.text}
                    </blockquote>
                  ))}
                  {d ? (
                    <p className="govuk-body-s" data-testid="suggestion-decision">
                      <strong>{d.action === "accepted" ? `Accepted as “${themeName(d.themeId)}”` : d.action === "merged" ? `Merged into “${themeName(d.themeId)}”` : "Rejected"}</strong>
                    </p>
                  ) : (
                    canEdit && (
                      <details className="govuk-details" open={openKey === s.key || undefined}>
                        <summary className="govuk-details__summary">
                          <span className="govuk-details__summary-text">
                            Accept, merge or reject<span className="govuk-visually-hidden"> the suggestion {s.label}</span>
                          </span>
                        </summary>
                        <div className="govuk-details__text">
                          <ActionForm action={actions.decide} permalink={back} item={anchor} idPrefix={`${p}-`}>
                            <input type="hidden" name="consultationId" value={consultationId} />
                            <input type="hidden" name="runId" value={run!.id} />
                            <input type="hidden" name="key" value={s.key} />
                            <PrefixedInput name="name" label="Name of the theme" defaultValue={s.label} width="govuk-!-width-two-thirds" />
                            <button type="submit" name="op" value="accept" className="govuk-button" data-module="govuk-button">
                              Accept as a new theme
                            </button>
                          </ActionForm>
                          {themes.length > 0 && (
                            <div id={`${anchor}-merge`}>
                              <ActionForm action={actions.decide} permalink={back} item={`${anchor}-merge`} idPrefix={`${p}-m-`}>
                                <input type="hidden" name="consultationId" value={consultationId} />
                                <input type="hidden" name="runId" value={run!.id} />
                                <input type="hidden" name="key" value={s.key} />
                                <PrefixedSelect name="themeId" label="Or merge into the theme" options={[{ value: "", text: "Choose a theme" }, ...themes.map((t) => ({ value: t.id, text: t.name }))]} />
                                <button type="submit" name="op" value="merge" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                                  Merge
                                </button>
                              </ActionForm>
                            </div>
                          )}
                          <div id={`${anchor}-reject`}>
                            <ActionForm action={actions.decide} permalink={back} item={`${anchor}-reject`}>
                              <input type="hidden" name="consultationId" value={consultationId} />
                              <input type="hidden" name="runId" value={run!.id} />
                              <input type="hidden" name="key" value={s.key} />
                              <button type="submit" name="op" value="reject" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                                Reject<span className="govuk-visually-hidden"> the suggestion {s.label}</span>
                              </button>
                            </ActionForm>
                          </div>
                        </div>
                      </details>
                    )
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
