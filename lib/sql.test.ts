import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { isUuid, jsonValue, likeContains, likePrefix, uuidArray } from "./sql";

describe("likeContains", () => {
  it("wraps the text in wildcards", () => {
    expect(likeContains("lee")).toBe("%lee%");
  });
  it("escapes the wildcards and the escape character typed by a person", () => {
    expect(likeContains("a_b%")).toBe("%a\\_b\\%%");
    expect(likeContains("c:\\path")).toBe("%c:\\\\path%");
    expect(likeContains("%")).toBe("%\\%%");
  });
});

describe("likePrefix", () => {
  it("ends the text with a wildcard, escaping the wildcards and the escape character typed by a person", () => {
    expect(likePrefix("lee")).toBe("lee%");
    expect(likePrefix("a_b%")).toBe("a\\_b\\%%");
    expect(likePrefix("c:\\")).toBe("c:\\\\%");
    expect(likePrefix("%")).toBe("\\%%");
  });
});

describe("uuidArray", () => {
  const dialect = new PgDialect();
  const ids = ["0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e", "1c7f4d2f-9b5e-4a8c-8d3f-2e6b7c8d9e0f"];
  it("passes any number of ids as one parameter", () => {
    const q = dialect.sqlToQuery(uuidArray(ids));
    expect(q.sql).toBe("$1::uuid[]");
    expect(q.params).toEqual([`{${ids.join(",")}}`]);
    expect(dialect.sqlToQuery(uuidArray([])).params).toEqual(["{}"]);
  });
  it("refuses anything that is not a UUID, so the literal cannot be broken out of", () => {
    expect(() => uuidArray([ids[0]!, "x}, {y"])).toThrow(TypeError);
    expect(() => uuidArray(["'; drop table users; --"])).toThrow(/Not a UUID/);
  });
});

describe("isUuid", () => {
  it("accepts a UUID in either case", () => {
    expect(isUuid("0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e")).toBe(true);
    expect(isUuid("0B6F3C1E-8A4D-4F7B-9C2E-1D5A6B7C8D9E")).toBe(true);
  });
  it("refuses 36 characters that Postgres would not take as a uuid (a 500 where it should be a 404)", () => {
    // The check once written in many places, /^[0-9a-f-]{36}$/i, let all of these through.
    for (const bad of ["-".repeat(36), "0b6f3c1e8a4d4f7b9c2e1d5a6b7c8d9e----", "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8-9e"]) {
      expect(bad).toHaveLength(36);
      expect(isUuid(bad)).toBe(false);
    }
  });
  it("refuses what is not a string, and ids with anything around them", () => {
    for (const bad of [undefined, null, 42, {}, "", " 0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e", "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e\n"]) expect(isUuid(bad)).toBe(false);
  });
});

describe("jsonValue", () => {
  it("parses a document handed over as text (PGlite)", () => {
    expect(jsonValue('{"a":[1,"x"],"b":null}')).toEqual({ a: [1, "x"], b: null });
    expect(jsonValue("[]")).toEqual([]);
  });
  it("returns a document handed over parsed (node-postgres) as it is", () => {
    const doc = { a: [1] };
    expect(jsonValue(doc)).toBe(doc);
  });
  it("passes null and a missing row's undefined through", () => {
    expect(jsonValue(null)).toBeNull();
    expect(jsonValue(undefined)).toBeUndefined();
  });
});
