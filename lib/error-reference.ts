// A failure's reference as a person is shown it and the log has it (lib/log.ts errorReference): the
// digest Next.js gives a failed page, a number. No Node imports: the error pages use it too.

/** A reference: a number of up to twelve digits (Next.js's are ten or fewer), never one of Next.js's control-flow digests ("NEXT_REDIRECT;…", which carry a URL). */
const REFERENCE = /^\d{1,12}$/;

/** The reference an error carries, if it carries one. */
export function referenceOf(e: unknown): string | undefined {
  const digest = e !== null && typeof e === "object" ? (e as { digest?: unknown }).digest : undefined;
  return typeof digest === "string" && REFERENCE.test(digest) ? digest : undefined;
}
