import { apiRoute } from "@/lib/api/handler";
import { json, readBodyText, readQuery } from "@/lib/api/http";
import { parseQuerySchema } from "@/lib/api/schemas";
import { MAX_PASTE_BYTES, parseQuestionPaper } from "@/lib/question-sets/parse";

// Saves nothing, so a read-only key may use it.
export const POST = apiRoute(async ({ req }) => {
  const options = readQuery(req, parseQuerySchema);
  const text = await readBodyText(req, MAX_PASTE_BYTES);
  return json(parseQuestionPaper(text, options));
});
