// Reads for members of the public before they respond: what a consultation asks of them and
// how they may start (signing in, or without), with the privacy notice they read first.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations } from "../../db/schema";
import { NotFoundError } from "../errors";
import { isStorableText } from "../input/text";
import { respondWindow, windowMessage } from "../responses/rules";

export const DEFAULT_PUBLIC_PRIVACY_NOTICE =
  "The council uses your answers to understand views on this consultation and to decide what to do. Your email address is used only to send you a copy of your response and, if you ask, the outcome. We never publish your email address or your answers about you.";

/** The start page of a public consultation: 404 for one not published or not for the public. */
export async function getPublicStart(db: Db, slug: string, now: Date = new Date()) {
  if (!isStorableText(slug)) throw new NotFoundError("Consultation");
  const [c] = await db.select().from(consultations).where(eq(consultations.slug, slug));
  if (!c || c.status === "draft" || c.publishedVersion === 0 || c.audience === "partners") throw new NotFoundError("Consultation");
  const window = respondWindow(c, now);
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    closesAt: c.closesAt,
    allowUnauthenticated: c.allowUnauthenticated,
    publishResponses: c.publishResponses,
    privacyNotice: c.privacyNotice.trim() || DEFAULT_PUBLIC_PRIVACY_NOTICE,
    retentionMonths: c.retentionMonths,
    closedMessage: windowMessage(c, window, now)?.replace(" Nothing has been saved.", "") ?? null,
  };
}
