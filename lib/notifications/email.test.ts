// The notification email's text: one notification as itself, several as a digest; typed text
// is never markup in the HTML part and never breaks the subject line.
import { describe, expect, it } from "vitest";
import { composeNotificationEmail } from "./email";

const hostile = `Parking <img src=x onerror=alert(1)> & "quotes"\r\nBcc: victim@example.org`;

describe("composeNotificationEmail", () => {
  it("sends one notification as itself: its title as the subject (on one line), its link under NEXTAUTH_URL", () => {
    const m = composeNotificationEmail({ name: "Jane" }, [{ title: hostile, path: "/manage/abc/review", createdAt: new Date("2026-03-01T10:00:00Z") }], "https://consult.example");
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toBe(`Parking <img src=x onerror=alert(1)> & "quotes" Bcc: victim@example.org`);
    expect(m.text).toContain("https://consult.example/manage/abc/review");
    expect(m.text).toContain("Dear Jane,");
    expect(m.html).toContain("Parking &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;");
    expect(m.html).not.toContain("<img");
  });

  it("lists several in one digest, each with its link, and links to the settings", () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ title: `Partner ${i} submitted a response to “${hostile}”`, path: `/manage/c/responses/${i}`, createdAt: new Date() }));
    const m = composeNotificationEmail({ name: null }, items, "https://consult.example");
    expect(m.subject).toBe("30 new notifications from Council consultations");
    expect(m.text).toContain("Dear colleague,");
    for (let i = 0; i < 30; i++) expect(m.text).toContain(`https://consult.example/manage/c/responses/${i}`);
    expect(m.text).toContain("https://consult.example/notifications/settings");
    expect(m.html.match(/<li>/g)).toHaveLength(30);
    expect(m.html).not.toContain("<img");
  });
});
