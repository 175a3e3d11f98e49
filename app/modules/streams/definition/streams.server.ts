import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, ilike, inArray, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { streamDefinitionSchema, type StepDefinition, type StreamDefinition, type StreamSettings } from "~/core/streams/definition";
import { deriveDependencies, findGraphProblems, type StreamProblem } from "~/modules/streams/definition/graph";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { reconciliationSteps, reconciliationStreams, reconciliationStreamVersions, ruleSets, ruleSetVersions } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { assertStreamsEnabled } from "./feature.server";

/**
 * Stream definitions (design time). A stream is a mutable head (name,
 * status, latest version) over immutable versions; each version owns its
 * steps. Editing the definition makes a new version; runs pin the version
 * they started with, so a run can always show the exact pipeline it ran.
 */
export type Stream = typeof reconciliationStreams.$inferSelect;
export type StreamVersion = typeof reconciliationStreamVersions.$inferSelect;
export type StepRow = typeof reconciliationSteps.$inferSelect;

export interface StreamWithVersion {
  stream: Stream;
  version: StreamVersion;
  steps: StepRow[];
}

export interface StreamInput {
  name: string;
  description?: string | null;
  definition: StreamDefinition;
  /** System-owned streams (the classic reconciliation API) are hidden from lists. */
  system?: boolean;
  origin?: Record<string, unknown> | null;
}

// ---- Writes

export async function createStream(ctx: OrgContext, input: StreamInput): Promise<StreamWithVersion> {
  if (!input.system) await assertStreamsEnabled(ctx);
  const definition = streamDefinitionSchema.parse(input.definition);
  assertNoStructuralErrors(definition);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await assertRuleSetsExist(tx, ctx, definition);
    const [stream] = await tx
      .insert(reconciliationStreams)
      .values({
        id: newId("stream"),
        orgId: ctx.orgId,
        name: input.name.trim(),
        description: input.description?.trim() || null,
        system: input.system ?? false,
        origin: input.origin ?? null,
        latestVersion: 1,
        createdBy: ctx.actor.label,
      })
      .returning();
    const { version, steps } = await insertVersion(tx, ctx, stream!, 1, definition);
    await recordAudit(tx, ctx, {
      action: "stream.created",
      resourceType: "stream",
      resourceId: stream!.id,
      changes: { after: { name: stream!.name, version: 1, versionId: version.id, definitionSha256: version.definitionSha256, steps: steps.map((step) => step.key) } },
    });
    return { stream: stream!, version, steps };
  });
}

export async function updateStream(
  ctx: OrgContext,
  id: string,
  patch: { name?: string; description?: string | null; definition?: StreamDefinition },
): Promise<StreamWithVersion> {
  await assertStreamsEnabled(ctx);
  const definition = patch.definition ? streamDefinitionSchema.parse(patch.definition) : undefined;
  if (definition) assertNoStructuralErrors(definition);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockStream(tx, ctx, id);
    if (before.status === "archived") throw new Conflict(`Stream '${id}' is archived and can no longer be changed`);
    const current = await selectVersion(tx, ctx, id, before.latestVersion);
    const head: Partial<Pick<Stream, "name" | "description">> = {};
    if (patch.name !== undefined && patch.name.trim() !== before.name) head.name = patch.name.trim();
    if (patch.description !== undefined && (patch.description?.trim() || null) !== before.description) head.description = patch.description?.trim() || null;
    const changed = definition !== undefined && hashStreamDefinition(definition) !== current.version.definitionSha256;
    if (Object.keys(head).length === 0 && !changed) return { ...current, stream: before };
    if (definition) await assertRuleSetsExist(tx, ctx, definition);

    const nextVersion = changed ? before.latestVersion + 1 : before.latestVersion;
    const [after] = await tx
      .update(reconciliationStreams)
      .set({ ...head, latestVersion: nextVersion, updatedAt: new Date() })
      .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, id)))
      .returning();
    let result: StreamWithVersion = { ...current, stream: after! };
    if (changed) {
      const inserted = await insertVersion(tx, ctx, after!, nextVersion, definition!);
      result = { stream: after!, ...inserted };
    }
    await recordAudit(tx, ctx, {
      action: "stream.updated",
      resourceType: "stream",
      resourceId: id,
      changes: {
        before: { ...pick(before, Object.keys(head)), version: current.version.version, definitionSha256: current.version.definitionSha256 },
        after: { ...head, version: result.version.version, versionId: result.version.id, definitionSha256: result.version.definitionSha256 },
      },
    });
    return result;
  });
}

