import { describe, expect, it } from "vitest";
import type { CouncilResponseDoc } from "./council-response";
import { councilResponseHtml } from "./council-response-html";
import { coveringLetterHtml } from "./covering-letter-html";

const HOSTILE = `<script>alert(1)</script> & "quotes"`;
const doc = (signed: boolean): CouncilResponseDoc => ({
  consultationId: "c",
  slug: "s",
  title: `Shaping the future ${HOSTILE}`,
  councilName: "Chorley Council",
  askedBy: `ODPM ${HOSTILE}`,
  responseDeadline: "2005-03-04",
  status: signed ? "signed_off" : "draft",
  chapters: [],
  signOff: signed ? { approvedBy: `Jane Fisher ${HOSTILE}`, approvedAt: new Date("2005-03-01T10:00:00Z"), hash: "ab".repeat(32), answerSetVersion: 3, note: `Agreed by cabinet ${HOSTILE}` } : null,
  generatedAt: new Date("2005-03-02T09:00:00Z"),
});
const letter = (d: CouncilResponseDoc) =>
  coveringLetterHtml({ doc: d, councilName: "Chorley Council", postalAddress: "Town Hall", logo: null, date: "2005-03-02", addressee: "ODPM", body: "Dear Sir", signatoryName: "Jane Fisher", signatoryTitle: "Chief Executive", contact: { name: "", email: "", phone: "" } });

describe("the council's response and its covering letter share the response's details and its sign-off", () => {
  it("states the sign-off with its hash in both, the signatory's note in the response only, every text escaped", () => {
    for (const html of [councilResponseHtml(doc(true)), letter(doc(true))]) {
      expect(html).toContain("<dt>Status</dt><dd>Signed off</dd>");
      expect(html).toContain("<dt>Response to</dt><dd>ODPM &lt;script&gt;");
      expect(html).toContain(`<td class="hash">${"ab".repeat(32)}</td>`);
      expect(html).toContain("Jane Fisher &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
      expect(html).not.toContain("<script>alert(1)</script>");
    }
    expect(councilResponseHtml(doc(true))).toContain("Agreed by cabinet");
    expect(letter(doc(true))).not.toContain("Agreed by cabinet");
  });

  it("says a draft is not signed off in both", () => {
    for (const html of [councilResponseHtml(doc(false)), letter(doc(false))]) {
      expect(html).toContain("<dt>Status</dt><dd>Draft – not signed off</dd>");
      expect(html).toContain("Not signed off. This is a draft");
      expect(html).not.toContain('class="hash"');
    }
  });
});
