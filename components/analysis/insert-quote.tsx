"use client";
// "Insert into the answer": with JavaScript, the partner's words and their source go at the end
// of the draft answer's text box on this page, beside whatever the officer has typed and not yet
// saved (a page load would lose it), and the box counts as changed (its form keeps its base: see
// useDrawnOnce). Without JavaScript the link reloads the page with them added to the saved answer.
import { useState } from "react";
import { fieldId } from "@/components/ui/action-form";

/** `field`: the name of the draft form's text box (its id is the form's field id for it). */
export function InsertQuote({ href, text, field, children }: { href: string; text: string; field: string; children: React.ReactNode }) {
  const [inserted, setInserted] = useState(false);
  return (
    <>
      <a
        className="govuk-link"
        href={href}
        data-testid="insert-quote"
        onClick={(e) => {
          const box = document.getElementById(fieldId(field));
          // No answer box on the page (it cannot be edited now): the link's own page load says why.
          if (!(box instanceof HTMLTextAreaElement)) return;
          e.preventDefault();
          const before = box.value.trimEnd();
          box.value = `${before}${before ? "\n\n" : ""}${text}`;
          box.dispatchEvent(new Event("input", { bubbles: true }));
          box.focus();
          box.setSelectionRange(box.value.length, box.value.length);
          setInserted(true);
        }}
      >
        {children}
      </a>
      <span role="status" className="govuk-body-s govuk-!-display-block" data-testid={inserted ? "quote-inserted" : undefined}>
        {inserted ? "Added to the end of the answer. It is not saved until you save the answer." : ""}
      </span>
    </>
  );
}
