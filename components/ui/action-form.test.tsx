import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CheckboxGroup, PrefixedInput, PrefixedSelect, YesCheckbox } from "@/components/analysis/fields";
import { CheckboxField, ErrorSummary, FormScope, TextField, formPermalink } from "./action-form";

/** The error summary's link targets, and every id in the markup. */
function linksAndIds(html: string) {
  const links = [...html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  return { links, ids };
}

describe("ErrorSummary links land on their fields", () => {
  it("on a repeated form (id prefix), each link names the prefixed id of an input, select or first checkbox", () => {
    const errors = { name: "Enter a name", themeId: "Choose a theme", themeIds: "Choose at least one theme", analysed: "Say whether it is analysed" };
    const html = renderToStaticMarkup(
      <FormScope state={{ ok: false, errors, values: {} }} idPrefix="t-1234abcd-">
        <ErrorSummary />
        <PrefixedInput name="name" label="Name" />
        <PrefixedSelect name="themeId" label="Theme" options={[{ value: "", text: "Choose" }]} />
        <CheckboxGroup name="themeIds" legend="Themes" options={[{ value: "a", text: "A" }, { value: "b", text: "B" }]} checked={[]} />
        <YesCheckbox name="analysed" label="Analysed" checked={false} />
      </FormScope>,
    );
    const { links, ids } = linksAndIds(html);
    expect(links).toEqual(["t-1234abcd-f-name", "t-1234abcd-f-themeId", "t-1234abcd-f-themeIds", "t-1234abcd-f-analysed"]);
    for (const l of links) expect(ids, l).toContain(l);
    // The message beside each field is tied to it.
    expect(html).toContain('id="t-1234abcd-f-name-error"');
    expect(html).toContain('aria-describedby="t-1234abcd-f-name-error"');
    // Two forms on one page with different prefixes never share an id.
    expect(ids).toContain("t-1234abcd-f-themeIds-1");
  });

  it("without a prefix the shared fields keep their plain ids (f-name)", () => {
    const html = renderToStaticMarkup(
      <FormScope state={{ ok: false, errors: { title: "Enter a title", agree: "Tick the box" }, values: {} }}>
        <ErrorSummary />
        <TextField name="title" label="Title" />
        <CheckboxField name="agree" label="I agree" />
      </FormScope>,
    );
    const { links, ids } = linksAndIds(html);
    expect(links).toEqual(["f-title", "f-agree"]);
    for (const l of links) expect(ids).toContain(l);
  });
});

describe("analysis fields after a post", () => {
  const fields = (checked: string[], analysed: boolean) => (
    <>
      <CheckboxGroup name="themeIds" legend="Themes" options={[{ value: "a", text: "A" }, { value: "b", text: "B" }]} checked={checked} />
      <YesCheckbox name="analysed" label="Analysed" checked={analysed} />
    </>
  );
  const ticked = (html: string) => [...html.matchAll(/<input[^>]*>/g)].filter((m) => m[0].includes('checked=""')).map((m) => /value="(\w+)"/.exec(m[0])?.[1]);

  it("show the ticks as stored after a saved post (its values are emptied), so saving again keeps them", () => {
    const html = renderToStaticMarkup(<FormScope state={{ ok: true, message: "Tags saved", values: {} }}>{fields(["a", "b"], true)}</FormScope>);
    expect(ticked(html)).toEqual(["a", "b", "yes"]);
  });

  it("keep the ticks the officer made after a refused post", () => {
    const html = renderToStaticMarkup(<FormScope state={{ ok: false, errors: { _form: "Refused" }, values: { themeIds: "b" } }}>{fields(["a"], true)}</FormScope>);
    expect(ticked(html)).toEqual(["b"]);
  });
});

describe("formPermalink: where a repeated form posts without JavaScript", () => {
  it("adds the item's anchor to the page's URL, its query kept", () => {
    expect(formPermalink("/manage/c/collate/q?status=all&page=2", "answer-r1")).toBe("/manage/c/collate/q?status=all&page=2#answer-r1");
  });
  it("puts the item's anchor in place of one the page's URL had", () => {
    expect(formPermalink("/manage/c/review#q-3", "thread-t1")).toBe("/manage/c/review#thread-t1");
  });
  it("leaves a form that is not repeated (no item) at the page's URL, and no URL as none", () => {
    expect(formPermalink("/manage/c/review#q-3")).toBe("/manage/c/review#q-3");
    expect(formPermalink(undefined, "answer-r1")).toBeUndefined();
  });
});
