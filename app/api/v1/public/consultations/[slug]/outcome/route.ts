// Open data without a key: see lib/api/open-data.ts.
import { getOpenDataOutcome } from "@/lib/api/open-data";

export const GET = getOpenDataOutcome;
