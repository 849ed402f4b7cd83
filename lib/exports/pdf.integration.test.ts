// The PDF printer keeps one Chromium per process between prints, starts it again when it is
// closed or has crashed, and closes it once prints stop (PDF_BROWSER_IDLE_SECONDS).
import { chromium } from "playwright-core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closePdfBrowser, htmlToPdf } from "./pdf";

const page = (title: string) => `<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1><p>One page.</p></html>`;
const isPdf = (b: Buffer) => b.subarray(0, 5).toString("latin1") === "%PDF-";

describe("htmlToPdf", () => {
  const launch = vi.spyOn(chromium, "launch");
  afterEach(async () => {
    await closePdfBrowser();
    launch.mockClear();
    vi.unstubAllEnvs();
  });
  afterAll(() => launch.mockRestore());

  it("prints one document after another and several at once on one browser, offline", async () => {
    expect(isPdf(await htmlToPdf(page("First")))).toBe(true);
    expect(isPdf(await htmlToPdf(page("Second")))).toBe(true);
    const many = await Promise.all(["A", "B", "C", "D", "E"].map((t) => htmlToPdf(page(t))));
    expect(many.every(isPdf)).toBe(true);
    // Nothing in a document reaches the network.
    const requests: string[] = [];
    const server = (await import("node:http")).createServer((req, res) => {
      requests.push(req.url ?? "");
      res.end("x");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const pdf = await htmlToPdf(`<!doctype html><html lang="en"><title>x</title><img src="http://127.0.0.1:${port}/pixel.png" alt=""><link rel="stylesheet" href="http://127.0.0.1:${port}/s.css"><p>Text</p></html>`);
      expect(isPdf(pdf)).toBe(true);
      expect(requests).toEqual([]);
    } finally {
      server.close();
    }
    expect(launch).toHaveBeenCalledTimes(1);
  });

  it("starts a browser again after it was closed, or when it has gone away", async () => {
    await htmlToPdf(page("Before"));
    await closePdfBrowser();
    await htmlToPdf(page("After closing"));
    expect(launch).toHaveBeenCalledTimes(2);
    // The browser ends under the printer's feet (a crash, or the process killed).
    const browser = await launch.mock.results[1]!.value;
    await browser.close();
    expect(isPdf(await htmlToPdf(page("After a crash")))).toBe(true);
    expect(launch).toHaveBeenCalledTimes(3);
  });

  it("closes the browser once prints stop, after PDF_BROWSER_IDLE_SECONDS", async () => {
    vi.stubEnv("PDF_BROWSER_IDLE_SECONDS", "0");
    await htmlToPdf(page("One"));
    const first = await launch.mock.results[0]!.value;
    await vi.waitFor(() => expect(first.isConnected()).toBe(false));
    await htmlToPdf(page("Two"));
    expect(launch).toHaveBeenCalledTimes(2);

    vi.stubEnv("PDF_BROWSER_IDLE_SECONDS", "1");
    await htmlToPdf(page("Three"));
    const third = await launch.mock.results[2]!.value;
    expect(third.isConnected()).toBe(true);
    await vi.waitFor(() => expect(third.isConnected()).toBe(false), { timeout: 5000 });
  });

});
