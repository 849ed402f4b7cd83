import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { likeContains, uuidArray } from "./sql";

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
