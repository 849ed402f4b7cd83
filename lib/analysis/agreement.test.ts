import { describe, expect, it } from "vitest";
import { agreementOf, disagrees, kappaWords, measureAgreement } from "./agreement";

describe("agreementOf: percentage agreement and Cohen's kappa of a 2×2 table", () => {
  it("matches the textbook example: 50 items, 20 both yes, 5 and 10 split, 15 both no → 70 %, κ = 0.4", () => {
    // Cohen's kappa, worked example (e.g. Wikipedia "Cohen's kappa", simple example):
    // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const r = agreementOf({ both: 20, firstOnly: 5, secondOnly: 10, neither: 15 });
    expect(r.n).toBe(50);
    expect(r.percent).toBeCloseTo(0.7, 10);
    expect(r.kappa).toBeCloseTo(0.4, 10);
  });

  it("gives different kappas for the same 60 % agreement when the coders' base rates differ", () => {
    // 45/15/25/15: p_e = 0.6·0.7 + 0.4·0.3 = 0.54, κ = 0.06/0.46 = 0.1304.
    expect(agreementOf({ both: 45, firstOnly: 15, secondOnly: 25, neither: 15 }).kappa).toBeCloseTo(0.1304, 4);
    // 25/35/5/35: p_e = 0.6·0.3 + 0.4·0.7 = 0.46, κ = 0.14/0.54 = 0.2593.
    expect(agreementOf({ both: 25, firstOnly: 35, secondOnly: 5, neither: 35 }).kappa).toBeCloseTo(0.2593, 4);
  });

  it("is 1 for perfect agreement, 0 at chance, negative below it", () => {
    expect(agreementOf({ both: 3, firstOnly: 0, secondOnly: 0, neither: 7 }).kappa).toBe(1);
    // Independent coders at 50 %: p_o = p_e = 0.5.
    expect(agreementOf({ both: 1, firstOnly: 1, secondOnly: 1, neither: 1 }).kappa).toBe(0);
    expect(agreementOf({ both: 0, firstOnly: 5, secondOnly: 5, neither: 0 }).kappa).toBe(-1);
  });

  it("leaves kappa undefined when both coders gave every answer the same code, and everything undefined with no answers", () => {
    const all = agreementOf({ both: 0, firstOnly: 0, secondOnly: 0, neither: 12 });
    expect(all.percent).toBe(1);
    expect(all.kappa).toBeNull();
    expect(agreementOf({ both: 0, firstOnly: 0, secondOnly: 0, neither: 0 })).toMatchObject({ n: 0, percent: null, kappa: null });
  });

  it("words a kappa as Landis and Koch do", () => {
    expect([-0.1, 0.1, 0.3, 0.5, 0.7, 0.9, null].map(kappaWords)).toEqual(["poor (less than chance)", "slight", "fair", "moderate", "substantial", "almost perfect", "not defined"]);
  });
});

describe("measureAgreement: per theme over double-coded answers", () => {
  const pairs = [
    { first: ["parking", "buses"], second: ["parking", "buses"] },
    { first: ["parking"], second: ["buses"] },
    { first: [], second: [] },
    { first: ["buses", "gone"], second: ["buses"] },
  ];

  it("builds one 2×2 table per theme and pools them", () => {
    const r = measureAgreement(["parking", "buses"], pairs);
    expect(r.coded).toBe(4);
    const [parking, buses] = r.perTheme;
    expect(parking).toMatchObject({ themeId: "parking", both: 1, firstOnly: 1, secondOnly: 0, neither: 2, percent: 0.75 });
    // parking: p_o = 0.75, p_e = 0.5·0.25 + 0.5·0.75 = 0.5, κ = 0.5.
    expect(parking!.kappa).toBeCloseTo(0.5, 10);
    expect(buses).toMatchObject({ both: 2, firstOnly: 0, secondOnly: 1, neither: 1, percent: 0.75 });
    expect(r.pooled).toMatchObject({ n: 8, both: 3, firstOnly: 1, secondOnly: 1, neither: 3, percent: 0.75 });
  });

  it("counts identical codings, ignoring themes since removed from the codeframe", () => {
    const r = measureAgreement(["parking", "buses"], pairs);
    expect(r.identical).toBe(3);
    expect(disagrees(["parking", "buses"], pairs[1]!)).toBe(true);
    expect(disagrees(["parking", "buses"], pairs[3]!)).toBe(false);
  });
});
