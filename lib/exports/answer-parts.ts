// Which answers the data exports split into two columns; shared by the Node writer
// (responses-export.ts) and the SQL one (responses-copy.ts).
import type { ExportQuestion } from "./responses-source";

/**
 * Questions whose answer has two parts, each given its own column: the choice (Yes or No, a RAG
 * status) and the text that goes with it. The COPY path (responses-copy.ts) reads the same keys.
 */
export const PAIRED_TYPES = {
  yes_no: { choice: "answer", text: "explanation", heading: "explanation" },
  rag_status: { choice: "status", text: "commentary", heading: "commentary" },
} as const;
type PairedType = keyof typeof PAIRED_TYPES;
export const isPaired = (q: ExportQuestion): q is ExportQuestion & { type: PairedType } => Object.hasOwn(PAIRED_TYPES, q.type);
