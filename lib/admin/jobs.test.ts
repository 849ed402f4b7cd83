import { describe, expect, it } from "vitest";
import { jobStateText, type JobRow } from "./jobs";

const at = new Date("2026-12-06T10:00:00Z");
const job: JobRow = {
  id: "0b6f3c1e-1d2a-4c55-9a7e-3f2d7c1b9e01",
  name: "email.invitation",
  status: "failed",
  attempts: 1,
  maxAttempts: 5,
  runAt: at,
  lockedAt: at,
  createdAt: at,
  finishedAt: at,
  lastError: null,
  instance: "web-1",
};

describe("what the jobs page says of a job's state", () => {
  it("says each list's state in words", () => {
    expect(jobStateText("failed", job)).toBe("Failed 6 December 2026, 10:00 am after 1 attempt");
    expect(jobStateText("failed", { ...job, attempts: 5 })).toMatch(/after 5 attempts$/);
    expect(jobStateText("running", { ...job, attempts: 2 })).toBe("Running on web-1, attempt 2 of 5; its claim last renewed 6 December 2026, 10:00 am");
    expect(jobStateText("stalled", { ...job, instance: null, lockedAt: null })).toBe("Its worker stopped. The next worker to look takes it back.");
    expect(jobStateText("done", job)).toBe("Done 6 December 2026, 10:00 am");
  });

  it("tells a waiting job due from one due later, against the time given", () => {
    expect(jobStateText("waiting", { ...job, attempts: 0 }, new Date("2026-12-06T09:00:00Z"))).toBe("Runs 6 December 2026, 10:00 am");
    expect(jobStateText("waiting", { ...job, attempts: 2 }, new Date("2026-12-06T11:00:00Z"))).toBe("Due since 6 December 2026, 10:00 am, tried 2 times");
  });
});
