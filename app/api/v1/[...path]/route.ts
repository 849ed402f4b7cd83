// Anything under /api/v1 that is not an endpoint gets the API's JSON 404, not the HTML page.
import { ApiError, errorResponse } from "@/lib/api/errors";

function notFound() {
  return errorResponse(new ApiError("not_found", "There is no such API endpoint. See /api/v1/openapi.json for the endpoints."));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
