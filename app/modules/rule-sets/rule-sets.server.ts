import { and, desc, eq, ilike, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound } from "~/core/errors/domain-errors";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { ruleSets, ruleSetVersions } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { assertDefinitionIsConsistent, hashDefinition } from "./definition-checks";

export type RuleSet = typeof ruleSets.$inferSelect;
export type RuleSetVersion = typeof ruleSetVersions.$inferSelect;
export type RuleSetStatus = RuleSet["status"];

/** A rule set's head row with its latest version, which is what the API shows. */
export interface RuleSetWithLatestVersion {
  ruleSet: RuleSet;
  latestVersion: RuleSetVersion;
}

/**
 * The rule-set lifecycle. Archiving is one-way: an archived rule set keeps its
 * versions (runs point at them) but takes no new names or definitions.
 */
const RULE_SET_TRANSITIONS: Record<RuleSetStatus, readonly RuleSetStatus[]> = {
  active: ["archived"],
  archived: [],
};

// ---- Writes

export async function createRuleSet(
  ctx: OrgContext,
  input: { name: string; description?: string | null; definition: RuleSetDefinition },
): Promise<RuleSetWithLatestVersion> {
  assertDefinitionIsConsistent(input.definition);
  const definitionSha256 = hashDefinition(input.definition);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [ruleSet] = await tx
      .insert(ruleSets)
      .values({
        id: newId("ruleSet"),
        orgId: ctx.orgId,
        name: input.name.trim(),
        description: normalizeDescription(input.description),
        status: "active",
        latestVersion: 1,
      })
      .returning();
    const latestVersion = await insertVersion(tx, ctx, ruleSet!, 1, input.definition, definitionSha256);
    await recordAudit(tx, ctx, {
      action: "rule_set.created",
      resourceType: "rule_set",
      resourceId: ruleSet!.id,
      changes: {
        after: {
          name: ruleSet!.name,
          description: ruleSet!.description,
          status: ruleSet!.status,
          latestVersion: 1,
          versionId: latestVersion.id,
          definitionSha256,
        },
      },
    });
    return { ruleSet: ruleSet!, latestVersion };
  });
}

/**
 * Changes the name or description, and/or adds a version. A definition whose
 * canonical sha equals the latest one's adds nothing, so clients may PATCH the
 * whole resource back without minting versions.
 */
export async function updateRuleSet(
  ctx: OrgContext,
  id: string,
  patch: { name?: string; description?: string | null; definition?: RuleSetDefinition },
): Promise<RuleSetWithLatestVersion> {
  if (patch.definition) assertDefinitionIsConsistent(patch.definition);
  const newSha256 = patch.definition ? hashDefinition(patch.definition) : undefined;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    // The row lock serialises concurrent PATCHes, so version numbers stay consecutive.
    const before = await lockRuleSet(tx, ctx, id);
    assertEditable(before);
    const current = await selectVersion(tx, ctx, id, before.latestVersion);

    const headBefore: Partial<Pick<RuleSet, "name" | "description">> = {};
    const headAfter: Partial<Pick<RuleSet, "name" | "description">> = {};
    const name = patch.name?.trim();
    if (name !== undefined && name !== before.name) {
      headBefore.name = before.name;
      headAfter.name = name;
    }
    const description = patch.description === undefined ? undefined : normalizeDescription(patch.description);
    if (description !== undefined && description !== before.description) {
      headBefore.description = before.description;
      headAfter.description = description;
    }
    const definitionChanged = patch.definition !== undefined && newSha256 !== current.definitionSha256;
    if (Object.keys(headAfter).length === 0 && !definitionChanged) return { ruleSet: before, latestVersion: current };

    const nextVersionNumber = definitionChanged ? before.latestVersion + 1 : before.latestVersion;
    const [after] = await tx
      .update(ruleSets)
      .set({ ...headAfter, latestVersion: nextVersionNumber, updatedAt: new Date() })
      .where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, id), eq(ruleSets.status, "active")))
      .returning();
    if (!after) throw new Conflict(`Rule set '${id}' changed state during the update; retry`);

    if (Object.keys(headAfter).length > 0) {
      await recordAudit(tx, ctx, {
        action: "rule_set.updated",
        resourceType: "rule_set",
        resourceId: id,
        changes: { before: headBefore, after: headAfter },
      });
    }
    if (!definitionChanged) return { ruleSet: after, latestVersion: current };

    const latestVersion = await insertVersion(tx, ctx, after, nextVersionNumber, patch.definition!, newSha256!);
    await recordAudit(tx, ctx, {
      action: "rule_set.version_created",
      resourceType: "rule_set",
      resourceId: id,
      changes: {
        before: { latestVersion: current.version, versionId: current.id, definitionSha256: current.definitionSha256 },
        after: { latestVersion: latestVersion.version, versionId: latestVersion.id, definitionSha256: latestVersion.definitionSha256 },
      },
    });
    return { ruleSet: after, latestVersion };
  });
}

