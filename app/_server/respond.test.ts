import { Readable } from "node:stream";
import type { GetServerSidePropsContext } from "next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatLogArgs } from "@/lib/log";
import { fieldPairs, respondentPage, typedText, type RespondProps } from "./respond";

const Q = "q-6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b";

describe("typedText and fieldPairs: what a post that could not be saved keeps", () => {
  const fields = { [Q]: "An answer", [`${Q}.explanation`]: ["why", "  "], csrfToken: "t", action: "save", text: "A comment", other: "x" };

  it("keeps what the person typed, and not the form's own fields or blank boxes", () => {
    expect(typedText(fields)).toEqual(["An answer", "why", "A comment"]);
  });

  it("gives every field as it was sent, a repeated one once for each value", () => {
    expect(fieldPairs(fields)).toEqual([
      [Q, "An answer"],
      [`${Q}.explanation`, "why"],
      [`${Q}.explanation`, "  "],
      ["csrfToken", "t"],
      ["action", "save"],
      ["text", "A comment"],
      ["other", "x"],
    ]);
  });
});

describe("respondentPage: a respondent page when the database is away", () => {
  afterEach(() => vi.restoreAllMocks());
  const away = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

  function context(method: "GET" | "POST", body: Buffer = Buffer.alloc(0)) {
    const req = Object.assign(Readable.from(body.length ? [body] : []), {
      method,
      headers: { "content-type": "application/x-www-form-urlencoded", host: "localhost" },
      cookies: {},
    });
    const headers: Record<string, string> = {};
    const res = { statusCode: 200, setHeader: (name: string, value: string) => void (headers[name] = value) };
    return { c: { req, res, resolvedUrl: "/respond/x" } as unknown as GetServerSidePropsContext, res, headers };
  }

  const failing = respondentPage<never>(async () => {
    throw away;
  });

  it("says the service is unavailable (503, Retry-After), in a frame that names no one, with the log's reference", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { c, res, headers } = context("GET");
    const result = (await failing(c)) as { props: RespondProps<never> };
    expect(res.statusCode).toBe(503);
    expect(headers["Retry-After"]).toBe("60");
    expect(result.props).toMatchObject({ problem: "unavailable", view: null, shell: { actor: null, actorUnknown: true } });
    expect(result.props.kept).toEqual({ typed: [], resend: null, reference: expect.stringMatching(/^\d+$/) });
    expect(formatLogArgs(log.mock.calls[0]!).msg).toContain(`reference ${result.props.kept!.reference}`);
  });

  it("neither shows nor offers to send again a post without the page's token", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { c, res } = context("POST", Buffer.from(`${Q}=${encodeURIComponent("<script>x</script>")}&csrfToken=forged`));
    const result = (await failing(c)) as { props: RespondProps<never> };
    expect(res.statusCode).toBe(503);
    expect(result.props.kept).toEqual({ typed: [], resend: null, message: expect.stringMatching(/nothing was saved/), reference: expect.stringMatching(/^\d+$/) });
  });

  it("answers 503, not the 413 of reading it, for a post too large to read", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { c, res } = context("POST", Buffer.alloc(9 * 1024 * 1024, "a"));
    const result = (await failing(c)) as { props: RespondProps<never> };
    expect(res.statusCode).toBe(503);
    expect(result.props.kept).toMatchObject({ typed: [], resend: null });
  });

  it("lets any other failure through to the error page, with a reference for it and the log", async () => {
    const bug = new TypeError("a bug");
    const broken = respondentPage<never>(async () => {
      throw bug;
    });
    await expect(broken(context("GET").c)).rejects.toThrow("a bug");
    expect((bug as TypeError & { digest?: string }).digest).toMatch(/^\d+$/);
  });
});
