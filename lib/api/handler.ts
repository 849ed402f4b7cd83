// The wrapper every /api/v1 route goes through: database → API key → rate limit → scope →
// the route's own code → any error mapped by errors.ts. Routes stay a few lines long.
import type { Db } from "../../db/client";
import { getDb } from "../../db/client";
import type { ApiKeyPrincipal } from "../api-keys/queries";
import { authenticateRequest, requireWriteScope } from "./auth";
import { countedRoute } from "../metrics";
import { errorResponse, type ErrorOptions } from "./errors";

export type ApiContext<P> = { req: Request; db: Db; principal: ApiKeyPrincipal; params: P };

type Options = ErrorOptions & {
  /** Changes data: needs a read and write key. */
  write?: boolean;
};

export function apiRoute<P = Record<string, never>>(run: (ctx: ApiContext<P>) => Promise<Response>, options: Options = {}) {
  return countedRoute<P>(async (req, params) => {
    try {
      const db = await getDb();
      const principal = await authenticateRequest(req, db);
      if (options.write) requireWriteScope(principal);
      return await run({ req, db, principal, params });
    } catch (e) {
      return errorResponse(e, options);
    }
  });
}
