import { describe, expect, it } from "vitest";
import { findDuplicateGroups } from "./duplicates";

const CAMPAIGN =
  "I object in the strongest terms to the proposed closure of Riverside Community Centre. It is used every day by groups of all ages and there is no alternative venue in the ward.";

describe("findDuplicateGroups", () => {
  it("groups exact copies that differ only in case, punctuation and spacing", () => {
    const groups = findDuplicateGroups(["Save the library!", "save the  LIBRARY", "Fix the roads"]);
    expect(Array.from(groups)).toEqual([0, 0, 2]);
  });

  it("groups near copies of a long text (a signature added, a word changed)", () => {
    const texts = [
      "Potholes everywhere on the main road.",
      CAMPAIGN,
      `${CAMPAIGN} J. Smith`,
      CAMPAIGN.replace("strongest terms", "strongest possible terms"),
      "The bus to the villages has been cut and older people are stranded at home.",
    ];
    const groups = Array.from(findDuplicateGroups(texts));
    expect(groups[2]).toBe(1);
    expect(groups[3]).toBe(1);
    expect(groups[0]).toBe(0);
    expect(groups[4]).toBe(4);
  });

  it("does not group different answers on the same subject", () => {
    const groups = Array.from(
      findDuplicateGroups([
        "The parking charges in the town centre are far too high and keep rising every year.",
        "Please keep the first hour of parking free so that people can visit the shops in town.",
        "Nobody can afford the new parking fees for a short trip to the market on a Saturday.",
      ]),
    );
    expect(groups).toEqual([0, 1, 2]);
  });

  it("matches short answers only when they are the same", () => {
    expect(Array.from(findDuplicateGroups(["I agree", "I disagree", "i agree."]))).toEqual([0, 1, 0]);
  });

  it("finds a campaign of a thousand lightly edited copies without comparing every pair", () => {
    const texts = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? `${CAMPAIGN} Signed ${i}` : CAMPAIGN));
    const started = performance.now();
    const groups = findDuplicateGroups(texts);
    expect(new Set(groups).size).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
