import { describe, expect, it } from "vitest";
import { linkify, signInEmail } from "./index";

describe("linkify", () => {
  it("finds links in plain text and keeps the rest", () => {
    expect(linkify("Go to https://x.example/a?b=1 now")).toEqual([
      { text: "Go to " },
      { text: "https://x.example/a?b=1", href: "https://x.example/a?b=1" },
      { text: " now" },
    ]);
  });
  it("leaves text without links whole", () => {
    expect(linkify("no links here")).toEqual([{ text: "no links here" }]);
  });
});

describe("signInEmail", () => {
  it("puts the link on a line of its own", () => {
    expect(signInEmail("http://localhost:3000/api/auth/callback/email?token=abc", "Consult").text).toContain("\n\nhttp://localhost:3000/api/auth/callback/email?token=abc\n\n");
  });
});
