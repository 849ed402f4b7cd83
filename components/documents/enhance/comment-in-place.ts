// The reader's page's own script (issue 16): "Comment on paragraph 3.2" opens the comment form
// under the paragraph instead of on a page of its own. No React, no Next.js runtime (built by
// scripts/build-respond-js.mjs into public/assets). Without it the link goes to the comment page,
// which stays the one place the form is rendered and checked: this script fetches that page,
// shows its form block, posts the form to it and shows what comes back (the errors, or a
// colleague's newer save), so nothing about commenting is written twice.
// Accessibility: each link becomes a button with aria-expanded/aria-controls; opening moves focus
// to the panel's heading, a problem to the error summary, Cancel or Escape closes the panel and
// returns focus to the button; a save is announced in the page's live region.
import { plural } from "@/lib/text/plural";

const PARSER = new DOMParser();

function announce(text: string) {
  const live = document.querySelector<HTMLElement>("[data-comment-live]");
  if (!live) return;
  live.textContent = "";
  // A fresh text node after a tick, so that the same message twice is announced twice.
  window.setTimeout(() => (live.textContent = text), 50);
}

/** Ids in a fetched block made unique on this page (several panels may be open at once). */
function prefixIds(root: HTMLElement, prefix: string) {
  const ids = new Set<string>();
  root.querySelectorAll<HTMLElement>("[id]").forEach((el) => {
    ids.add(el.id);
    el.id = prefix + el.id;
  });
  const fix = (value: string) =>
    value
      .split(/\s+/)
      .map((id) => (ids.has(id) ? prefix + id : id))
      .join(" ");
  root.querySelectorAll<HTMLElement>("[for],[aria-describedby],[aria-labelledby],[aria-controls]").forEach((el) => {
    for (const attr of ["for", "aria-describedby", "aria-labelledby", "aria-controls"]) {
      const v = el.getAttribute(attr);
      if (v) el.setAttribute(attr, fix(v));
    }
  });
  root.querySelectorAll<HTMLAnchorElement>('a[href^="#"]').forEach((a) => {
    const id = a.getAttribute("href")!.slice(1);
    if (!ids.has(id)) return;
    a.setAttribute("href", `#${prefix}${id}`);
    // GOV.UK's error summary: the link puts focus on the field, not only scrolls to it.
    a.addEventListener("click", (e) => {
      const target = document.getElementById(prefix + id);
      if (!target) return;
      e.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
  });
}

function enhance(link: HTMLAnchorElement) {
  const anchor = link.dataset.commentLink ?? "";
  const number = link.dataset.number ?? "";
  const href = link.href;
  const line = link.closest("p");
  if (!anchor || !line) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "app-button-link";
  button.textContent = link.textContent;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", `comment-panel-${anchor}`);
  button.dataset.testid = "comment-toggle";
  const panel = document.createElement("div");
  panel.id = `comment-panel-${anchor}`;
  panel.className = "app-comment-panel";
  panel.hidden = true;
  panel.dataset.testid = "comment-panel";
  link.replaceWith(button);
  line.after(panel);
  let busy = false;

  // Closing hides the form and keeps what was typed in it for the next opening.
  const close = () => {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };

  /** Show the comment page's block (its error summary, conflict and form) in the panel. */
  const show = (html: string): boolean => {
    const page = PARSER.parseFromString(html, "text/html");
    const block = page.querySelector<HTMLElement>("[data-comment-panel]");
    if (!block) return false;
    const heading = document.createElement("h3");
    heading.className = "govuk-heading-s";
    heading.tabIndex = -1;
    heading.textContent = `Comment on paragraph ${number}`;
    const summary = page.querySelector<HTMLElement>(".govuk-error-summary");
    const nodes: HTMLElement[] = [heading];
    if (summary) {
      summary.removeAttribute("autofocus");
      nodes.push(summary);
    }
    nodes.push(block);
    const wrap = document.createElement("div");
    wrap.append(...nodes);
    prefixIds(wrap, `${anchor}--`);
    panel.replaceChildren(...wrap.childNodes);
    panel.querySelector<HTMLAnchorElement>("a[data-form-cancel]")?.addEventListener("click", (e) => {
      e.preventDefault();
      close();
    });
    const form = panel.querySelector<HTMLFormElement>("form");
    form?.addEventListener("submit", (e) => {
      e.preventDefault();
      void submit(form);
    });
    const focus = panel.querySelector<HTMLElement>(".govuk-error-summary") ?? panel.querySelector<HTMLElement>("[data-testid=comment-conflict]") ?? heading;
    if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
    focus.focus();
    return true;
  };

  const open = async () => {
    if (busy) return;
    busy = true;
    button.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    const heading = panel.querySelector<HTMLElement>("h3");
    if (heading && panel.querySelector("form")) {
      heading.focus();
      busy = false;
      return;
    }
    panel.replaceChildren(Object.assign(document.createElement("p"), { className: "govuk-body-s", textContent: "Opening the comment form…" }));
    try {
      const res = await fetch(href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!res.ok || !show(await res.text())) throw new Error(String(res.status));
    } catch {
      // The page itself always works: go there.
      window.location.assign(href);
    } finally {
      busy = false;
    }
  };

  const submit = async (form: HTMLFormElement) => {
    if (busy) return;
    busy = true;
    const submitButton = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (submitButton) submitButton.disabled = true;
    try {
      const body = new URLSearchParams();
      new FormData(form).forEach((value, name) => body.append(name, typeof value === "string" ? value : value.name));
      // A save answers with a redirect to the organisation's comments; anything else is the
      // comment page again, with its errors or a colleague's newer version in the form.
      const res = await fetch(form.action, { method: "POST", body, credentials: "same-origin", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
        saved();
        return;
      }
      const html = await res.text();
      if ((res.status === 200 || res.status === 400 || res.status === 409 || res.status === 422) && show(html)) return;
      // Signed out meanwhile, or something unexpected: post the form as a page, which explains.
      form.submit();
    } catch {
      form.submit();
    } finally {
      busy = false;
      if (submitButton?.isConnected) submitButton.disabled = false;
    }
  };

  const saved = () => {
    const own = line.querySelector<HTMLElement>("[data-own-count]");
    const n = Number(own?.dataset.ownCount ?? "0") + 1;
    if (own) {
      own.dataset.ownCount = String(n);
      own.textContent = ` · ${plural(n, "comment")} from your organisation`;
    }
    const drafts = document.querySelector<HTMLElement>("[data-drafts-count]");
    if (drafts) drafts.textContent = String(Number(drafts.textContent ?? "0") + 1);
    const message = `Your comment on paragraph ${number} has been saved as a draft for your organisation.`;
    let note = line.parentElement?.querySelector<HTMLElement>("[data-comment-saved]");
    if (!note) {
      note = Object.assign(document.createElement("p"), { className: "govuk-body-s app-comment-saved" });
      note.dataset.commentSaved = "";
      note.dataset.testid = "comment-saved";
      line.after(note);
    }
    note.textContent = message;
    close();
    panel.replaceChildren();
    announce(message);
  };

  button.addEventListener("click", () => {
    if (button.getAttribute("aria-expanded") === "true") close();
    else void open();
  });
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
}

function start() {
  document.querySelectorAll<HTMLAnchorElement>("a[data-comment-link]").forEach(enhance);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
