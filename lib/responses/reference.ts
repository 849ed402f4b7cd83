// Human-friendly response references: a prefix from the consultation and 8 characters from
// an alphabet without look-alikes (no 0/O, 1/I/L), e.g. "LSP-7K3F-92QX".
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function makeReference(prefixFrom: string): string {
  const prefix =
    prefixFrom
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, " ")
      .trim()
      .split(" ")[0]
      ?.slice(0, 5) || "RESP";
  const chunk = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${prefix}-${chunk()}-${chunk()}`;
}
