import { describe, expect, it } from "vitest";
import { formatDateTime } from "../format";
import { outboxBodyWithheld, outboxStatusText } from "./outbox";

describe("outboxStatusText", () => {
  const at = new Date("2026-12-06T10:32:00Z");

  it("says when a failed email is tried again", () => {
    expect(outboxStatusText("failed", at)).toBe(`Failed; will try again at ${formatDateTime(at)}`);
  });

  it("says a failed email with no retry waiting has failed", () => {
    expect(outboxStatusText("failed", null)).toBe("Failed");
    expect(outboxStatusText("failed")).toBe("Failed");
  });

  it("words the other statuses for the administrator", () => {
    expect(outboxStatusText("stored")).toBe("Kept in outbox (SMTP not configured)");
    expect(outboxStatusText("queued", at)).toBe("Waiting to be sent");
    expect(outboxStatusText("sent", at)).toBe("Sent");
  });
});

describe("outboxBodyWithheld", () => {
  it("withholds a receipt sent by mail, shows it when only the outbox holds it", () => {
    expect(outboxBodyWithheld({ kind: "receipt", status: "sent" })).toBe(true);
    expect(outboxBodyWithheld({ kind: "receipt", status: "stored" })).toBe(false);
    expect(outboxBodyWithheld({ kind: "outcome", status: "sent" })).toBe(false);
  });

  it("withholds a link that signs its person in or opens their response, once it went out by mail", () => {
    for (const kind of ["sign_in", "invitation", "reminder", "return_link"]) {
      expect(outboxBodyWithheld({ kind, status: "sent" }), kind).toBe(true);
      expect(outboxBodyWithheld({ kind, status: "failed" }), kind).toBe(true);
      expect(outboxBodyWithheld({ kind, status: "stored" }), kind).toBe(false);
    }
  });
});
