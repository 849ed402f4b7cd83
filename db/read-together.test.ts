import { describe, expect, it } from "vitest";
import { readTogether, type Db } from "./client";

// Each read records when it starts and ends; a read ends a tick after it starts.
function reads(log: string[]) {
  const read = (name: string) => async () => {
    log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, 5));
    log.push(`end ${name}`);
    return name;
  };
  return [read("a"), read("b"), read("c")] as const;
}

describe("readTogether", () => {
  it("starts every read at once on a pool, each on its own connection", async () => {
    const pool = { $client: { connect: () => undefined, totalCount: 0 } } as unknown as Db;
    const log: string[] = [];
    expect(await readTogether(pool, reads(log))).toEqual(["a", "b", "c"]);
    expect(log.slice(0, 3)).toEqual(["start a", "start b", "start c"]);
  });

  it("runs them in turn on one client (a transaction's handle, PGlite), keeping their order", async () => {
    const tx = { $client: { query: () => undefined } } as unknown as Db;
    const log: string[] = [];
    expect(await readTogether(tx, reads(log))).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("runs at most atOnce at a time on a pool, the answers in the reads' order", async () => {
    const pool = { $client: { connect: () => undefined, totalCount: 0 } } as unknown as Db;
    let running = 0;
    let most = 0;
    const read = (n: number) => async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 10 - (n % 3) * 3));
      running--;
      return n;
    };
    const ns = Array.from({ length: 12 }, (_, i) => i);
    expect(await readTogether(pool, ns.map(read), 3)).toEqual(ns);
    expect(most).toBe(3);
  });

  it("takes reads whose answer is known without a query", async () => {
    const tx = {} as Db;
    expect(await readTogether(tx, [() => 1, async () => "two"])).toEqual([1, "two"]);
  });

  it("throws the failure of the first read in the list, on a pool even when a later read fails sooner", async () => {
    const pool = { $client: { connect: () => undefined, totalCount: 0 } } as unknown as Db;
    const after = (ms: number, outcome: () => unknown) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      return outcome();
    };
    const refused = new Error("refused");
    const broken = new Error("the read failed");
    const failing = [after(20, () => Promise.reject(refused)), after(1, () => Promise.reject(broken))] as const;
    await expect(readTogether(pool, failing)).rejects.toBe(refused);
    // The first passes: the second's failure is the one thrown, once the first has settled.
    await expect(readTogether(pool, [after(20, () => "checked"), after(1, () => Promise.reject(broken))])).rejects.toBe(broken);
  });

  it("starts no read after one has failed: on one client, a failed check means the read never runs", async () => {
    const tx = { $client: { query: () => undefined } } as unknown as Db;
    let ran = false;
    const refused = new Error("refused");
    const check = async () => {
      throw refused;
    };
    const read = async () => {
      ran = true;
      return "data";
    };
    await expect(readTogether(tx, [check, read])).rejects.toBe(refused);
    expect(ran).toBe(false);
  });

  it("starts no read after one has failed on a pool either, when the reads outnumber the lanes", async () => {
    const pool = { $client: { connect: () => undefined, totalCount: 0 } } as unknown as Db;
    const started: string[] = [];
    const refused = new Error("refused");
    const read = (name: string, ms: number, fail = false) => async () => {
      started.push(name);
      await new Promise((r) => setTimeout(r, ms));
      if (fail) throw refused;
      return name;
    };
    // Two lanes: "a" fails at once while "b" runs; "c" and "d" must never start.
    await expect(readTogether(pool, [read("a", 1, true), read("b", 20), read("c", 1), read("d", 1)], 2)).rejects.toBe(refused);
    await new Promise((r) => setTimeout(r, 40));
    expect(started).toEqual(["a", "b"]);
  });
});
