// Open data without a key: see lib/api/open-data.ts.
import { getOpenDataCounts } from "@/lib/api/open-data";

export const GET = getOpenDataCounts;
