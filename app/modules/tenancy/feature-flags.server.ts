import { and, eq } from "drizzle-orm";
import type { OrgContext } from "~/core/access/actor";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { orgFeatureFlags } from "~/platform/db/schema";
import { recordAudit } from "~/modules/audit/index.server";

/**
 * Per-org switches for staged rollout (the plan releases streams behind a
 * flag). Unknown flags are refused at the API edge; defaults live here.
 */
export const FEATURE_FLAGS = {
  streams: { default: true, description: "Multi-step reconciliation streams" },
  templates: { default: true, description: "Template pack gallery and instantiation" },
  dataSources: { default: false, description: "Database connectors as stream inputs" },
} as const;

export type FeatureFlag = keyof typeof FEATURE_FLAGS;

export async function listFeatureFlags(ctx: OrgContext): Promise<Array<{ flag: FeatureFlag; enabled: boolean; description: string }>> {
  const overrides = await inOrgTransaction(ctx.orgId, (tx) =>
    tx.select().from(orgFeatureFlags).where(eq(orgFeatureFlags.orgId, ctx.orgId)),
  );
  const byFlag = new Map(overrides.map((row) => [row.flag, row.enabled]));
  return (Object.keys(FEATURE_FLAGS) as FeatureFlag[]).map((flag) => ({
    flag,
    enabled: byFlag.get(flag) ?? FEATURE_FLAGS[flag].default,
    description: FEATURE_FLAGS[flag].description,
  }));
}

export async function isFeatureEnabled(ctx: OrgContext, flag: FeatureFlag): Promise<boolean> {
  const [row] = await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .select()
      .from(orgFeatureFlags)
      .where(and(eq(orgFeatureFlags.orgId, ctx.orgId), eq(orgFeatureFlags.flag, flag))),
  );
  return row?.enabled ?? FEATURE_FLAGS[flag].default;
}

export async function setFeatureFlag(ctx: OrgContext, flag: FeatureFlag, enabled: boolean): Promise<void> {
  await inOrgTransaction(ctx.orgId, async (tx) => {
    await tx
      .insert(orgFeatureFlags)
      .values({ orgId: ctx.orgId, flag, enabled })
      .onConflictDoUpdate({ target: [orgFeatureFlags.orgId, orgFeatureFlags.flag], set: { enabled, updatedAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: "feature_flag.set",
      resourceType: "feature_flag",
      resourceId: flag,
      changes: { after: { enabled } },
    });
  });
}
