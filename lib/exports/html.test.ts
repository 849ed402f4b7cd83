import { describe, expect, it } from "vitest";
import { documentHtml, paragraphsHtml } from "./html";

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

describe("the print HTML shell", () => {
  it("keeps a signed-off title that closes <style> and opens <script> inside the running head's CSS string", () => {
    const title = `Plan</style><script>window.__pwned=1</script><style>`;
    const html = documentHtml({ title, draft: false, body: "<p>body</p>" });
    expect(count(html, /<style[\s>]/gi)).toBe(1);
    expect(count(html, /<\/style/gi)).toBe(1);
    expect(html).not.toMatch(/<script/i);
    // The title is still the running head, escaped: `<` is U+003C.
    expect(html).toContain('content: "Plan\\00003C \\00002F style\\00003E \\00003C script\\00003E window.__pwned');
  });

  it("carries its own policy (no script, its stylesheet by hash) and the request's nonce", () => {
    const html = documentHtml({ title: "T", draft: true, body: "", nonce: "abc123" });
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    expect(html).toContain('<style nonce="abc123">');
  });

  it("writes hostile paragraphs as text", () => {
    expect(paragraphsHtml(`<img src=x onerror=alert(1)>\n" onmouseover="x`)).toBe("<p>&lt;img src=x onerror=alert(1)&gt;<br>&quot; onmouseover=&quot;x</p>");
  });
});
