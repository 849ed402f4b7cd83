// Open data without a key: see lib/api/open-data.ts.
import { getOpenDataResponses } from "@/lib/api/open-data";

export const GET = getOpenDataResponses;
