// The public reference of a published response ("PUB-…"): separate from the private receipt
// reference, so publishing a response proves nothing about who holds its receipt.
import { and, eq, sql } from "drizzle-orm";
import { isUniqueViolation, type Db } from "../../db/client";
import { responses } from "../../db/schema";
import { makeReference } from "../responses/reference";

/** Public references start "PUB": they name no consultation and prove nothing, unlike the receipt's. */
const PUBLIC_REFERENCE_CODE = "PUB";

/**
 * The response's public reference, drawn the first time it is needed (a member of the public's
 * first submission, or any response once it consents to publication) and kept after that.
 * Drawn again (from a savepoint) in the rare case it is taken. Call it under the response's lock.
 */
export async function ensurePublicReference(tx: Db, response: { id: string; publicReference: string | null }): Promise<string> {
  if (response.publicReference) return response.publicReference;
  for (let draw = 0; draw < 20; draw++) {
    const ref = makeReference(PUBLIC_REFERENCE_CODE);
    try {
      const updated = await tx.transaction((sp) =>
        sp
          .update(responses)
          .set({ publicReference: ref })
          .where(and(eq(responses.id, response.id), sql`not exists (select 1 from ${responses} taken where taken.public_reference = ${ref})`))
          .returning({ id: responses.id }),
      );
      if (updated.length) return ref;
    } catch (e) {
      if (!isUniqueViolation(e, "responses_publicReference_unique")) throw e;
    }
  }
  throw new Error(`no unused public reference found for response ${response.id}`);
}
