// Reading and saving a council's letterhead. The administrator sets it; every document the
// council sends (the covering letter, receipts' contact officer) reads it from here.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { councilBranding, organisations, type LogoType } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import { checkLogo } from "./logo";
import type { BrandingInput } from "./schemas";
import { DEFAULT_LETTER_TEMPLATE } from "./template";

const SYSTEM = { kind: "system" } as const;

export type Letterhead = {
  organisationId: string;
  organisationName: string;
  /** The name to print: the branding's, else the organisation's. */
  councilName: string;
  postalAddress: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  signatoryName: string;
  signatoryTitle: string;
  /** As saved ("" = not set); `letterTemplateOrDefault` is what a letter uses. */
  letterTemplate: string;
  logo: { bytes: Buffer; type: LogoType } | null;
  logoUpdatedAt: Date | null;
};

export function letterTemplateOrDefault(l: Pick<Letterhead, "letterTemplate">): string {
  return l.letterTemplate.trim() ? l.letterTemplate : DEFAULT_LETTER_TEMPLATE;
}

/** The council's letterhead (blank fields where nothing is set yet). Not access-checked: callers are. */
export async function loadLetterhead(db: Db, organisationId: string): Promise<Letterhead> {
  const [row] = await db
    .select({ org: organisations, b: councilBranding })
    .from(organisations)
    .leftJoin(councilBranding, eq(councilBranding.organisationId, organisations.id))
    .where(eq(organisations.id, organisationId));
  if (!row) throw new NotFoundError("Organisation");
  const b = row.b;
  return {
    organisationId,
    organisationName: row.org.name,
    councilName: b?.councilName.trim() || row.org.name,
    postalAddress: b?.postalAddress ?? "",
    contactName: b?.contactName ?? "",
    contactEmail: b?.contactEmail ?? "",
    contactPhone: b?.contactPhone ?? "",
    signatoryName: b?.signatoryName ?? "",
    signatoryTitle: b?.signatoryTitle ?? "",
    letterTemplate: b?.letterTemplate ?? "",
    logo: b?.logo && b.logoType ? { bytes: b.logo, type: b.logoType } : null,
    logoUpdatedAt: b?.logoUpdatedAt ?? null,
  };
}

/** The councils whose letterhead an administrator can set. */
export async function listCouncils(db: Db, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db
    .select({ id: organisations.id, name: organisations.name, hasBranding: councilBranding.organisationId })
    .from(organisations)
    .leftJoin(councilBranding, eq(councilBranding.organisationId, organisations.id))
    .where(eq(organisations.type, "council"))
    .orderBy(asc(organisations.name));
}

/** For the administrator's form: a council's letterhead, or 404 for anything but a council. */
export async function getBrandingForAdmin(db: Db, organisationId: string, actor: Actor): Promise<Letterhead> {
  authorize(actor, "admin.manage", SYSTEM);
  const [org] = await db.select({ type: organisations.type }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org || org.type !== "council") throw new NotFoundError("Council");
  return loadLetterhead(db, organisationId);
}

/**
 * Save the letterhead. `logo` is the uploaded file's bytes (null or empty when none was
 * chosen: the logo stays, unless removeLogo is ticked). The logo is checked by its bytes.
 */
export async function saveBranding(db: Db, input: BrandingInput, logo: Uint8Array | null, actor: Actor) {
  const before = await getBrandingForAdmin(db, input.organisationId, actor);
  let newLogo: { bytes: Buffer; type: LogoType } | null = null;
  if (logo && logo.length > 0) {
    const checked = checkLogo(logo);
    if (!checked.ok) throw new InvalidError("There is a problem", { logo: checked.error });
    newLogo = { bytes: checked.bytes, type: checked.type };
  }
  const fields = {
    councilName: input.councilName,
    postalAddress: input.postalAddress,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
    signatoryName: input.signatoryName,
    signatoryTitle: input.signatoryTitle,
    letterTemplate: input.letterTemplate,
  };
  const now = new Date();
  const logoColumns = newLogo
    ? { logo: newLogo.bytes, logoType: newLogo.type, logoUpdatedAt: now }
    : input.removeLogo
      ? { logo: null, logoType: null, logoUpdatedAt: now }
      : {};
  await db.transaction(async (tx) => {
    await tx
      .insert(councilBranding)
      .values({ organisationId: input.organisationId, ...fields, ...logoColumns, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: councilBranding.organisationId, set: { ...fields, ...logoColumns, updatedBy: actor.id, updatedAt: now } });
    const { logo: _l, logoUpdatedAt: _u, organisationId: _o, organisationName: _n, councilName: _c, ...beforeFields } = before;
    await writeAudit(tx, {
      actorId: actor.id,
      action: "branding.update",
      entityType: "organisation",
      entityId: input.organisationId,
      organisationId: input.organisationId,
      before: { ...beforeFields, councilName: before.councilName === before.organisationName ? "" : before.councilName, logo: before.logo ? `${before.logo.type}, ${before.logo.bytes.length} bytes` : null },
      after: { ...fields, logo: newLogo ? `${newLogo.type}, ${newLogo.bytes.length} bytes` : input.removeLogo ? null : before.logo ? `${before.logo.type}, ${before.logo.bytes.length} bytes` : null },
    });
  });
}

/** The logo to serve (public: it is printed on everything the council sends). */
export async function getLogo(db: Db, organisationId: string) {
  const [row] = await db
    .select({ logo: councilBranding.logo, type: councilBranding.logoType, updatedAt: councilBranding.logoUpdatedAt })
    .from(councilBranding)
    .where(eq(councilBranding.organisationId, organisationId));
  if (!row?.logo || !row.type) throw new NotFoundError("Logo");
  return { bytes: row.logo, type: row.type, updatedAt: row.updatedAt };
}
