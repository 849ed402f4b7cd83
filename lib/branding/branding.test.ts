// The letterhead's pure rules: the template's placeholders and the logo's bytes.
import { describe, expect, it } from "vitest";
import { checkLogo, imageSize, LOGO_ERRORS, MAX_LOGO_BYTES, sniffLogoType } from "./logo";
import { DEFAULT_LETTER_TEMPLATE, PLACEHOLDERS, renderTemplate, unknownPlaceholders, type TemplateValues } from "./template";
import { testPng } from "./testing";

const VALUES = Object.fromEntries(Object.keys(PLACEHOLDERS).map((k) => [k, `<${k}>`])) as TemplateValues;

describe("the covering letter's template", () => {
  it("fills every known placeholder, with or without spaces inside the braces", () => {
    expect(renderTemplate("{{asked_by}} / {{ date }} / {{signatory_title}}", VALUES)).toBe("<asked_by> / <date> / <signatory_title>");
  });

  it("names each unknown placeholder once, in order", () => {
    expect(unknownPlaceholders("{{nope}} {{asked_by}} {{ Date }} {{nope}} {{}}")).toEqual(["nope", "Date", ""]);
    expect(unknownPlaceholders(DEFAULT_LETTER_TEMPLATE)).toEqual([]);
    // Names every object has (Object.prototype's) are not placeholders: never JavaScript's insides in a letter.
    expect(unknownPlaceholders("{{constructor}} {{toString}} {{__proto__}} {{hasOwnProperty}}")).toEqual(["constructor", "toString", "__proto__", "hasOwnProperty"]);
    expect(renderTemplate("{{constructor}} {{__proto__}}", VALUES)).toBe("{{constructor}} {{__proto__}}");
  });

  it("leaves text that only looks like a placeholder alone, and never re-reads what it put in", () => {
    expect(renderTemplate("{single} {{{asked_by}}}", VALUES)).toBe("{single} {<asked_by>}");
    expect(renderTemplate("{{asked_by}}", { ...VALUES, asked_by: "{{date}}" })).toBe("{{date}}");
  });
});

describe("the logo", () => {
  it("is a PNG or a JPEG by its first bytes, never by its name", () => {
    expect(sniffLogoType(testPng())).toBe("image/png");
    expect(sniffLogoType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffLogoType(Buffer.from("<svg></svg>"))).toBeNull();
    expect(sniffLogoType(Buffer.from("GIF89a"))).toBeNull();
  });

  it("is refused empty, too large or of another type, with the message for the field", () => {
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, error: LOGO_ERRORS.empty });
    expect(checkLogo(new Uint8Array(MAX_LOGO_BYTES + 1))).toEqual({ ok: false, error: LOGO_ERRORS.size });
    expect(checkLogo(Buffer.from("<svg/>"))).toEqual({ ok: false, error: LOGO_ERRORS.type });
    expect(checkLogo(testPng())).toMatchObject({ ok: true, type: "image/png" });
  });

  it("reports its pixel size from the header", () => {
    expect(imageSize(testPng(120, 40), "image/png")).toEqual({ width: 120, height: 40 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 50, 0, 200, 3, 0, 0, 0, 0]);
    expect(imageSize(jpeg, "image/jpeg")).toEqual({ width: 200, height: 50 });
  });
});
