import { describe, expect, it } from "vitest";
import { throttleMessage, waitText } from "./throttle";

describe("the sign-in page's message for a limit's refusal", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  const inSeconds = (s: number) => String(now.getTime() / 1000 + s);
  it("says how long to wait for more sign-in emails, in minutes rounded up", () => {
    expect(throttleMessage("TooManyEmails", inSeconds(301), now)).toBe(
      "You have asked for too many sign-in emails. Try again in 6 minutes, or use the newest email we sent you.",
    );
  });
  it("says how long to wait after too many links that did not work, in seconds under a minute", () => {
    expect(throttleMessage("TooManyLinks", inSeconds(40), now)).toBe("Too many sign-in links that did not work have been opened from your network. Try again in 40 seconds.");
  });
  it("says a minute when the time to retry is missing or not a number, and never more than a day", () => {
    expect(throttleMessage("TooManyEmails", undefined, now)).toContain("Try again in 1 minute,");
    expect(throttleMessage("TooManyEmails", inSeconds(10 * 24 * 3600), now)).toContain("Try again in 1440 minutes");
  });
  it("is null for any other error", () => {
    expect(throttleMessage("Verification", inSeconds(60), now)).toBeNull();
    expect(throttleMessage(undefined, undefined, now)).toBeNull();
  });
  it("words waits in seconds and minutes", () => {
    expect(waitText(1)).toBe("1 second");
    expect(waitText(60)).toBe("1 minute");
    expect(waitText(61)).toBe("2 minutes");
  });
});
