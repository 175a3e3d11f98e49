import type { LoaderFunctionArgs } from "@remix-run/node";
import { NotFound } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { problemResponse } from "~/http/problem.server";

/** Unknown /api/v1 paths answer problem+json, never the HTML 404 page. */
function notFound({ request, context }: LoaderFunctionArgs) {
  const { requestId } = readLoadContext(context);
  const instance = new URL(request.url).pathname;
  return problemResponse(new NotFound("API route", instance), { requestId, instance });
}

export const loader = notFound;
export const action = notFound;
