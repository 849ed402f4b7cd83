import { describe, expect, it } from "vitest";
import { readOrganisationSearch, readPersonEmailSearch, readTextSearch } from "./search";
import { NUL_MESSAGE } from "./text";

describe("readSearch", () => {
  it("reads the text to search for, trimmed, and keeps what was typed", () => {
    expect(readOrganisationSearch("  Wyre  ")).toEqual({ q: "Wyre", typed: "  Wyre  " });
    expect(readTextSearch("ann@example.org")).toEqual({ q: "ann@example.org", typed: "ann@example.org" });
  });

  it("takes the first of a repeated parameter, and nothing for no parameter or a non-string", () => {
    expect(readOrganisationSearch(["group 007 ", "other"])).toEqual({ q: "group 007", typed: "group 007 " });
    expect(readOrganisationSearch(undefined)).toEqual({ q: "", typed: "" });
    expect(readOrganisationSearch({ q: "x" })).toEqual({ q: "", typed: "" });
    expect(readOrganisationSearch([])).toEqual({ q: "", typed: "" });
  });

  it("refuses a search too long, searching for nothing and saying why, with what was typed cut to fit the field", () => {
    expect(readOrganisationSearch("a".repeat(201))).toEqual({ q: "", typed: "a".repeat(200), error: "Search for 200 characters or fewer of the organisation's name" });
    expect(readTextSearch("b".repeat(400))).toEqual({ q: "", typed: "b".repeat(320), error: "Search for 320 characters or fewer" });
  });

  it("refuses text Postgres cannot compare, showing what was typed without it", () => {
    expect(readOrganisationSearch("Picker\u0000Group")).toEqual({ q: "", typed: "PickerGroup", error: NUL_MESSAGE });
  });

  it("reads the personal data search only when one was made, refusing fewer than 3 characters", () => {
    expect(readPersonEmailSearch(undefined)).toBeNull();
    expect(readPersonEmailSearch(" ann@ ")).toEqual({ q: "ann@", typed: " ann@ " });
    expect(readPersonEmailSearch("an")).toEqual({ q: "", typed: "an", error: "Enter at least 3 characters of their email address" });
    expect(readPersonEmailSearch("ann\u0000@x")).toEqual({ q: "", typed: "ann@x", error: NUL_MESSAGE });
  });
});
