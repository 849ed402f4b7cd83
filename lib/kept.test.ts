import { describe, expect, it } from "vitest";
import { keeper } from "./kept";

describe("keeper (what is costly and the same for everyone, kept a while)", () => {
  it("keeps a value for its time, then works it out afresh", async () => {
    let clock = 1_000_000; // lru-cache reads a start time of 0 as none
    let made = 0;
    const k = keeper<{ n: number }>({ ttl: 1_000, now: () => clock });
    const load = async () => ({ n: ++made });
    const first = await k.read("a", load);
    clock += 999;
    expect(await k.read("a", load)).toBe(first);
    clock += 2;
    expect(await k.read("a", load)).toEqual({ n: 2 });
    expect(await k.read("b", load)).toEqual({ n: 3 });
  });

  it("shares one piece of work between callers asking at once", async () => {
    let made = 0;
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    const k = keeper<{ n: number }>({ ttl: 60_000 });
    const load = async () => {
      made += 1;
      await gate;
      return { n: made };
    };
    const reads = Array.from({ length: 5 }, () => k.read("a", load));
    finish();
    const values = await Promise.all(reads);
    expect(made).toBe(1);
    expect(new Set(values).size).toBe(1);
  });

  it("does not keep what `keep` refuses, beyond the callers already waiting", async () => {
    let made = 0;
    const k = keeper<{ n: number }>({ ttl: 60_000 });
    const load = async () => ({ n: ++made });
    const small = (v: { n: number }) => v.n > 100;
    const [a, b] = await Promise.all([k.read("a", load, { keep: small }), k.read("a", load, { keep: small })]);
    expect(a).toBe(b);
    expect(await k.read("a", load, { keep: small })).toEqual({ n: 2 });
  });

  it("keeps no more than its size allows, the least recently used going first, and not one value bigger than it", async () => {
    const k = keeper<string>({ ttl: 60_000, maxSize: 10, size: (v) => v.length });
    let made = 0;
    const load = (v: string) => async () => `${v}${++made}`;
    const a = await k.read("a", load("aaaa")); // 5
    await k.read("b", load("bbbb")); // 5: full
    expect(await k.read("a", load("x"))).toBe(a); // a used last
    await k.read("c", load("cc")); // b goes
    expect(await k.read("a", load("x"))).toBe(a);
    expect(await k.read("b", load("bbbb"))).not.toBe("bbbb2");
    const big = await k.read("big", load("z".repeat(20)));
    expect(await k.read("big", load("z".repeat(20)))).not.toBe(big);
  });

  it("keeps nothing when the work fails: the next caller tries again", async () => {
    const k = keeper<{ ok: boolean }>({ ttl: 60_000 });
    await expect(k.read("a", async () => Promise.reject(new Error("database away")))).rejects.toThrow("database away");
    expect(await k.read("a", async () => ({ ok: true }))).toEqual({ ok: true });
  });

  it("finishes work in hand for those waiting when its entry is pushed out meanwhile", async () => {
    const k = keeper<string>({ ttl: 60_000, max: 1 });
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    const slow = k.read("a", async () => {
      await gate;
      return "a";
    });
    expect(await k.read("b", async () => "b")).toBe("b"); // pushes "a" out while it is worked out
    finish();
    expect(await slow).toBe("a");
  });
});
