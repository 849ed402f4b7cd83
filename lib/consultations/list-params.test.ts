// The consultation lists' addresses: a cursor the lists wrote comes back as it was; anything else
// is no cursor (the first page), and a parameter the forms could not send is no filter.
import { describe, expect, it } from "vitest";
import { councilListParamsSchema, decodeClosedCursor, encodeClosedCursor, hubParamsSchema } from "./list-params";

const id = "0b7e4c1a-9f8e-4d2c-8a1b-3c4d5e6f7a8b";
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v), "utf8").toString("base64url");

describe("the closed lists' cursor", () => {
  it("comes back exactly as written: the microsecond, and no closing date", () => {
    for (const c of [{ at: "2024-03-01T23:59:59.999123Z", id }, { at: null, id }]) expect(decodeClosedCursor(encodeClosedCursor(c))).toEqual(c);
    expect(decodeClosedCursor(encodeClosedCursor({ at: null, id: id.toUpperCase() }))).toEqual({ at: null, id });
  });

  it("is no cursor when it is anything the lists did not write", () => {
    const bad: unknown[] = [
      undefined,
      null,
      42,
      ["x"],
      "",
      "not base64!",
      "x".repeat(201),
      b64("not json"),
      b64({ at: null, id }),
      b64([null]),
      b64([null, id, 1]),
      b64([null, "not-a-uuid"]),
      b64(["2024-03-01T23:59:59Z", id]),
      b64(["2024-02-30T10:00:00.000000Z", id]),
      b64(["0000-01-01T00:00:00.000000Z", id]),
      b64([20240301, id]),
    ];
    for (const v of bad) expect(decodeClosedCursor(v), JSON.stringify(v)).toBeNull();
  });
});

describe("the lists' addresses", () => {
  it("read the hub's search, ignoring what the form could not send", () => {
    const after = encodeClosedCursor({ at: null, id });
    expect(hubParamsSchema.parse({ q: " Parks ", status: "closed", who: "anyone", after })).toEqual({ q: "Parks", status: "closed", anyone: true, after: { at: null, id }, before: null });
    expect(hubParamsSchema.parse({ q: "\u0000", status: "draft", who: ["anyone", "x"], after: "junk" })).toEqual({ q: undefined, status: undefined, anyone: true, after: null, before: null });
    expect(hubParamsSchema.parse({})).toEqual({ q: undefined, status: undefined, anyone: false, after: null, before: null });
    // Cut to 200 characters, an emoji at the limit kept whole.
    expect(hubParamsSchema.parse({ q: `${"a".repeat(199)}😀😀` }).q).toBe(`${"a".repeat(199)}😀`);
  });

  it("read the officer lists' status=closed and nothing else", () => {
    expect(councilListParamsSchema.parse({ status: "closed", before: "junk" })).toEqual({ status: "closed", after: null, before: null });
    expect(councilListParamsSchema.parse({ status: ["open"] }).status).toBeUndefined();
  });
});
