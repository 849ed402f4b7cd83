// The question-set format as JSON Schema, generated from the same zod schema the importer uses.
import { z } from "zod";
import { appUrl } from "@/lib/config";
import { questionSetSchema } from "@/lib/question-sets/schema";

export const dynamic = "force-dynamic";

export function GET() {
  const schema = z.toJSONSchema(questionSetSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return Response.json(
    {
      ...schema,
      $id: `${appUrl()}/api/v1/question-set.schema.json`,
      title: "Question set",
      description:
        "A consultation's structure (details, stages, chapters and numbered questions) as a portable, versioned document. See docs/question-set.md. Question numbers must be unique, and a show-if must refer to an earlier question.",
    },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
}
