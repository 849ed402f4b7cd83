// The chapter page's own script: the only JavaScript a question page loads (no React, no
// Next.js runtime; built by scripts/build-respond-js.mjs into public/assets). The page works
// fully without it; with it the person gets, as issue 5 asks:
// - checks as they type, by the same zod schemas the server runs (lib/questions), shown at
//   the field and in the error summary in GOV.UK style;
// - same-page show-if: a question appears only when the answer it depends on is given;
// - character counts that count down;
// - a draft saved two seconds after the last change (one request at a time, never during a
//   full post), with a visible "Saved at 10:42" state. The autosave posts the form to its own
//   page with intent=autosave and reads the page it gets back: new bases, and the panel of
//   any answer a colleague changed meanwhile, so that rendering stays on the server;
// - nothing typed is dropped by leaving: a link on the page waits for the save first, and a
//   page the browser leaves (or hides) sends what is pending with a keepalive request to the
//   same endpoint, with the same bases, so every concurrency check still holds. The page warns
//   before leaving only when a change could not be saved.
// First, before any module makes a schema (see the module).
import "@/lib/zod-jitless";
import { fieldsFromFormData, formToValue, type QuestionDef } from "@/lib/questions/answers";
import { validateResponse } from "@/lib/questions/visibility";
import { baseField, questionFieldId, questionPrefix, resolveField } from "@/lib/responses/fields";
import type { AutosaveReport } from "../chapter-form";

const AUTOSAVE_DELAY_MS = 2000;
/** Browsers refuse a keepalive request whose body takes the page over 64 kB in flight. */
const KEEPALIVE_MAX_BYTES = 60_000;
/** How long a link waits for the save before the page goes anyway (it then warns if unsaved). */
const LEAVE_WAIT_MS = 5000;

const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function countText(max: number, count: number): string {
  const left = max - count;
  return left >= 0
    ? `You have ${fmt(left)} ${left === 1 ? "character" : "characters"} remaining`
    : `You have ${fmt(-left)} ${left === -1 ? "character" : "characters"} too many`;
}

function countedNames(q: QuestionDef): string[] {
  const p = questionPrefix(q.id);
  if (q.type === "long_text" || q.type === "short_text") return [p];
  if (q.type === "yes_no") return [`${p}.explanation`];
  if (q.type === "rag_status") return [`${p}.commentary`];
  return [];
}

function timeNow() {
  return new Date().toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit" });
}

