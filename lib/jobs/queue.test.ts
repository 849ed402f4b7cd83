import { describe, expect, it } from "vitest";
import { inBatches } from "./queue";

describe("inBatches", () => {
  it("runs batches until one comes back short, and totals them", async () => {
    const sizes = [3, 3, 3, 1, 3];
    let calls = 0;
    const total = await inBatches(3, undefined, async () => sizes[calls++]!);
    expect(calls).toBe(4);
    expect(total).toBe(10);
  });

  it("stops after an empty batch", async () => {
    let calls = 0;
    expect(await inBatches(5, undefined, async () => (calls++, 0))).toBe(0);
    expect(calls).toBe(1);
  });

  it("stops between batches when the signal is aborted", async () => {
    const stop = new AbortController();
    let calls = 0;
    const total = await inBatches(2, stop.signal, async () => {
      if (++calls === 2) stop.abort();
      return 2;
    });
    expect(calls).toBe(2);
    expect(total).toBe(4);
  });

  it("runs nothing when the signal is already aborted", async () => {
    let calls = 0;
    expect(await inBatches(2, AbortSignal.abort(), async () => (calls++, 2))).toBe(0);
    expect(calls).toBe(0);
  });
});