export async function archiveStream(ctx: OrgContext, id: string): Promise<StreamWithVersion> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockStream(tx, ctx, id);
    if (before.status === "archived") throw new Conflict(`Stream '${id}' is already archived`);
    const archivedAt = new Date();
    const [after] = await tx
      .update(reconciliationStreams)
      .set({ status: "archived", archivedAt, updatedAt: archivedAt })
      .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, id), eq(reconciliationStreams.status, "active")))
      .returning();
    await recordAudit(tx, ctx, {
      action: "stream.archived",
      resourceType: "stream",
      resourceId: id,
      changes: { before: { status: "active" }, after: { status: "archived", archivedAt: archivedAt.toISOString() } },
    });
    return { ...(await selectVersion(tx, ctx, id, after!.latestVersion)), stream: after! };
  });
}

async function insertVersion(tx: Tx, ctx: OrgContext, stream: Stream, versionNumber: number, definition: StreamDefinition) {
  const [version] = await tx
    .insert(reconciliationStreamVersions)
    .values({
      id: newId("streamVersion"),
      orgId: ctx.orgId,
      streamId: stream.id,
      version: versionNumber,
      settings: definition.settings,
      definitionSha256: hashStreamDefinition(definition),
      createdBy: ctx.actor.label,
    })
    .returning();
  const dependencies = deriveDependencies(definition.steps);
  const steps = await tx
    .insert(reconciliationSteps)
    .values(
      definition.steps.map((step, position) => ({
        id: newId("step"),
        orgId: ctx.orgId,
        streamVersionId: version!.id,
        key: step.key,
        name: step.name,
        position,
        ruleSetId: step.ruleSetId,
        ruleSetVersion: step.ruleSetVersion,
        inputs: step.inputs,
        dependsOn: dependencies.get(step.key) ?? [],
        critical: step.critical,
        retry: step.retry,
        timeoutMs: step.timeoutMs,
      })),
    )
    .returning();
  return { version: version!, steps: steps.sort((a, b) => a.position - b.position) };
}

// ---- Reads

export async function getStream(ctx: OrgContext, id: string, options: { includeSystem?: boolean } = {}): Promise<StreamWithVersion> {
  if (!options.includeSystem) await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const stream = await selectStream(tx, ctx, id, options.includeSystem ?? false);
    return { ...(await selectVersion(tx, ctx, id, stream.latestVersion)), stream };
  });
}

export async function getStreamVersion(ctx: OrgContext, streamId: string, version: number): Promise<StreamWithVersion> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const stream = await selectStream(tx, ctx, streamId, false);
    return { ...(await selectVersion(tx, ctx, streamId, version)), stream };
  });
}

export async function listStreamVersions(ctx: OrgContext, streamId: string): Promise<StreamVersion[]> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await selectStream(tx, ctx, streamId, false);
    return tx
      .select()
      .from(reconciliationStreamVersions)
      .where(and(eq(reconciliationStreamVersions.orgId, ctx.orgId), eq(reconciliationStreamVersions.streamId, streamId)))
      .orderBy(desc(reconciliationStreamVersions.version));
  });
}

export async function listStreams(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; status?: Stream["status"]; nameContains?: string },
): Promise<{ data: StreamWithVersion[]; nextCursor: string | null }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.system, false)];
    if (options.cursor) conditions.push(lt(reconciliationStreams.id, options.cursor));
    if (options.status) conditions.push(eq(reconciliationStreams.status, options.status));
    if (options.nameContains) conditions.push(ilike(reconciliationStreams.name, `%${options.nameContains.replace(/[\\%_]/g, "\\$&")}%`));
    const rows = await tx
      .select({ stream: reconciliationStreams, version: reconciliationStreamVersions })
      .from(reconciliationStreams)
      .innerJoin(
        reconciliationStreamVersions,
        and(eq(reconciliationStreamVersions.streamId, reconciliationStreams.id), eq(reconciliationStreamVersions.version, reconciliationStreams.latestVersion)),
      )
      .where(and(...conditions))
      .orderBy(desc(reconciliationStreams.id))
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    const steps = page.length
      ? await tx
          .select()
          .from(reconciliationSteps)
          .where(and(eq(reconciliationSteps.orgId, ctx.orgId), inArray(reconciliationSteps.streamVersionId, page.map((row) => row.version.id))))
          .orderBy(asc(reconciliationSteps.position))
      : [];
    return {
      data: page.map((row) => ({ ...row, steps: steps.filter((step) => step.streamVersionId === row.version.id) })),
      nextCursor: rows.length > options.limit ? page.at(-1)!.stream.id : null,
    };
  });
}

/** A version's steps as the definition they were created from. */
export function definitionOf(version: StreamVersion, steps: StepRow[]): StreamDefinition {
  return { settings: version.settings as StreamSettings, steps: steps.map(stepDefinitionOf) };
}

export function stepDefinitionOf(step: StepRow): StepDefinition {
  return {
    key: step.key,
    name: step.name,
    ruleSetId: step.ruleSetId,
    ruleSetVersion: step.ruleSetVersion,
    inputs: step.inputs,
    dependsOn: step.dependsOn,
    critical: step.critical,
    retry: step.retry,
    timeoutMs: step.timeoutMs,
  };
}

