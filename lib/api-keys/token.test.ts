import { describe, expect, it } from "vitest";
import { can, type Actor } from "../auth/policy";
import { apiKeyPrefix, generateApiKey, hashApiKey, looksLikeApiKey, serviceAccountEmail } from "./token";

describe("API key material", () => {
  it("makes long random keys that are recognisable and never repeat", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^cck_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(looksLikeApiKey(a)).toBe(true);
    expect(looksLikeApiKey("cck_short")).toBe(false);
    expect(looksLikeApiKey("Bearer " + a)).toBe(false);
  });

  it("stores only a SHA-256 and shows only a prefix", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(4, 12));
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 12));
  });

  it("gives each key a service account address that can never receive mail", () => {
    expect(serviceAccountEmail("abc")).toBe("api-key-abc@api-keys.invalid");
  });
});

describe("a read-only key's actor", () => {
  const COUNCIL = "00000000-0000-0000-0000-00000000c0c1";
  const POLICE = "00000000-0000-0000-0000-00000000b0b1";
  const actor = (role: "officer" | "partner", org: string, apiKeyScope: "read" | "read_write"): Actor => ({
    id: "k",
    name: "API key: test",
    email: "api-key-k@api-keys.invalid",
    memberships: [{ organisationId: org, organisationName: org, role }],
    apiKeyScope,
  });
  const consultation = { kind: "consultation", ownerOrganisationId: COUNCIL } as const;
  const policeResponse = { kind: "response", organisationId: POLICE, consultationOwnerOrganisationId: COUNCIL } as const;

  it("may read what its role allows but never write, whatever the role", () => {
    const councilRead = actor("officer", COUNCIL, "read");
    expect(can(councilRead, "consultation.read_responses", consultation)).toBe(true);
    expect(can(councilRead, "draft_answer.read", consultation)).toBe(true);
    expect(can(councilRead, "draft_answer.edit", consultation)).toBe(false);
    expect(can(councilRead, "consultation.create", { kind: "organisation", organisationId: COUNCIL })).toBe(false);
    const policeRead = actor("partner", POLICE, "read");
    expect(can(policeRead, "response.read", policeResponse)).toBe(true);
    expect(can(policeRead, "response.edit", policeResponse)).toBe(false);
  });

  it("may write with a read and write key where the role allows", () => {
    expect(can(actor("officer", COUNCIL, "read_write"), "draft_answer.edit", consultation)).toBe(true);
    expect(can(actor("partner", POLICE, "read_write"), "response.edit", policeResponse)).toBe(true);
  });
});
