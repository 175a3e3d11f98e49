import type { OrgContext } from "~/core/access";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprintRequest,
  releaseIdempotencyKey,
  validateIdempotencyKey,
} from "./idempotency.server";
import { problemResponse } from "./problem.server";

/**
 * Idempotency-Key for uploads. The generic handling in api-handler
 * fingerprints the JSON body, which an upload does not have; it would let the
 * same key replay the first answer for a *different* file. So the upload
 * operation opts out of it, and this fingerprints what the upload means once
 * it has been received: the bytes' sha256 and the form fields. Same key +
 * same file and fields → the first response again; anything else → 409.
 *
 * `whenNotCreated` runs when the request does not create the file (a replay
 * or a conflict), so the caller can release the bytes it already stored.
 */
export async function respondOnceToUpload(
  ctx: OrgContext,
  request: Request,
  upload: { sha256: string; form: unknown },
  create: () => Promise<Response>,
  whenNotCreated: () => Promise<void>,
): Promise<Response> {
  const header = request.headers.get("idempotency-key");
  if (header === null) return create();

  const url = new URL(request.url);
  let key: string;
  let claim: Awaited<ReturnType<typeof claimIdempotencyKey>>;
  try {
    key = validateIdempotencyKey(header);
    claim = await claimIdempotencyKey(ctx, key, {
      method: "POST",
      path: url.pathname,
      fingerprint: fingerprintRequest("POST", url.pathname + url.search, JSON.stringify({ sha256: upload.sha256, form: upload.form })),
    });
  } catch (error) {
    await whenNotCreated();
    throw error;
  }
  if (claim.kind === "replay") {
    await whenNotCreated();
    return new Response(claim.response.body, {
      status: claim.response.status,
      headers: { ...claim.response.headers, "Idempotent-Replayed": "true" },
    });
  }

  let response: Response;
  try {
    response = await create();
  } catch (error) {
    response = problemResponse(error, { requestId: ctx.requestId ?? "", instance: url.pathname });
  }
  // Server errors are not remembered: the client should be able to retry them.
  if (response.status >= 500) {
    await releaseIdempotencyKey(ctx, key);
    return response;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  await completeIdempotencyKey(ctx, key, { status: response.status, headers, body: await response.clone().text() });
  return response;
}
