// Partners' answers in the audit log reach only those who may read responses (PGlite or Postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../errors";
import { odpmSetup } from "../collation/testing";
import { saveAnswers } from "../responses/commands";
import { EMPTY_BASE } from "../responses/queries";
import { listConsultationAudit, listSystemAudit } from "./queries";
import { withheldText, withholdAnswers } from "./withhold";

const SECRET = "The constabulary's private view: the LSP should be wound up.";
const CONFLICT = "A second attempt nobody else has seen";

let s: Awaited<ReturnType<typeof odpmSetup>>;
beforeAll(async () => {
  s = await odpmSetup();
  const police = s.actors.partner.memberships[0]!.organisationId;
  const q1 = s.q("1");
  const saved = await saveAnswers(s.t.db, { consultationId: s.odpm.id, organisationId: police, answers: [{ questionId: q1.id, value: SECRET, base: EMPTY_BASE }] }, s.actors.partner);
  expect(saved.savedCount).toBe(1);
  // A stale save of the same answer: refused as a conflict, its text kept in the entry.
  await saveAnswers(s.t.db, { consultationId: s.odpm.id, organisationId: police, answers: [{ questionId: q1.id, value: CONFLICT, base: EMPTY_BASE }] }, s.actors.partner);
});
afterAll(async () => s?.t.close());

const saves = (rows: { action: string }[]) => rows.filter((r) => r.action === "response.save");

describe("answers in the audit log", () => {
  it("are withheld from the administrator, who may not read responses: question, length and fingerprint only", async () => {
    const system = await listSystemAudit(s.t.db, { action: "response.save" }, s.actors.admin);
    expect(saves(system.rows)).toHaveLength(2);
    const shown = JSON.stringify(system.rows);
    expect(shown).not.toContain("private view");
    expect(shown).not.toContain("nobody else");
    expect(system.rows.at(-1)!.after).toEqual({ answers: { "1": withheldText(SECRET) } });
    expect(withheldText(SECRET)).toMatch(new RegExp(`^Answer withheld: ${SECRET.length} characters, fingerprint [0-9a-f]{10}$`));
    // A consultation's own audit log is refused to the administrator altogether (the policy's audit.read).
    await expect(listConsultationAudit(s.t.db, { consultationId: s.odpm.id, action: "response.save" }, s.actors.admin)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("are shown to an officer of the council, who may read responses, conflicting attempts included", async () => {
    const audit = await listConsultationAudit(s.t.db, { consultationId: s.odpm.id, action: "response.save" }, s.actors.officer);
    const shown = JSON.stringify(audit.rows);
    expect(shown).toContain(SECRET);
    expect(shown).toContain(CONFLICT);
  });

  it("leave other entries as they are", async () => {
    const system = await listSystemAudit(s.t.db, { action: "consultation.publish" }, s.actors.admin);
    expect(system.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(system.rows)).not.toContain("withheld");
  });
});

describe("other entries that quote what people wrote", () => {
  const police = () => s.actors.partner.memberships[0]!.organisationId;
  const council = () => s.actors.officer.memberships.find((m) => m.role === "officer")!.organisationId;

  it("a document comment's words (a draft's too) reach only the organisation that wrote it; its stance and paragraph stay", () => {
    const row = { action: "document_comment.save", entityType: "document_comment", organisationId: police(), consultationOwnerId: council(), before: null, after: { paragraph: "5.1", stance: "object", text: SECRET, proposedChange: CONFLICT } };
    expect(withholdAnswers(row, s.actors.partner)).toEqual(row);
    for (const reader of [s.actors.admin, s.actors.officer, s.actors.scrutiny]) {
      const seen = withholdAnswers(row, reader);
      expect(seen.after).toEqual({ paragraph: "5.1", stance: "object", text: withheldText(SECRET), proposedChange: withheldText(CONFLICT) });
    }
  });

  it("an answer's passages quoted in a tag entry reach only those who may read the responses; the themes stay named", () => {
    const row = { action: "answer_tags.set", entityType: "answer", organisationId: null, consultationOwnerId: council(), before: { analysed: false, themes: [] }, after: { analysed: true, themes: [`Funding: “${SECRET}”`, "Governance"] } };
    expect(withholdAnswers(row, s.actors.officer)).toEqual(row);
    expect(withholdAnswers(row, s.actors.admin).after).toEqual({ analysed: true, themes: [`Funding: ${withheldText(SECRET)}`, "Governance"] });
  });
});
