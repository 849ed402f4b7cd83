// The collation pages' filter, read from the URL.
import { param } from "@/app/_server/page";

/** The collation filter in a page's URL: ?type=&stage=&status= (checked by lib, which refuses bad values). */
export function filterFromParams(sp: Record<string, string | string[] | undefined>) {
  const status = param(sp.status);
  return {
    values: { q: param(sp.q), type: param(sp.type), stage: param(sp.stage), status, theme: param(sp.theme) },
    filter: {
      themeId: param(sp.theme),
      organisationType: param(sp.type) as never,
      stageId: param(sp.stage),
      responseStatus: (status ?? "submitted") as never,
    },
  };
}
