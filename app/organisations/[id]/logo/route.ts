// A council's logo, as stored: PNG or JPEG only (checked by its bytes when uploaded), with its
// own content type and nosniff, so a browser never reads it as anything else.
import { getDb } from "@/db/client";
import { getLogo } from "@/lib/branding/commands";
import { NotFoundError } from "@/lib/errors";
import { isUuid } from "@/lib/sql";


export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const notFound = () => new Response("There is no such logo.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  if (!isUuid(id)) return notFound();
  try {
    const logo = await getLogo(await getDb(), id);
    return new Response(new Uint8Array(logo.bytes), {
      headers: {
        "Content-Type": logo.type,
        "Content-Length": String(logo.bytes.length),
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "public, max-age=300",
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return notFound();
    throw e;
  }
}
