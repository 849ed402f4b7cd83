import { afterEach, describe, expect, it, vi } from "vitest";
import { formatLogArgs } from "@/lib/log";
import { downloadFailed } from "./download";

describe("downloadFailed: a download that failed on our side", () => {
  afterEach(() => vi.restoreAllMocks());

  it("says so with the reference its log line has, never the fault's words", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = downloadFailed("export", new Error("Failed query: select * from secret_table"), "an administrator");
    expect(res.status).toBe(500);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const text = await res.text();
    const reference = /quoting reference (\d+)\.$/.exec(text)?.[1];
    expect(text).toBe(`Sorry, the export could not be made. Try again. If it keeps failing, tell an administrator, quoting reference ${reference}.`);
    expect(formatLogArgs(log.mock.calls[0]!).msg).toContain(`reference ${reference}`);
  });

  it("answers 503 with Retry-After when the database was slow or away", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const away = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const res = downloadFailed("file", away, "the council's contact officer");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(await res.text()).toMatch(/^Sorry, the service cannot reach its database just now\. Try again in a minute\. If it keeps failing, tell the council's contact officer, quoting reference \d+\.$/);
  });
});
