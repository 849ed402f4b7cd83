"use client";
// One chapter of questions as a plain form posting to the save action, so it works with no
// JavaScript. With JavaScript it also validates as the person types (react-hook-form with the
// same zod schemas the server uses), shows same-page show-if questions only when they apply,
// counts characters, and saves a draft two seconds after the last change.
import { Fragment, useActionState, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { QuestionField, type FieldQuestion } from "@/components/question/question-field";
import type { FormState } from "@/components/ui/form-state";
import type { ShowIf } from "@/db/schema/consultations";
import type { FormFields } from "@/lib/questions/answers";
import type { ControlSettings } from "@/lib/responses/rules";
import { baseField, questionFieldId, questionPrefix, resolveField } from "@/lib/responses/fields";
import { conflictsOf, type ConflictView } from "./chapter-state";

export type ChapterQuestion = { question: FieldQuestion; settings: ControlSettings; conditional: ShowIf | null; condition: string | null };

type Props = {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  /** The page's own URL: where the form posts with JavaScript off. */
  permalink: string;
  hidden: Record<string, string>;
  questions: ChapterQuestion[];
  initialValues: FormFields;
  bases: Record<string, string>;
  markOptional: boolean;
  /** Same-page show-if questions that apply given the stored answers (before any typing). */
  initiallyVisible: string[];
  lastSaved: string | null;
  /** Above the error summary (the back link). */
  top?: React.ReactNode;
  /** Between the error summary and the questions (caption, heading, guidance). */
  intro?: React.ReactNode;
};

const AUTOSAVE_DELAY_MS = 2000;

type Live = typeof import("./live-validation");
let liveModule: Promise<Live> | undefined;
// zod and the answer schemas arrive when the person first focuses the form, not with the page.
const loadLive = () => (liveModule ??= import("./live-validation"));
const rhfKey = (id: string) => `a_${id}`;

function basesFrom(values: FormState["values"], ids: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const v = values?.[baseField(id)];
    if (typeof v === "string") out[id] = v;
  }
  return out;
}

function countedNames(q: FieldQuestion): string[] {
  const p = questionPrefix(q.id);
  if (q.type === "long_text" || q.type === "short_text") return [p];
  if (q.type === "yes_no") return [`${p}.explanation`];
  if (q.type === "rag_status") return [`${p}.commentary`];
  return [];
}

/**
 * A problem with the post as a whole rather than one answer: a closed consultation, an ended
 * session, a refused organisation or a malformed field.
 */
function generalProblem(state: FormState, ids: string[]): string | null {
  const errors = state.errors ?? {};
  if (errors._form) return errors._form;
  const other = Object.entries(errors).find(([key]) => !ids.some((id) => key === questionPrefix(id)));
  if (other) return other[1];
  if (state.ok === undefined && state.message && !Object.keys(errors).length) return state.message;
  return null;
}

function timeNow() {
  return new Date().toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit" });
}

