import { afterEach, describe, expect, it, vi } from "vitest";
import { holdExitUntil } from "./worker";

describe("holding the server's exit while the job worker stops", () => {
  const real = process.exit;
  afterEach(() => {
    process.exit = real;
  });

  it("exits with the code it was given once the worker's round has ended", async () => {
    const exit = vi.fn() as unknown as typeof process.exit;
    process.exit = exit;
    let end!: () => void;
    holdExitUntil(new Promise<void>((r) => (end = r)), 10_000);
    process.exit(143);
    // Any other exit meanwhile is held too; the first code is the one used.
    process.exit(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(exit).not.toHaveBeenCalled();
    end();
    await new Promise((r) => setTimeout(r, 0));
    expect(exit).toHaveBeenCalledExactlyOnceWith(143);
    expect(process.exit).toBe(exit);
  });

  it("makes no exit of its own when none was asked for, and gives process.exit back", async () => {
    const exit = vi.fn() as unknown as typeof process.exit;
    process.exit = exit;
    holdExitUntil(Promise.resolve(), 10_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(exit).not.toHaveBeenCalled();
    expect(process.exit).toBe(exit);
  });

  it("exits after the grace period when the round does not end, and when it fails", async () => {
    const exit = vi.fn() as unknown as typeof process.exit;
    process.exit = exit;
    holdExitUntil(new Promise(() => undefined), 50);
    process.exit(130);
    await new Promise((r) => setTimeout(r, 20));
    expect(exit).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 60));
    expect(exit).toHaveBeenCalledExactlyOnceWith(130);

    const exit2 = vi.fn() as unknown as typeof process.exit;
    process.exit = exit2;
    holdExitUntil(Promise.reject(new Error("the database went away")), 10_000);
    process.exit(143);
    await new Promise((r) => setTimeout(r, 0));
    expect(exit2).toHaveBeenCalledExactlyOnceWith(143);
  });
});
