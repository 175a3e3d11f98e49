import { createHash } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { BadRequest, IdempotencyConflict } from "~/core/errors/domain-errors";
import { idempotencyKeys } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * Idempotency-Key handling, as in the API conventions (Stripe's model):
 * same key + same request → the first response again; same key + different
 * request → 409. A concurrent duplicate waits for the first to finish and
 * then gets its response, so two simultaneous identical POSTs create one
 * resource.
 */
const RETENTION_MS = 24 * 60 * 60 * 1000;
/** A claim older than this belongs to a process that died mid-request. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 50;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim = { kind: "claimed" } | { kind: "replay"; response: StoredResponse };

export function validateIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new BadRequest("Idempotency-Key must be 1–255 visible ASCII characters", {
      errors: [{ parameter: "Idempotency-Key", message: "invalid header value" }],
    });
  }
  return key;
}

export function fingerprintRequest(method: string, path: string, rawBody: string): string {
  return createHash("sha256").update(`${method} ${path}\n`).update(rawBody).digest("hex");
}

export async function claimIdempotencyKey(
  ctx: OrgContext,
  key: string,
  request: { method: string; path: string; fingerprint: string },
): Promise<Claim> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const outcome = await inOrgTransaction(ctx.orgId, async (tx) => {
      await tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.orgId, ctx.orgId),
            eq(idempotencyKeys.key, key),
            or(
              lt(idempotencyKeys.expiresAt, sql`now()`),
              and(
                eq(idempotencyKeys.state, "in_progress"),
                lt(idempotencyKeys.createdAt, new Date(Date.now() - ABANDONED_AFTER_MS)),
              ),
            ),
          ),
        );
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({
          orgId: ctx.orgId,
          key,
          method: request.method,
          path: request.path,
          requestHash: request.fingerprint,
          state: "in_progress",
          expiresAt: new Date(Date.now() + RETENTION_MS),
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { kind: "claimed" } as const;
      const [existing] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.orgId, ctx.orgId), eq(idempotencyKeys.key, key)));
      return { kind: "existing", existing } as const;
    });
    if (outcome.kind === "claimed") return outcome;
    const existing = outcome.existing;
    if (!existing) continue; // deleted between our insert and select; try again
    if (existing.requestHash !== request.fingerprint) {
      throw new IdempotencyConflict(
        `Idempotency-Key '${key}' was first used for a different request (${existing.method} ${existing.path} with another body)`,
      );
    }
    if (existing.state === "completed") {
      return {
        kind: "replay",
        response: { status: existing.responseStatus!, headers: existing.responseHeaders ?? {}, body: existing.responseBody ?? "" },
      };
    }
    if (Date.now() > deadline) {
      throw new IdempotencyConflict(`A request with Idempotency-Key '${key}' is still in progress; retry shortly`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function completeIdempotencyKey(ctx: OrgContext, key: string, response: StoredResponse): Promise<void> {
  await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .update(idempotencyKeys)
      .set({
        state: "completed",
        responseStatus: response.status,
        responseHeaders: response.headers,
        responseBody: response.body,
        completedAt: new Date(),
      })
      .where(and(eq(idempotencyKeys.orgId, ctx.orgId), eq(idempotencyKeys.key, key))),
  );
}

/** Server errors are not remembered: the client should be able to retry them. */
export async function releaseIdempotencyKey(ctx: OrgContext, key: string): Promise<void> {
  await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, ctx.orgId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.state, "in_progress"))),
  );
}