export function ChapterForm({ action, permalink, hidden, questions, initialValues, bases: initialBases, markOptional, initiallyVisible, lastSaved, top, intro }: Props) {
  const [state, formAction, pending] = useActionState(action, {}, permalink);
  const ids = useMemo(() => questions.map((d) => d.question.id), [questions]);
  // Only same-page conditions are left on the questions: the page already applied the others.
  const defs = useMemo(() => questions.map((d) => ({ ...d.question, showIf: d.conditional })), [questions]);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const [bases, setBases] = useState(() => ({ ...initialBases, ...basesFrom(state.values, ids) }));
  const [conflicts, setConflicts] = useState<Record<string, ConflictView>>(() => conflictsOf(state));
  const [visible, setVisible] = useState<Set<string> | null>(null);
  const [counts, setCounts] = useState<Record<string, number> | undefined>(undefined);
  const [edited, setEdited] = useState<Set<string>>(() => new Set());
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "problem"; text: string }>({
    kind: "idle",
    text: lastSaved ?? "",
  });

  const live = useRef<Live | null>(null);
  const resolver = useCallback<Resolver<Record<string, unknown>>>(
    async (values) => {
      const check = live.current?.checkDraft(defs, new Map(defs.map((q) => [q.id, values[rhfKey(q.id)]])));
      const errors = Object.fromEntries(Object.entries(check?.errors ?? {}).map(([id, message]) => [rhfKey(id), { type: "validate", message }]));
      return { values, errors } as unknown as Awaited<ReturnType<Resolver<Record<string, unknown>>>>;
    },
    [defs],
  );
  const { setValue, formState } = useForm<Record<string, unknown>>({ mode: "onChange", resolver });
  const liveErrors = formState.errors;

  /** Characters typed per text field, counted as the server counts them. */
  const recount = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const next: Record<string, number> = {};
    for (const q of defs) {
      for (const name of countedNames(q)) {
        const el = form.elements.namedItem(name);
        next[name] = el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement ? el.value.replace(/\r\n/g, "\n").length : 0;
      }
    }
    setCounts(next);
  }, [defs]);

  /** Read the form as the server would, and bring validation and show-if visibility up to date. */
  const sync = useCallback(
    async (changed: string[] | null) => {
      recount();
      const form = formRef.current;
      if (!form) return;
      const mod = (live.current ??= await loadLive());
      const candidates = mod.readCandidates(defs, form);
      for (const q of defs) {
        if (changed && !changed.includes(q.id)) continue;
        setValue(rhfKey(q.id), candidates.get(q.id), { shouldValidate: changed !== null, shouldDirty: changed !== null });
      }
      setVisible(new Set(mod.checkDraft(defs, candidates).visibleQuestionIds));
    },
    [defs, setValue, recount],
  );

  // A full post came back (errors or a conflict): the fields were re-rendered from its values.
  useEffect(() => {
    setBases((b) => ({ ...b, ...basesFrom(state.values, ids) }));
    setConflicts(conflictsOf(state));
    setEdited(new Set());
    if (live.current) void sync(null);
    else recount();
    if (generalProblem(state, ids) || Object.keys(state.errors ?? {}).length) summaryRef.current?.focus();
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps

  // Autosave: debounced, one request at a time, never during a full post.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = useRef(false);
  const again = useRef(false);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const autosave = useCallback(async () => {
    const form = formRef.current;
    if (!form || pendingRef.current) return;
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    setStatus({ kind: "saving", text: "Saving…" });
    try {
      const data = new FormData(form);
      data.set("intent", "autosave");
      // Choosing between your answer and a colleague's takes effect on a Save button, never
      // silently in the background.
      for (const id of ids) data.delete(resolveField(id));
      const res = await action({}, data);
      setBases((b) => ({ ...b, ...basesFrom(res.values, ids) }));
      const found = conflictsOf(res);
      setConflicts(found);
      const errors = Object.keys(res.errors ?? {});
      const general = generalProblem(res, ids);
      if (general) setStatus({ kind: "problem", text: `Not saved: ${general}` });
      else if (Object.keys(found).length) {
        setStatus({ kind: "problem", text: "Not all answers are saved: a colleague changed an answer you are editing. Choose which to keep, then save." });
      }
      else if (errors.length) setStatus({ kind: "problem", text: `Saved at ${timeNow()}, except answers with a problem` });
      else setStatus({ kind: "saved", text: `Saved at ${timeNow()}` });
    } catch {
      setStatus({ kind: "problem", text: "Could not save just now. Your answers are still on this page: use a Save button." });
    } finally {
      busy.current = false;
      if (again.current) {
        again.current = false;
        timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
      }
    }
  }, [action, ids]);

  useEffect(() => {
    setVisible(new Set([...ids.filter((id) => !questions.find((d) => d.question.id === id)?.conditional), ...initiallyVisible]));
    recount();
    setStatus((s) => (s.kind === "idle" ? { kind: "idle", text: "Your answers are saved automatically as you type." } : s));
    return () => clearTimeout(timer.current);
  }, [recount]); // eslint-disable-line react-hooks/exhaustive-deps

  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const name = (e.target as HTMLInputElement).name ?? "";
    const id = ids.find((x) => name.startsWith(`${questionPrefix(x)}`));
    if (!id) return;
    if (name !== resolveField(id)) {
      setEdited((s) => (s.has(id) ? s : new Set(s).add(id)));
      void sync([id]);
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  };

  const values = state.values ?? initialValues;
  // Each full post re-renders the fields from what it sent back (uncontrolled inputs, selects
  // included, only take new defaults when they mount again).
  const seen = useRef({ state, n: 0 });
  if (seen.current.state !== state) seen.current = { state, n: seen.current.n + 1 };
  const serverErrors = state.errors ?? {};
  const errorFor = (id: string): string | undefined => {
    if (conflicts[id]) return conflicts[id].message;
    const live = liveErrors[rhfKey(id)]?.message as string | undefined;
    return edited.has(id) ? live : (serverErrors[questionPrefix(id)] ?? live);
  };
  // The summary lists the last post's problems, dropping those the person has since fixed.
  const summary = [
    ...(generalProblem(state, ids) ? [{ href: "#main-content", text: generalProblem(state, ids)! }] : []),
    ...ids
      .filter((id) => serverErrors[questionPrefix(id)])
      .map((id) => ({ href: `#${questionFieldId(id)}`, text: edited.has(id) ? errorFor(id) : serverErrors[questionPrefix(id)] }))
      .filter((e): e is { href: string; text: string } => Boolean(e.text)),
  ];
  const hasSubheadings = questions.some((d) => d.question.subheading);
  let lastSubheading: string | null = null;

  return (
    <>
      {top}
      {summary.length > 0 && (
        <div className="govuk-error-summary" ref={summaryRef} tabIndex={-1}>
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {summary.map((s) => (
                  <li key={s.href + s.text}>
                    <a href={s.href}>{s.text}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
      {intro}
      <form
        action={formAction}
        ref={formRef}
        onChange={onChange}
        onFocus={() => void loadLive()}
        onSubmit={() => clearTimeout(timer.current)}
        noValidate
        aria-busy={pending}
      >
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div key={seen.current.n}>
          {questions.map(({ question: q, settings, conditional, condition }) => {
            const heading = hasSubheadings && q.subheading && q.subheading !== lastSubheading ? q.subheading : null;
            if (q.subheading) lastSubheading = q.subheading;
            const shown = !conditional || !visible || visible.has(q.id);
            const conflict = conflicts[q.id];
            return (
              <Fragment key={q.id}>
                {heading && <h2 className="govuk-heading-m app-subheading">{heading}</h2>}
                <div hidden={!shown}>
                  <input type="hidden" name={baseField(q.id)} value={bases[q.id] ?? ""} />
                  <QuestionField
                    question={q}
                    settings={settings}
                    values={values}
                    error={shown ? errorFor(q.id) : undefined}
                    condition={condition ?? undefined}
                    markOptional={markOptional}
                    headingLevel={hasSubheadings ? 3 : 2}
                    counts={counts}
                  >
                    {conflict && <ConflictPanel id={q.id} conflict={conflict} />}
                  </QuestionField>
                </div>
              </Fragment>
            );
          })}
        </div>
        <p className={`govuk-body app-autosave app-autosave--${status.kind}`} role="status">
          {status.text}
        </p>
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="continue" className="govuk-button" data-module="govuk-button">
            Save and continue
          </button>
          <button type="submit" name="intent" value="later" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Save and come back later
          </button>
        </div>
      </form>
    </>
  );
}

function ConflictPanel({ id, conflict }: { id: string; conflict: ConflictView }) {
  const fid = questionFieldId(id);
  return (
    <div className="app-conflict" data-testid="conflict">
      <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">
        {conflict.by} saved a different answer{conflict.at ? ` at ${conflict.at}` : ""}:
      </p>
      <div className="app-conflict__theirs govuk-body">{conflict.text || "(no answer)"}</div>
      <p className="govuk-body">
        Your answer is in the box above and has not been saved yet. You can copy from their answer into yours. Choose which to
        keep, then use a Save button.
      </p>
      <div className="govuk-form-group govuk-!-margin-bottom-0">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Which answer do you want to keep?</legend>
          <div className="govuk-radios govuk-radios--small">
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" id={`${fid}-keep-mine`} name={resolveField(id)} type="radio" value={`mine:${conflict.base}`} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${fid}-keep-mine`}>
                Keep my answer, with any changes I have made to it
              </label>
            </div>
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" id={`${fid}-keep-theirs`} name={resolveField(id)} type="radio" value={`theirs:${conflict.base}`} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${fid}-keep-theirs`}>
                Use {conflict.by}&apos;s answer instead
              </label>
            </div>
          </div>
        </fieldset>
      </div>
    </div>
  );
}
