import { describe, expect, it } from "vitest";
import { queueFilterSchema } from "./publication-schemas";

describe("queueFilterSchema (the moderation queue's address)", () => {
  const a = "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e";
  const b = "1c7f4d2f-9b5e-4a8c-8d3f-2e6b7c8d9e0f";
  it("keeps a cursor of two ids", () => {
    expect(queueFilterSchema.parse({ state: "approved", after: `${a}:${b}` })).toEqual({ state: "approved", after: `${a}:${b}` });
  });
  it("drops a cursor that is not two UUIDs (it would reach Postgres as a uuid), and an unknown state", () => {
    for (const after of [`${"-".repeat(36)}:${"-".repeat(36)}`, `${a}:${b}:${a}`, `${a}`, `${a}:`, "x"]) {
      expect(queueFilterSchema.parse({ state: "nonsense", after })).toEqual({ state: "pending", after: undefined });
    }
  });
});
