// Open data without a key: see lib/api/open-data.ts.
import { getOpenDataCsv } from "@/lib/api/open-data";

export const GET = getOpenDataCsv;