export async function archiveRuleSet(ctx: OrgContext, id: string): Promise<RuleSetWithLatestVersion> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockRuleSet(tx, ctx, id);
    assertTransitionAllowed(before, "archived");
    const archivedAt = new Date();
    const [after] = await tx
      .update(ruleSets)
      .set({ status: "archived", archivedAt, updatedAt: archivedAt })
      .where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, id), eq(ruleSets.status, before.status)))
      .returning();
    if (!after) throw new Conflict(`Rule set '${id}' changed state during the update; retry`);
    await recordAudit(tx, ctx, {
      action: "rule_set.archived",
      resourceType: "rule_set",
      resourceId: id,
      changes: {
        before: { status: before.status, latestVersion: before.latestVersion },
        after: { status: after.status, archivedAt: archivedAt.toISOString(), latestVersion: after.latestVersion },
      },
    });
    return { ruleSet: after, latestVersion: await selectVersion(tx, ctx, id, after.latestVersion) };
  });
}

// ---- Reads

/** Newest first, keyset on the time-sortable id. */
export async function listRuleSets(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; status?: RuleSetStatus; nameContains?: string },
): Promise<{ data: RuleSetWithLatestVersion[]; nextCursor: string | null }> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [eq(ruleSets.orgId, ctx.orgId), eq(ruleSetVersions.orgId, ctx.orgId)];
    if (options.cursor) conditions.push(lt(ruleSets.id, options.cursor));
    if (options.status) conditions.push(eq(ruleSets.status, options.status));
    if (options.nameContains) conditions.push(ilike(ruleSets.name, `%${escapeLikePattern(options.nameContains)}%`));
    const rows = await tx
      .select({ ruleSet: ruleSets, latestVersion: ruleSetVersions })
      .from(ruleSets)
      .innerJoin(
        ruleSetVersions,
        and(eq(ruleSetVersions.ruleSetId, ruleSets.id), eq(ruleSetVersions.version, ruleSets.latestVersion)),
      )
      .where(and(...conditions))
      .orderBy(desc(ruleSets.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.ruleSet.id : null };
  });
}

export async function getRuleSet(ctx: OrgContext, id: string): Promise<RuleSetWithLatestVersion> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [ruleSet] = await tx.select().from(ruleSets).where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, id)));
    if (!ruleSet) throw new NotFound("rule set", id);
    return { ruleSet, latestVersion: await selectVersion(tx, ctx, id, ruleSet.latestVersion) };
  });
}

export async function getRuleSetVersion(ctx: OrgContext, id: string, version: number): Promise<RuleSetVersion> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [ruleSet] = await tx
      .select({ id: ruleSets.id })
      .from(ruleSets)
      .where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, id)));
    if (!ruleSet) throw new NotFound("rule set", id);
    const [row] = await tx
      .select()
      .from(ruleSetVersions)
      .where(
        and(eq(ruleSetVersions.orgId, ctx.orgId), eq(ruleSetVersions.ruleSetId, id), eq(ruleSetVersions.version, version)),
      );
    if (!row) throw new NotFound(`version ${version} of rule set`, id);
    return row;
  });
}

// ---- Helpers

async function lockRuleSet(tx: Tx, ctx: OrgContext, id: string): Promise<RuleSet> {
  const [row] = await tx
    .select()
    .from(ruleSets)
    .where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, id)))
    .for("update");
  if (!row) throw new NotFound("rule set", id);
  return row;
}

function assertTransitionAllowed(ruleSet: RuleSet, next: RuleSetStatus): void {
  if (RULE_SET_TRANSITIONS[ruleSet.status].includes(next)) return;
  const detail =
    ruleSet.status === next
      ? `Rule set '${ruleSet.id}' is already ${next}`
      : `Rule set '${ruleSet.id}' cannot go from ${ruleSet.status} to ${next}`;
  throw new Conflict(detail);
}

/** Only an active rule set takes new names or definitions; an archived one is frozen. */
function assertEditable(ruleSet: RuleSet): void {
  if (ruleSet.status !== "active") throw new Conflict(`Rule set '${ruleSet.id}' is ${ruleSet.status} and cannot be changed`);
}

async function selectVersion(tx: Tx, ctx: OrgContext, ruleSetId: string, version: number): Promise<RuleSetVersion> {
  const [row] = await tx
    .select()
    .from(ruleSetVersions)
    .where(
      and(eq(ruleSetVersions.orgId, ctx.orgId), eq(ruleSetVersions.ruleSetId, ruleSetId), eq(ruleSetVersions.version, version)),
    );
  // latest_version always names an inserted version (same transaction), so this is corruption, not a 404.
  if (!row) throw new Error(`rule set ${ruleSetId} has no version ${version}`);
  return row;
}

async function insertVersion(
  tx: Tx,
  ctx: OrgContext,
  ruleSet: RuleSet,
  version: number,
  definition: RuleSetDefinition,
  definitionSha256: string,
): Promise<RuleSetVersion> {
  const [row] = await tx
    .insert(ruleSetVersions)
    .values({
      id: newId("ruleSetVersion"),
      orgId: ctx.orgId,
      ruleSetId: ruleSet.id,
      version,
      definition,
      definitionSha256,
      createdBy: ctx.actor.label,
    })
    .returning();
  return row!;
}

function normalizeDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim();
  return trimmed ? trimmed : null;
}

/** `q` is a plain substring, so LIKE's wildcards in it are literal. */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
