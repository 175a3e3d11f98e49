import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Actor, OrgContext } from "~/core/access/actor";
import { canGrantRole, type Role } from "~/core/access/permissions";
import { generateApiKeySecret, looksLikeApiKey, sha256Hex } from "~/modules/tenancy/auth/secret-tokens.server";
import { Forbidden, NotFound } from "~/core/errors/domain-errors";
import { getDb } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { apiKeys } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";

export type ApiKey = typeof apiKeys.$inferSelect;

/** Writing lastUsedAt on every request would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiKey(
  ctx: OrgContext,
  input: { name: string; role: Role; createdByUserId?: string | null },
): Promise<{ apiKey: ApiKey; secret: string }> {
  if (!canGrantRole(ctx.actor.role, input.role)) {
    throw new Forbidden(`Your role (${ctx.actor.role}) cannot create a key with the ${input.role} role`);
  }
  const { secret, prefix, hash } = generateApiKeySecret();
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({
        id: newId("apiKey"),
        orgId: ctx.orgId,
        name: input.name.trim(),
        prefix,
        keyHash: hash,
        role: input.role,
        createdByUserId: input.createdByUserId ?? (ctx.actor.type === "user" ? ctx.actor.id : null),
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "api_key.created",
      resourceType: "api_key",
      resourceId: apiKey!.id,
      changes: { after: { name: apiKey!.name, role: apiKey!.role, prefix } },
    });
    return { apiKey: apiKey!, secret };
  });
}

export async function listApiKeys(ctx: OrgContext, options: { limit: number; cursor?: string; includeRevoked?: boolean }) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions = [eq(apiKeys.orgId, ctx.orgId)];
    if (options.cursor) conditions.push(lt(apiKeys.id, options.cursor));
    if (!options.includeRevoked) conditions.push(isNull(apiKeys.revokedAt));
    const rows = await tx
      .select()
      .from(apiKeys)
      .where(and(...conditions))
      .orderBy(desc(apiKeys.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export async function getApiKey(ctx: OrgContext, id: string): Promise<ApiKey> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx.select().from(apiKeys).where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)));
    if (!row) throw new NotFound("API key", id);
    return row;
  });
}

/** Revoking twice is harmless and answers with the already-revoked key. */
export async function revokeApiKey(ctx: OrgContext, id: string): Promise<ApiKey> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [before] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)))
      .for("update");
    if (!before) throw new NotFound("API key", id);
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "api_key.revoked",
      resourceType: "api_key",
      resourceId: id,
      changes: { before: { revokedAt: null }, after: { revokedAt: after!.revokedAt!.toISOString() } },
    });
    return after!;
  });
}

/**
 * Finds the key behind a bearer secret. Cross-org by nature (the org is not
 * known yet), so it runs as the connecting role and matches on the hash only.
 */
export async function authenticateApiKey(secret: string): Promise<{ orgId: string; actor: Actor } | undefined> {
  if (!looksLikeApiKey(secret)) return undefined;
  const db = getDb();
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, sha256Hex(secret)));
  if (!key || key.revokedAt) return undefined;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, key.id));
  }
  return { orgId: key.orgId, actor: { type: "api_key", id: key.id, label: `${key.name} (${key.prefix}…)`, role: key.role } };
}

