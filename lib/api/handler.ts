// The wrapper every /api/v1 route goes through: database → API key → rate limit → scope →
// the route's own code → any error mapped by errors.ts. Routes stay a few lines long.
import type { Db } from "../../db/client";
import { getDb } from "../../db/client";
import type { ApiKeyPrincipal } from "../api-keys/queries";
import { authenticateRequest, requireWriteScope } from "./auth";
import { recordApiRequest } from "../metrics";
import { errorResponse, type ErrorOptions } from "./errors";

export type ApiContext<P> = { req: Request; db: Db; principal: ApiKeyPrincipal; params: P };

type Options = ErrorOptions & {
  /** Changes data: needs a read and write key. */
  write?: boolean;
};

export function apiRoute<P = Record<string, never>>(run: (ctx: ApiContext<P>) => Promise<Response>, options: Options = {}) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const startedAt = performance.now();
    const res = await answer(req, context);
    recordApiRequest(req.method, req.url, res.status, startedAt);
    return res;
  };

  async function answer(req: Request, context: { params: Promise<P> }): Promise<Response> {
    try {
      const db = await getDb();
      const principal = await authenticateRequest(req, db);
      if (options.write) requireWriteScope(principal);
      const params = (await context?.params) ?? ({} as P);
      return await run({ req, db, principal, params });
    } catch (e) {
      return errorResponse(e, options);
    }
  }
}
