// A council's logo as uploaded: PNG or JPEG only, recognised by its first bytes (never by the
// name or the type the browser claims), and small enough to keep in the database and put in
// every document. SVG is refused: it is a document that can carry script.
import type { LogoType } from "../../db/schema/branding";

export const MAX_LOGO_BYTES = 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the bytes are, by their signature: PNG, JPEG, or neither. */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  if (bytes.length >= PNG.length && PNG.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

export const LOGO_ERRORS = {
  type: "The logo must be a PNG or JPEG image",
  size: `The logo must be ${MAX_LOGO_BYTES / 1024 / 1024} MB or smaller`,
  empty: "The selected logo file is empty",
} as const;

/** The logo to store, or the message for the field. */
export function checkLogo(bytes: Uint8Array): { ok: true; bytes: Buffer; type: LogoType } | { ok: false; error: string } {
  if (bytes.length === 0) return { ok: false, error: LOGO_ERRORS.empty };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, error: LOGO_ERRORS.size };
  const type = sniffLogoType(bytes);
  if (!type) return { ok: false, error: LOGO_ERRORS.type };
  return { ok: true, bytes: Buffer.from(bytes), type };
}

/** A data: URL of the logo, for documents that must carry everything inside themselves. */
export function logoDataUrl(logo: { bytes: Buffer; type: LogoType }): string {
  return `data:${logo.type};base64,${logo.bytes.toString("base64")}`;
}

/** Pixel size from the PNG or JPEG header, for laying the logo out at its own proportions. */
export function imageSize(bytes: Buffer, type: LogoType): { width: number; height: number } | null {
  if (type === "image/png") {
    if (bytes.length < 24) return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  // JPEG: walk the segments to the first start-of-frame marker.
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}
