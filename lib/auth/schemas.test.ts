import { describe, expect, it } from "vitest";
import { checkPublicFor, checkSignInEmail, EMAIL_FORMAT, EMAIL_MISSING, signInEmailSchema } from "./schemas";

describe("signInEmailSchema", () => {
  const message = (email: string) => {
    const r = signInEmailSchema.safeParse({ email });
    return r.success ? r.data.email : r.error.issues[0]!.message;
  };

  it("trims and lower-cases an address", () => {
    expect(message("  Ann.Smith@Parish.Example ")).toBe("ann.smith@parish.example");
  });

  it("says a blank address is missing, and a malformed one is not in the right format", () => {
    expect(message("")).toBe(EMAIL_MISSING);
    expect(message("   ")).toBe(EMAIL_MISSING);
    expect(message("ann at parish")).toBe(EMAIL_FORMAT);
    expect(message(`${"a".repeat(320)}@x.example`)).toBe(EMAIL_FORMAT);
  });
});

describe("checkSignInEmail", () => {
  it("gives the address to use, or the code of the page's message", () => {
    expect(checkSignInEmail(" Ann@Parish.Example ")).toEqual({ email: "ann@parish.example" });
    expect(checkSignInEmail("")).toEqual({ error: "EmailMissing" });
    expect(checkSignInEmail("ann at parish")).toEqual({ error: "EmailFormat" });
  });
});

describe("checkPublicFor: the start page's consultation a sign-in is for", () => {
  it("is nothing for an ordinary sign-in, and the slug for a start page's", () => {
    expect(checkPublicFor(null)).toEqual({ slug: null });
    expect(checkPublicFor("")).toEqual({ slug: null });
    expect(checkPublicFor("shaping-the-future")).toEqual({ slug: "shaping-the-future" });
  });

  it("refuses what no page of ours sends: a file, a value too long, text Postgres cannot hold", () => {
    expect(checkPublicFor(new Blob(["x"]))).toEqual({ error: "NotTheForm" });
    expect(checkPublicFor("a".repeat(201))).toEqual({ error: "NotTheForm" });
    expect(checkPublicFor("slug\u0000")).toEqual({ error: "NotTheForm" });
    expect(checkPublicFor("\ud800")).toEqual({ error: "NotTheForm" });
  });
});
