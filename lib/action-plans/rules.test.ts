import { describe, expect, it } from "vitest";
import { itemsFromForm } from "./schemas";
import { computeIndicatorRag, formatActual, itemHash, parseActual, planReferenceCode, readItem, type Subject } from "./rules";

const milestone: Subject = { kind: "milestone", id: "m", number: "1.3", text: "A milestone" };
const indicator: Extract<Subject, { kind: "indicator" }> = { kind: "indicator", id: "i", code: "NI 7", title: "Third sector", unit: "percentage", polarity: "higher", targets: [{ label: "2009/10", value: 17 }, { label: "2010/11", value: 19.7 }], amberTolerance: 1 };

describe("readItem", () => {
  it("keeps a milestone's RAG only while it is in progress", () => {
    expect(readItem(milestone, { status: "complete", rag: "amber" }).value.rag).toBeNull();
    expect(readItem(milestone, { status: "in_progress", rag: "amber" }).value.rag).toBe("amber");
  });
  it("asks for a corrective action when Red", () => {
    expect(readItem(milestone, { status: "in_progress", rag: "red" }).errors.correctiveAction).toMatch(/corrective action/);
    expect(readItem(milestone, { status: "in_progress", rag: "red", correctiveAction: "Recovery plan" }).errors).toEqual({});
  });
  it("on submitting, asks for a status, and a RAG for one in progress", () => {
    expect(readItem(milestone, {}, { requireComplete: true }).errors.status).toMatch(/status of 1.3/);
    expect(readItem(milestone, { status: "in_progress" }, { requireComplete: true }).errors.rag).toMatch(/Red, Amber or Green/);
  });
  it("refuses a status or RAG that is not one of the choices", () => {
    expect(readItem(milestone, { status: "done" }).errors.status).toBeDefined();
    expect(readItem(milestone, { status: "in_progress", rag: "blue" }).errors.rag).toBeDefined();
  });
  it("reads an indicator's actual, and asks for one or a reason on submitting", () => {
    expect(readItem(indicator, { actual: "17.5%" }).value.actual).toBe(17.5);
    expect(readItem(indicator, { actual: "lots" }).errors.actual).toMatch(/as a number/);
    expect(readItem(indicator, { actual: "" }, { requireComplete: true }).errors.actual).toMatch(/say in the commentary/);
    expect(readItem(indicator, { actual: "", commentary: "Survey not run this quarter" }, { requireComplete: true }).errors).toEqual({});
  });
  it("refuses commentary that is too long", () => {
    expect(readItem(milestone, { commentary: "x".repeat(5001) }).errors.commentary).toMatch(/5000 characters/);
  });
});

describe("figures", () => {
  it("parses and formats in the indicator's unit", () => {
    expect([parseActual("1,200", "count"), parseActual("£3,000", "currency"), parseActual("yes", "yes_no"), parseActual("", "number"), parseActual("1e5", "number")]).toEqual([1200, 3000, 1, null, "invalid"]);
    expect([formatActual(26.5, "percentage"), formatActual(1, "yes_no"), formatActual(null, "number")]).toEqual(["26.5%", "Yes", ""]);
    expect([formatActual(1234567.891, "currency"), formatActual(950, "currency"), formatActual(-1200, "currency"), formatActual(0, "currency")]).toEqual(["£1,234,567.89", "£950", "£-1,200", "£0"]);
  });
  it("works out an indicator's RAG against the period's own year target", () => {
    expect(computeIndicatorRag(indicator, 16.5, { label: "Q3 2009/10", yearLabel: "2009/10" })).toBe("amber");
    expect(computeIndicatorRag(indicator, 17.2, { label: "Q3 2009/10", yearLabel: "2009/10" })).toBe("green");
    expect(computeIndicatorRag(indicator, 17.2, { label: "Q1 2010/11", yearLabel: "2010/11" })).toBe("red");
  });
  it("fingerprints equal values equally", () => {
    expect(itemHash({ status: "complete", rag: null, commentary: "a", correctiveAction: "", actual: null })).toBe(itemHash({ actual: null, correctiveAction: "", commentary: "a", rag: null, status: "complete" }));
  });
});

describe("planReferenceCode", () => {
  it("takes the initials of the plan's address", () => {
    expect(planReferenceCode("rochford-lsp-action-plan-2009-10")).toBe("RLAP");
    expect(planReferenceCode("x")).toBe("PLAN");
  });
});

describe("itemsFromForm", () => {
  const id = "0b7d3c1e-1234-4abc-8def-0123456789ab";
  it("reads one item per base field, with a conflict's choice", () => {
    const items = itemsFromForm({ [`${id}.base`]: "1:abc", [`${id}.commentary`]: "Hi", [`${id}.resolve`]: "mine:2:def", other: "x" });
    expect(items).toEqual([{ subjectId: id, base: "2:def", resolve: undefined, carry: false, posted: { status: undefined, rag: undefined, commentary: "Hi", correctiveAction: undefined, actual: undefined } }]);
    expect(itemsFromForm({ [`${id}.base`]: "1:abc", [`${id}.resolve`]: "theirs:2:def" })[0]!.resolve).toBe("theirs");
    expect(itemsFromForm({ [`${id}.base`]: "1:abc" }, id)[0]!.carry).toBe(true);
  });
});
