// The notifications list's cursor as its addresses carry it: what this list made comes back as
// it was; anything else is no cursor (the newest page), never a value Postgres would refuse.
import { describe, expect, it } from "vitest";
import { decodeNotificationCursor, encodeNotificationCursor, notificationListParamsSchema } from "./schemas";

const id = "3f2b8c1e-6d4a-4f0b-9c3e-2a1b5d7e9f01";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

describe("the notifications list's cursor", () => {
  it("comes back as it was made, to the microsecond, and is safe in an address", () => {
    const c = { at: "2026-03-01T10:00:00.000001Z", id };
    const s = encodeNotificationCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNotificationCursor(s)).toEqual(c);
    expect(notificationListParamsSchema.parse({ before: s })).toEqual({ before: c, after: null });
    expect(notificationListParamsSchema.parse({ after: [s, "junk"] })).toEqual({ before: null, after: c });
  });

  it("is none for anything it did not make: no day 31 February, no year 0 or 99999, no id that is not a UUID", () => {
    for (const v of [
      undefined,
      null,
      42,
      "",
      "not base64!",
      "Infinity",
      "x".repeat(201),
      b64(`2026-02-31T10:00:00.000000Z_${id}`),
      b64(`2026-13-01T10:00:00.000000Z_${id}`),
      b64(`99999-01-01T00:00:00.000000Z_${id}`),
      b64(`0000-01-01T00:00:00.000000Z_${id}`),
      b64(`2026-03-01T10:00:00.000Z_${id}`),
      b64(`2026-03-01T10:00:00.000000Z_${id}_x`),
      b64(`2026-03-01T10:00:00.000000Z_x' or 1=1 --`),
      b64(`2026-03-01T10:00:00.000000Z`),
    ]) {
      expect(decodeNotificationCursor(v), String(v)).toBeNull();
      expect(notificationListParamsSchema.parse({ before: v, after: v })).toEqual({ before: null, after: null });
    }
  });
});
