import fc from "fast-check";
import postcss from "postcss";
import { describe, expect, it } from "vitest";
import { cssString, docxSafe, htmlAttr, htmlText, isolate, scriptJson, xmlText } from "./escape";

/** What a CSS parser reads back from a string token (CSS Syntax 3, "consume an escaped code point"). */
function readCssString(token: string): string {
  expect(token[0]).toBe('"');
  let out = "";
  let i = 1;
  for (;;) {
    const ch = token[i];
    if (ch === undefined) throw new Error("unterminated CSS string");
    if (ch === '"') break;
    if (ch === "\n" || ch === "\r" || ch === "\f") throw new Error("bad string: raw line break");
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const hex = /^[0-9a-fA-F]{1,6}/.exec(token.slice(i + 1))![0];
    let cp = parseInt(hex, 16);
    if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) cp = 0xfffd;
    out += String.fromCodePoint(cp);
    i += 1 + hex.length;
    if (/[ \t\n]/.test(token[i] ?? "")) i++;
  }
  expect(i, "the string ends where the token ends").toBe(token.length - 1);
  return out;
}

const asCssReads = (s: string) => s.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

const HOSTILE = [
  `</style><script>window.__pwned=1</script>`,
  `"; } body { background: url(https://evil.example/x) } p { content: "`,
  `\\"; }\n</STYLE ><img src=x onerror=alert(1)>`,
  `' onmouseover='alert(1)' x='`,
  `" onmouseover="alert(1)`,
  "`${alert(1)}`",
  "\u202Egnp.exe\u202C and \u2066isolated\u2069",
  "line\r\nbreak\u2028sep\u0000nul\ud800lone 😀 ＝HYPERLINK()",
];

describe("CSS strings", () => {
  it("cannot be ended, nor the <style> element closed, by any payload", () => {
    for (const payload of HOSTILE) {
      const css = cssString(payload);
      expect(css).not.toMatch(/[<>/'\n\r]/);
      expect(css.slice(1, -1)).not.toMatch(/"/);
      // Used as a declaration's value, it parses as one declaration of one string.
      const root = postcss.parse(`@page { @top-right { content: ${css}; color: red; } }`);
      const decls: string[] = [];
      root.walkDecls((d) => void decls.push(`${d.prop}=${d.value}`));
      expect(decls).toEqual([`content=${css}`, "color=red"]);
    }
  });

  it("reads back as the text it was given (lone surrogates and NUL as U+FFFD, as CSS reads them)", () => {
    for (const payload of HOSTILE) {
      expect(readCssString(cssString(payload))).toBe(asCssReads(payload));
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(readCssString(cssString(s))).toBe(asCssReads(s));
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  it("keeps plain words readable", () => {
    expect(cssString("Local Strategic Partnerships, 2026")).toBe('"Local Strategic Partnerships, 2026"');
    expect(cssString('say "hi"')).toBe('"say \\000022 hi\\000022 "');
  });
});

describe("HTML text and attributes", () => {
  it("turn every markup character into a character reference", () => {
    for (const payload of HOSTILE) {
      for (const out of [htmlText(payload), htmlAttr(payload)]) {
        expect(out).not.toMatch(/[<>"'`]/);
        // Every & starts one of our references: no raw & can combine with the text after it.
        expect(out.replace(/&(amp|lt|gt|quot|#39|#96);/g, "")).not.toContain("&");
      }
    }
    expect(htmlText(`<img src=x onerror="alert('1')">&`)).toBe("&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;");
    expect(htmlAttr(`" onmouseover="x`)).toBe("&quot; onmouseover=&quot;x");
  });

  it("contain a bidirectional override within the value (text kept, wrapped in an isolate)", () => {
    expect(htmlText("abc\u202Edef")).toBe("\u2068abc\u202Edef\u2069");
    expect(htmlText("plain")).toBe("plain");
    expect(htmlText(null)).toBe("");
    expect(htmlText(3)).toBe("3");
  });
});

describe("JSON in a script element", () => {
  it("cannot close the element or open a comment, and parses back to the value", () => {
    const value = { title: "</script><script>alert(1)</script><!--", sep: "\u2028\u2029", amp: "&" };
    const out = scriptJson(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe("text for Word and Excel files (XML 1.0)", () => {
  it("leaves out only what XML cannot hold, keeping tab, line breaks and every real character", () => {
    expect(xmlText("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi")).toBe("abcdefghi");
    expect(xmlText("tab\there\r\nline \u00e9 \u{1F600} \uFFFD \u202E")).toBe("tab\there\r\nline \u00e9 \u{1F600} \uFFFD \u202E");
    expect(xmlText("lone \uD800 and \uDC00 surrogates")).toBe("lone  and  surrogates");
  });

  it("cleans every string of a document's data for Word (bidi controls too), and keeps dates, buffers and numbers", () => {
    const at = new Date("2026-12-06T10:00:00Z");
    const logo = Buffer.from([1, 2]);
    const safe = docxSafe({ title: "A\uFFFF", at, logo, n: 3, list: [{ text: "\uFFFEb\u202E" }, null], nested: { deep: ["c\u0001\u2066"] } });
    expect(safe).toEqual({ title: "A", at, logo, n: 3, list: [{ text: "b" }, null], nested: { deep: ["c"] } });
    expect(safe.at).toBe(at);
    expect(safe.logo).toBe(logo);
  });

  it("isolates one person's text within a line made of several, and leaves plain text as it is", () => {
    expect(isolate("\u202Eevil")).toBe("\u2068\u202Eevil\u2069");
    expect(isolate("Chorley CVS")).toBe("Chorley CVS");
    // Twice in a row (the pattern is global): the same answer.
    expect(isolate("\u202Ea")).toBe(isolate("\u202Ea"));
  });
});