function start() {
  // GOV.UK pattern: move focus to the error summary when a page comes back with problems.
  document.querySelector<HTMLElement>(".govuk-error-summary")?.focus();
  const form = document.querySelector<HTMLFormElement>("form[data-chapter-form]");
  const defsEl = form?.querySelector("script[data-questions]");
  const statusEl = form?.querySelector<HTMLElement>("[role=status]");
  if (!form || !defsEl || !statusEl) return;
  const defs: QuestionDef[] = JSON.parse(defsEl.textContent ?? "[]");
  const ids = defs.map((q) => q.id);
  const group = (id: string) => document.getElementById(`question-${questionFieldId(id)}`);
  const wrapper = (id: string) => form.querySelector<HTMLElement>(`[data-question="${id}"]`);

  /** What the last full post said about each answer, and what the person has changed since. */
  const serverErrors = new Map<string, string>();
  const conflicts = new Map<string, string>();
  for (const id of ids) {
    const el = document.getElementById(`${questionFieldId(id)}-error`);
    if (el) serverErrors.set(id, (el.textContent ?? "").replace(/^\s*Error:\s*/, ""));
    const panel = group(id)?.querySelector<HTMLElement>(".app-conflict");
    if (panel) conflicts.set(id, panel.dataset.message ?? "");
  }
  const edited = new Set<string>();
  const live = new Map<string, string>();
  let visible = new Set<string>(ids);

  const errorFor = (id: string): string | undefined => {
    if (!visible.has(id)) return undefined;
    if (conflicts.has(id)) return conflicts.get(id);
    return edited.has(id) ? live.get(id) : (serverErrors.get(id) ?? live.get(id));
  };

  /** The error message at the field, GOV.UK style, and the error summary's line for it. */
  const showError = (id: string) => {
    const g = group(id);
    if (!g) return;
    const message = errorFor(id);
    const fid = questionFieldId(id);
    const errId = `${fid}-error`;
    const prefix = questionPrefix(id);
    const controls = [...g.querySelectorAll<HTMLInputElement>(`[name^="${prefix}"]`)].filter(
      (el) => el.type !== "hidden" && !/\.(explanation|commentary|resolve)$/.test(el.name),
    );
    let el = document.getElementById(errId);
    if (message) {
      if (!el && controls[0]) {
        el = document.createElement("p");
        el.id = errId;
        el.className = "govuk-error-message";
        let anchor: HTMLElement = controls[0];
        while (anchor.parentElement && anchor.parentElement !== g && anchor.parentElement.tagName !== "FIELDSET") anchor = anchor.parentElement;
        anchor.parentElement?.insertBefore(el, anchor);
      }
      if (el) {
        el.innerHTML = `<span class="govuk-visually-hidden">Error:</span> `;
        el.append(message);
      }
    } else el?.remove();
    g.classList.toggle("govuk-form-group--error", Boolean(message));
    for (const c of controls) {
      const cls = c.tagName === "TEXTAREA" ? "govuk-textarea--error" : c.tagName === "SELECT" ? "govuk-select--error" : c.type === "text" ? "govuk-input--error" : null;
      if (cls) c.classList.toggle(cls, Boolean(message));
    }
    const described = g.querySelector<HTMLElement>(":scope > fieldset") ?? controls[0];
    if (described) {
      const tokens = (described.getAttribute("aria-describedby") ?? "").split(" ").filter((t) => t && t !== errId);
      if (message) tokens.push(errId);
      if (tokens.length) described.setAttribute("aria-describedby", tokens.join(" "));
      else described.removeAttribute("aria-describedby");
    }
    // The summary lists the last post's problems, dropping those the person has since fixed.
    const summary = document.querySelector<HTMLElement>(".govuk-error-summary");
    const link = summary?.querySelector<HTMLAnchorElement>(`a[href="#${fid}"]`);
    if (summary && link) {
      if (message) link.textContent = message;
      else link.closest("li")?.remove();
      if (!summary.querySelector("li")) summary.remove();
    }
  };

  const recount = () => {
    for (const q of defs) {
      for (const name of countedNames(q)) {
        const el = form.elements.namedItem(name);
        const info = el instanceof HTMLElement ? document.getElementById(`${el.id}-info`) : null;
        const max = Number(info?.dataset.max);
        if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) || !info || !max) continue;
        const count = el.value.replace(/\r\n/g, "\n").length;
        info.textContent = countText(max, count);
        info.classList.toggle("govuk-error-message", count > max);
        info.classList.toggle("govuk-hint", count <= max);
      }
    }
  };

  /** Read the form as the server would; bring checks and show-if visibility up to date. */
  const sync = (changed: string[]) => {
    recount();
    const fields = fieldsFromFormData(new FormData(form));
    const candidates = new Map(defs.map((q) => [q.id, formToValue(q, fields, questionPrefix(q.id))]));
    const check = validateResponse(defs, candidates, { requireAnswers: false });
    live.clear();
    for (const [id, message] of Object.entries(check.errors)) live.set(id, message);
    visible = new Set(check.visibleQuestionIds);
    for (const q of defs) {
      const w = wrapper(q.id);
      const hide = !visible.has(q.id);
      if (w && w.hidden !== hide) {
        w.hidden = hide;
        showError(q.id);
      }
    }
    for (const id of changed) showError(id);
  };

  const setStatus = (kind: "idle" | "saving" | "saved" | "problem", text: string) => {
    statusEl.className = `govuk-body app-autosave app-autosave--${kind}`;
    statusEl.textContent = text;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | null = null;
  let again = false;
  let submitting = false;
  /** Changes not yet sent in any save. */
  let pending = false;
  /** The last save did not store every change (no connection, a problem, a colleague's newer answer). */
  let unsaved = false;

  /** The form as an autosave posts it. */
  const autosaveBody = () => {
    const data = new FormData(form);
    data.set("intent", "autosave");
    // Choosing between your answer and a colleague's takes effect on a Save button, never
    // silently in the background.
    for (const id of ids) data.delete(resolveField(id));
    return new URLSearchParams(data as unknown as Record<string, string>).toString();
  };

  /** Post the form; keepalive (when small enough) so that a save under way outlives the page. */
  const post = (body: string) =>
    fetch(form.action, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
      credentials: "same-origin",
      keepalive: body.length <= KEEPALIVE_MAX_BYTES,
    });

  const save = async () => {
    setStatus("saving", "Saving…");
    pending = false;
    try {
      const res = await post(autosaveBody());
      const page = new DOMParser().parseFromString(await res.text(), "text/html");
      const raw = page.querySelector("[data-autosave]")?.getAttribute("data-autosave");
      if (!raw) throw new Error("no autosave report");
      if (submitting) return;
      const report = JSON.parse(raw) as AutosaveReport;
      for (const [id, base] of Object.entries(report.bases)) {
        const input = form.elements.namedItem(baseField(id));
        if (input instanceof HTMLInputElement) input.value = base;
      }
      for (const id of ids) {
        const g = group(id);
        const mine = g?.querySelector<HTMLElement>(".app-conflict");
        const theirs = report.conflicts.includes(id)
          ? page.getElementById(`question-${questionFieldId(id)}`)?.querySelector<HTMLElement>(".app-conflict")
          : null;
        if (theirs) {
          // Keep the panel already shown for the same save of theirs (and the choice made in it).
          if (!mine || mine.dataset.base !== theirs.dataset.base) {
            mine?.remove();
            g?.append(document.importNode(theirs, true));
          }
          conflicts.set(id, theirs.dataset.message ?? "");
        } else {
          mine?.remove();
          conflicts.delete(id);
        }
        showError(id);
      }
      unsaved = report.result !== "saved";
      if (report.result === "problem") setStatus("problem", `Not saved: ${report.problem ?? "there is a problem"}`);
      else if (report.result === "conflict") {
        setStatus("problem", "Not all answers are saved: a colleague changed an answer you are editing. Choose which to keep, then save.");
      } else if (report.result === "partial") setStatus("problem", `Saved at ${timeNow()}, except answers with a problem`);
      else setStatus("saved", `Saved at ${timeNow()}`);
    } catch {
      unsaved = true;
      pending = true;
      setStatus("problem", "Could not save just now. Your answers are still on this page: use a Save button.");
    }
  };

  const autosave = () => {
    if (submitting) return;
    if (inflight) {
      again = true;
      return;
    }
    inflight = save().finally(() => {
      inflight = null;
      if (again) {
        again = false;
        clearTimeout(timer);
        timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
      }
    });
  };

  /** Before following a link: the save under way, then one of whatever is still pending. */
  const saveBeforeLeaving = async () => {
    clearTimeout(timer);
    while (inflight) await inflight;
    if (pending && !submitting) {
      inflight = save().finally(() => {
        inflight = null;
      });
      await inflight;
    }
  };

  /** The page is going (or hidden, perhaps for good): send what is pending without waiting. */
  const sendPending = () => {
    if (!pending || submitting) return;
    clearTimeout(timer);
    if (!inflight) {
      autosave();
      return;
    }
    // A save is under way and the page may not live to see it end: send the rest now.
    const body = autosaveBody();
    if (body.length > KEEPALIVE_MAX_BYTES) return;
    pending = false;
    post(body).catch(() => {});
  };

  const onEdit = (e: Event) => {
    const name = (e.target as HTMLInputElement).name ?? "";
    const id = ids.find((x) => name.startsWith(questionPrefix(x)));
    if (!id) return;
    if (name !== resolveField(id)) {
      edited.add(id);
      sync([id]);
    }
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    submitting = true;
  });
  // A link on the page (back to the chapters, the header's links): save first, then go.
  document.addEventListener("click", (e) => {
    const a = (e.target as Element | null)?.closest?.("a[href]");
    if (!(a instanceof HTMLAnchorElement) || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if ((a.target && a.target !== "_self") || a.hasAttribute("download")) return;
    const to = new URL(a.href, location.href);
    if (to.origin === location.origin && to.pathname === location.pathname && to.search === location.search && to.hash) return;
    if (!pending && !inflight) return;
    e.preventDefault();
    const go = () => location.assign(a.href);
    Promise.race([saveBeforeLeaving(), new Promise((r) => setTimeout(r, LEAVE_WAIT_MS))]).then(go, go);
  });
  // The browser leaves (address bar, back, closing the tab) or hides the page (another app).
  window.addEventListener("pagehide", sendPending);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") sendPending();
  });
  // Ask before leaving only when something typed is not stored and cannot be sent on the way out.
  window.addEventListener("beforeunload", (e) => {
    if (submitting) return;
    if (unsaved || (pending && autosaveBody().length > KEEPALIVE_MAX_BYTES)) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
  // Coming back to the page with the browser's Back button shows it from its cache, mid-post.
  window.addEventListener("pageshow", () => {
    submitting = false;
  });

  sync([]);
  if (statusEl.className.includes("app-autosave--idle")) setStatus("idle", "Your answers are saved automatically as you type.");
  // Typed before this script arrived (it is deferred: on a slow connection the page is usable
  // first): treated as edits now, so that they are checked and saved. Only on a page opened by
  // following a link or typing its address: on a reload or Back, the browser may have put back
  // what was typed on an earlier copy of the page, perhaps over a colleague's newer answer, and
  // that is the person's to save or not with a button.
  const navigation = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (!navigation || navigation.type === "navigate") for (const el of editedBeforeStart(form)) onEdit({ target: el } as unknown as Event);
}

/** The form's fields whose value is not the one the page was served with. */
function editedBeforeStart(form: HTMLFormElement): Element[] {
  return Array.from(form.elements).filter((el) => {
    if (el instanceof HTMLTextAreaElement) return el.value !== el.defaultValue;
    // A list served with nothing chosen shows its first option: not a change.
    if (el instanceof HTMLSelectElement) return Array.from(el.options).some((o) => o.defaultSelected) && Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    if (!(el instanceof HTMLInputElement)) return false;
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    // A one-line box drops the line breaks of the value it was served with: not a change either.
    return el.type !== "hidden" && el.type !== "submit" && el.type !== "button" && el.value !== el.defaultValue.replace(/[\r\n]/g, "");
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