async function selectStream(tx: Tx, ctx: OrgContext, id: string, includeSystem: boolean): Promise<Stream> {
  const [stream] = await tx
    .select()
    .from(reconciliationStreams)
    .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, id)));
  if (!stream || (stream.system && !includeSystem)) throw new NotFound("stream", id);
  return stream;
}

async function lockStream(tx: Tx, ctx: OrgContext, id: string): Promise<Stream> {
  const [stream] = await tx
    .select()
    .from(reconciliationStreams)
    .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, id), eq(reconciliationStreams.system, false)))
    .for("update");
  if (!stream) throw new NotFound("stream", id);
  return stream;
}

export async function selectVersion(tx: Tx, ctx: OrgContext, streamId: string, versionNumber: number): Promise<{ version: StreamVersion; steps: StepRow[] }> {
  const [version] = await tx
    .select()
    .from(reconciliationStreamVersions)
    .where(
      and(
        eq(reconciliationStreamVersions.orgId, ctx.orgId),
        eq(reconciliationStreamVersions.streamId, streamId),
        eq(reconciliationStreamVersions.version, versionNumber),
      ),
    );
  if (!version) throw new NotFound("stream version", `${streamId}/versions/${versionNumber}`);
  const steps = await tx
    .select()
    .from(reconciliationSteps)
    .where(and(eq(reconciliationSteps.orgId, ctx.orgId), eq(reconciliationSteps.streamVersionId, version.id)))
    .orderBy(asc(reconciliationSteps.position));
  return { version, steps };
}

// ---- Checks shared with validation

export function hashStreamDefinition(definition: StreamDefinition): string {
  return createHash("sha256").update(canonicalize(definition)!).digest("hex");
}

/** Cycles, unknown step keys and the like make a stream unrunnable: refused at save time with pointers. */
function assertNoStructuralErrors(definition: StreamDefinition): void {
  const errors = findGraphProblems(definition).filter((problem) => problem.severity === "error");
  if (errors.length === 0) return;
  throw new ValidationFailed(`The stream definition has ${errors.length} problem${errors.length === 1 ? "" : "s"}`, {
    errors: errors.map((problem: StreamProblem) => ({ pointer: `/definition${problem.pointer}`, message: problem.message })),
  });
}

/** Steps must name rule sets of this org (another org's id reads as missing); archived ones are refused for new versions. */
async function assertRuleSetsExist(tx: Tx, ctx: OrgContext, definition: StreamDefinition): Promise<void> {
  const ids = [...new Set(definition.steps.map((step) => step.ruleSetId))];
  const found = await tx
    .select({ id: ruleSets.id, status: ruleSets.status, latestVersion: ruleSets.latestVersion })
    .from(ruleSets)
    .where(and(eq(ruleSets.orgId, ctx.orgId), inArray(ruleSets.id, ids)));
  const byId = new Map(found.map((row) => [row.id, row]));
  const errors = definition.steps.flatMap((step, index) => {
    const ruleSet = byId.get(step.ruleSetId);
    if (!ruleSet) return [{ pointer: `/definition/steps/${index}/ruleSetId`, message: `no rule set '${step.ruleSetId}'` }];
    if (ruleSet.status === "archived") return [{ pointer: `/definition/steps/${index}/ruleSetId`, message: `rule set '${step.ruleSetId}' is archived` }];
    if (step.ruleSetVersion !== null && step.ruleSetVersion > ruleSet.latestVersion) {
      return [{ pointer: `/definition/steps/${index}/ruleSetVersion`, message: `rule set '${step.ruleSetId}' has no version ${step.ruleSetVersion}` }];
    }
    return [];
  });
  if (errors.length > 0) throw new ValidationFailed(`The stream names ${errors.length} unusable rule set${errors.length === 1 ? "" : "s"}`, { errors });
}

/** The rule-set version a step runs: its pinned one, or the latest now. */
export async function resolveStepRuleSetVersion(tx: Tx, ctx: OrgContext, step: Pick<StepRow, "ruleSetId" | "ruleSetVersion">) {
  const [ruleSet] = await tx.select().from(ruleSets).where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, step.ruleSetId)));
  if (!ruleSet) throw new NotFound("rule set", step.ruleSetId);
  const [version] = await tx
    .select()
    .from(ruleSetVersions)
    .where(and(eq(ruleSetVersions.orgId, ctx.orgId), eq(ruleSetVersions.ruleSetId, step.ruleSetId), eq(ruleSetVersions.version, step.ruleSetVersion ?? ruleSet.latestVersion)));
  if (!version) throw new NotFound("rule set version", `${step.ruleSetId}/versions/${step.ruleSetVersion}`);
  return { ruleSet, version };
}

function pick<T extends object>(row: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (row as Record<string, unknown>)[key]]));
}
