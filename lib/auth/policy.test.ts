import { describe, expect, it } from "vitest";
import { can, ownersAllowed, type Actor } from "./policy";

const COUNCIL = "00000000-0000-0000-0000-00000000c0c1";
const OTHER_COUNCIL = "00000000-0000-0000-0000-00000000c0c2";
const POLICE = "00000000-0000-0000-0000-00000000b0b1";
const NHS = "00000000-0000-0000-0000-00000000b0b2";

const actor = (roles: [string, Actor["memberships"][number]["role"]][]): Actor => ({
  id: "u",
  name: "U",
  email: "u@example.org",
  memberships: roles.map(([organisationId, role]) => ({ organisationId, organisationName: organisationId, role })),
});

const consultation = { kind: "consultation", ownerOrganisationId: COUNCIL } as const;
const policeResponse = { kind: "response", organisationId: POLICE, consultationOwnerOrganisationId: COUNCIL } as const;

describe("can", () => {
  it("refuses everything to nobody", () => {
    expect(can(null, "review.read", consultation)).toBe(false);
    expect(can(undefined, "admin.manage", { kind: "system" })).toBe(false);
  });

  it("lets a partner read and edit only their own organisation's response", () => {
    const partner = actor([[POLICE, "partner"]]);
    expect(can(partner, "response.read", policeResponse)).toBe(true);
    expect(can(partner, "response.edit", policeResponse)).toBe(true);
    const nhsResponse = { ...policeResponse, organisationId: NHS };
    expect(can(partner, "response.read", nhsResponse)).toBe(false);
    expect(can(partner, "response.edit", nhsResponse)).toBe(false);
  });

  it("lets a member of the public read and edit only their own response, and officers of the owner read it", () => {
    const PUBLIC = "00000000-0000-0000-0000-0000000000b1";
    const mine = { kind: "response", organisationId: PUBLIC, consultationOwnerOrganisationId: COUNCIL, respondentUserId: "u" } as const;
    const theirs = { ...mine, respondentUserId: "someone-else" };
    const person = actor([]);
    expect(can(person, "response.edit", mine)).toBe(true);
    expect(can(person, "response.read", mine)).toBe(true);
    expect(can(person, "response.edit", theirs)).toBe(false);
    expect(can(person, "response.read", theirs)).toBe(false);
    expect(can(person, "response.read", policeResponse)).toBe(false);
    expect(can(person, "consultation.read_responses", consultation)).toBe(false);
    // Even a membership of the public organisation (an admin's slip) gives no one else's response.
    expect(can(actor([[PUBLIC, "partner"]]), "response.edit", theirs)).toBe(false);
    expect(can({ ...person, apiKeyScope: "read_write" }, "response.edit", mine)).toBe(false);
    expect(can(actor([[COUNCIL, "officer"]]), "response.read", theirs)).toBe(true);
    expect(can(actor([[COUNCIL, "officer"]]), "response.edit", theirs)).toBe(false);
    expect(can(actor([[OTHER_COUNCIL, "officer"]]), "response.read", theirs)).toBe(false);
  });

  it("refuses partners the council's work and the admin pages", () => {
    const partner = actor([[POLICE, "partner"]]);
    for (const a of ["draft_answer.read", "draft_answer.edit", "consultation.manage", "review.read", "signoff.decide", "consultation.read_responses"] as const) {
      expect(can(partner, a, consultation), a).toBe(false);
    }
    expect(can(partner, "admin.manage", { kind: "system" })).toBe(false);
    expect(can(partner, "audit.read", { kind: "system" })).toBe(false);
  });

  it("lets officers manage and draft only their own council's consultations", () => {
    const officer = actor([[COUNCIL, "officer"]]);
    expect(can(officer, "consultation.manage", consultation)).toBe(true);
    expect(can(officer, "draft_answer.edit", consultation)).toBe(true);
    expect(can(officer, "consultation.read_responses", consultation)).toBe(true);
    expect(can(officer, "consultation.manage", { ...consultation, ownerOrganisationId: OTHER_COUNCIL })).toBe(false);
    expect(can(officer, "signoff.decide", consultation)).toBe(false);
    expect(can(officer, "response.edit", policeResponse)).toBe(false);
    expect(can(officer, "response.read", policeResponse)).toBe(true);
  });

  it("lets scrutiny read and comment but not edit drafts or sign off", () => {
    const member = actor([[COUNCIL, "scrutiny"]]);
    expect(can(member, "review.read", consultation)).toBe(true);
    expect(can(member, "review.comment", consultation)).toBe(true);
    expect(can(member, "draft_answer.read", consultation)).toBe(true);
    expect(can(member, "draft_answer.edit", consultation)).toBe(false);
    expect(can(member, "review.record_resolution", consultation)).toBe(false);
    expect(can(member, "signoff.decide", consultation)).toBe(false);
  });

  it("lets only a signatory of the owning council sign off or reopen", () => {
    const signatory = actor([[COUNCIL, "signatory"]]);
    expect(can(signatory, "signoff.decide", consultation)).toBe(true);
    expect(can(signatory, "signoff.reopen", consultation)).toBe(true);
    expect(can(actor([[OTHER_COUNCIL, "signatory"]]), "signoff.decide", consultation)).toBe(false);
  });

  it("combines the roles of a person who holds several", () => {
    const both = actor([
      [COUNCIL, "officer"],
      [COUNCIL, "signatory"],
    ]);
    expect(can(both, "draft_answer.edit", consultation)).toBe(true);
    expect(can(both, "signoff.decide", consultation)).toBe(true);
  });

  it("gives admins the system but not the council's drafting", () => {
    const admin = actor([[COUNCIL, "admin"]]);
    expect(can(admin, "admin.manage", { kind: "system" })).toBe(true);
    expect(can(admin, "draft_answer.edit", consultation)).toBe(false);
  });

  it("refuses admins a consultation's audit log, which holds partners' answers", () => {
    const admin = actor([[COUNCIL, "admin"]]);
    expect(can(admin, "audit.read", consultation)).toBe(false);
    expect(can(admin, "response.read", { kind: "response", organisationId: POLICE, consultationOwnerOrganisationId: COUNCIL })).toBe(false);
    expect(can(actor([[COUNCIL, "officer"]]), "audit.read", consultation)).toBe(true);
  });
});

describe("ownersAllowed", () => {
  it("lists exactly the owners whose consultations `can` allows the action on", () => {
    const person = actor([
      [COUNCIL, "scrutiny"],
      [OTHER_COUNCIL, "admin"],
      [POLICE, "partner"],
    ]);
    expect(ownersAllowed(person, "consultation.read_responses")).toEqual([COUNCIL]);
    expect(ownersAllowed(person, "draft_answer.edit")).toEqual([]);
    expect(ownersAllowed(actor([[POLICE, "partner"]]), "consultation.read_responses")).toEqual([]);
    for (const owner of [COUNCIL, OTHER_COUNCIL, POLICE, NHS]) {
      expect(ownersAllowed(person, "review.comment").includes(owner)).toBe(can(person, "review.comment", { kind: "consultation", ownerOrganisationId: owner }));
    }
  });
});
