import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { systemActor, type OrgContext } from "~/core/access";
import { ArtifactIntegrityFailed, Gone, NotFound } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import { getMetrics } from "~/platform/observability/metrics.server";
import { ArtifactIntegrityError, ArtifactNotFoundError, getArtifactStore } from "~/platform/storage/index.server";
import { getDb, type Tx } from "~/platform/db/client";
import { ARTIFACT_TYPES, reconciliationArtifacts, reconciliationStepRuns } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { releaseStoredObject } from "~/modules/files/index.server";

/**
 * Artifacts are the checksummed, gzip'd CSV outputs of step runs (written by
 * the step executor). This module is their read side: metadata, verified
 * downloads, and the retention purge that deletes their bytes but never
 * their metadata or lineage.
 */
export type Artifact = typeof reconciliationArtifacts.$inferSelect;

/** An artifact with the key of the step that wrote it, which names it for people. */
export interface ArtifactRecord {
  artifact: Artifact;
  stepKey: string;
}

const artifactColumns = { artifact: reconciliationArtifacts, stepKey: reconciliationStepRuns.stepKey };

export async function getArtifact(ctx: OrgContext, id: string): Promise<ArtifactRecord> {
  return inOrgTransaction(ctx.orgId, (tx) => selectArtifact(tx, ctx, id));
}

/** At most one artifact per type (a unique index), in the order the types are listed. */
export async function listStepRunArtifacts(ctx: OrgContext, stepRunId: string): Promise<ArtifactRecord[]> {
  const records = await inOrgTransaction(ctx.orgId, async (tx) => {
    const [stepRun] = await tx
      .select({ id: reconciliationStepRuns.id })
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRunId)));
    if (!stepRun) throw new NotFound("step run", stepRunId);
    return tx
      .select(artifactColumns)
      .from(reconciliationArtifacts)
      .innerJoin(reconciliationStepRuns, eq(reconciliationStepRuns.id, reconciliationArtifacts.stepRunId))
      .where(and(eq(reconciliationArtifacts.orgId, ctx.orgId), eq(reconciliationArtifacts.stepRunId, stepRunId)))
      .orderBy(asc(reconciliationArtifacts.id));
  });
  return records.sort((left, right) => typeOrder(left.artifact) - typeOrder(right.artifact));
}

function typeOrder(artifact: Artifact): number {
  return ARTIFACT_TYPES.indexOf(artifact.artifactType);
}

// ---- Download

export interface ArtifactDownload {
  record: ArtifactRecord;
  fileName: string;
  body: Readable;
}

/**
 * The stored bytes, verified like a file download (see openVerifiedDownload
 * in files/stored-bytes.server): hashed completely before the response starts, so a
 * corrupted artifact is a 500 with nothing sent, never a 200 with bad bytes.
 * An auditor relies on an artifact being exactly what the step wrote, so a
 * mismatch is also audited and counted, and each successful download is
 * audited (who took which numbers out of the system, and when).
 */
export async function openVerifiedArtifactDownload(
  ctx: OrgContext,
  id: string,
  options: { recordDownload: boolean } = { recordDownload: true },
): Promise<ArtifactDownload> {
  const record = await getArtifact(ctx, id);
  assertNotPurged(record.artifact);
  await verifyArtifactBytes(ctx, record);
  // A HEAD request checks the artifact without taking its bytes: nothing left the system.
  if (options.recordDownload) await recordDownload(ctx, record);
  return { record, fileName: artifactFileName(record), body: await getArtifactStore().get(record.artifact.storagePath) };
}

async function recordDownload(ctx: OrgContext, record: ArtifactRecord): Promise<void> {
  await inOrgTransaction(ctx.orgId, (tx) =>
    recordAudit(tx, ctx, {
      action: "artifact.downloaded",
      resourceType: "artifact",
      resourceId: record.artifact.id,
      changes: { after: artifactAuditSummary(record) },
    }),
  );
}

/** `<runId>-<stepKey>-unmatched_source.csv.gz`: unique per run and readable in a downloads folder. */
export function artifactFileName(record: ArtifactRecord): string {
  return `${record.artifact.runId}-${record.stepKey}-${record.artifact.artifactType.toLowerCase()}.csv.gz`;
}

function assertNotPurged(artifact: Artifact): void {
  if (artifact.status !== "purged") return;
  throw new Gone(
    `The bytes of artifact '${artifact.id}' were deleted by retention on ${artifact.purgedAt?.toISOString() ?? "an earlier date"} ` +
      `(kept ${artifact.retentionDays} days); its metadata and lineage are kept`,
  );
}

async function verifyArtifactBytes(ctx: OrgContext, record: ArtifactRecord): Promise<void> {
  const { artifact } = record;
  const hash = createHash("sha256");
  try {
    for await (const chunk of await getArtifactStore().get(artifact.storagePath)) hash.update(chunk as Uint8Array);
  } catch (error) {
    if (isStorageError(error, ArtifactNotFoundError)) {
      // Retention may have purged it since it was read: that is a 410, not corruption.
      assertNotPurged((await getArtifact(ctx, artifact.id)).artifact);
    }
    if (isStorageError(error, ArtifactIntegrityError) || isStorageError(error, ArtifactNotFoundError)) {
      throw await integrityFailure(ctx, record, error);
    }
    throw error;
  }
  // Checked against the row as well as by the store, so the guarantee does not depend on how a backend forms its keys.
  const actual = hash.digest("hex");
  if (actual !== artifact.checksum) {
    throw await integrityFailure(ctx, record, new Error(`sha256 ${actual} differs from the recorded ${artifact.checksum}`));
  }
}

/**
 * By name as well as by class: the store is one instance per process, shared
 * by the Remix bundle and the code outside it (server, worker), and each
 * loads its own copy of the error classes, so the store may throw the other
 * copy's class.
 */
function isStorageError(error: unknown, type: typeof ArtifactIntegrityError | typeof ArtifactNotFoundError): error is Error {
  if (error instanceof type) return true;
  // The instance's `name` field, not the class's: a bundler may rename classes.
  const name = type === ArtifactIntegrityError ? "ArtifactIntegrityError" : "ArtifactNotFoundError";
  return error instanceof Error && error.name === name;
}

async function integrityFailure(ctx: OrgContext, record: ArtifactRecord, cause: Error): Promise<ArtifactIntegrityFailed> {
  const { artifact } = record;
  getLogger().error(
    { err: cause, orgId: ctx.orgId, artifactId: artifact.id, storageKey: artifact.storagePath, requestId: ctx.requestId },
    "stored artifact failed its integrity check",
  );
  getMetrics().artifactIntegrityFailures.inc();
  const missing = isStorageError(cause, ArtifactNotFoundError);
  // Its own transaction: the request fails, but the record that it did must stay.
  await inOrgTransaction(ctx.orgId, (tx) =>
    recordAudit(tx, ctx, {
      action: "artifact.integrity_failed",
      resourceType: "artifact",
      resourceId: artifact.id,
      changes: { after: { ...artifactAuditSummary(record), problem: missing ? "missing" : "checksum_mismatch" } },
    }),
  );
  const what = missing ? "are missing from storage" : "no longer match the sha256 recorded when the step wrote them";
  return new ArtifactIntegrityFailed(`The stored bytes of artifact '${artifact.id}' ${what}, so nothing was sent`);
}

function artifactAuditSummary(record: ArtifactRecord) {
  const { artifact } = record;
  return {
    runId: artifact.runId,
    stepRunId: artifact.stepRunId,
    stepKey: record.stepKey,
    artifactType: artifact.artifactType,
    checksum: artifact.checksum,
    size: artifact.size,
    rowCount: artifact.rowCount,
  };
}

// ---- Retention (the purge_artifacts task)

const PURGE_BATCH = 200;

/**
 * Deletes the bytes of every artifact whose retention ended by `now`, across
 * orgs: the artifact becomes `purged` (audited, with the scheduler as actor)
 * and its stored object is released once no other file row or available
 * artifact shares it. The artifact row, its file row and its lineage stay,
 * so a run remains explainable after its bytes are gone.
 *
 * Status first, bytes after the commit: a crash in between leaves an
 * orphaned object (disk space), never an available artifact without bytes
 * (a download that fails as corruption).
 */
export async function purgeExpiredArtifacts(now: Date, options: { batchSize?: number } = {}): Promise<{ purged: number }> {
  const batchSize = options.batchSize ?? PURGE_BATCH;
  let purged = 0;
  for (;;) {
    // Cross-org, as the connecting role: retention is the platform's job, not a tenant's.
    const due = await getDb()
      .select({ id: reconciliationArtifacts.id, orgId: reconciliationArtifacts.orgId })
      .from(reconciliationArtifacts)
      .where(and(eq(reconciliationArtifacts.status, "available"), lte(reconciliationArtifacts.retentionUntil, now)))
      .orderBy(asc(reconciliationArtifacts.retentionUntil), asc(reconciliationArtifacts.id))
      .limit(batchSize);
    if (due.length === 0) return { purged };
    let purgedInBatch = 0;
    for (const [orgId, ids] of groupByOrg(due)) {
      purgedInBatch += await purgeOrgArtifacts(orgId, ids, now);
    }
    purged += purgedInBatch;
    // Nothing changed (another worker got them all first): stop rather than spin on the same rows.
    if (purgedInBatch === 0 || due.length < batchSize) return { purged };
  }
}

async function purgeOrgArtifacts(orgId: string, ids: string[], now: Date): Promise<number> {
  const ctx: OrgContext = { orgId, actor: systemActor("retention (purge_artifacts)") };
  const purged = await inOrgTransaction(orgId, async (tx) => {
    // Guarded by status, so two purging workers never both purge (or audit) one artifact.
    const rows = await tx
      .update(reconciliationArtifacts)
      .set({ status: "purged", purgedAt: now })
      .where(
        and(
          eq(reconciliationArtifacts.orgId, orgId),
          inArray(reconciliationArtifacts.id, ids),
          eq(reconciliationArtifacts.status, "available"),
          lte(reconciliationArtifacts.retentionUntil, now),
        ),
      )
      .returning();
    for (const artifact of rows) {
      await recordAudit(tx, ctx, {
        action: "artifact.purged",
        resourceType: "artifact",
        resourceId: artifact.id,
        changes: {
          before: { status: "available" },
          after: { status: "purged", purgedAt: now.toISOString(), retentionUntil: artifact.retentionUntil.toISOString(), checksum: artifact.checksum },
        },
      });
    }
    return rows;
  });
  for (const storageKey of new Set(purged.map((artifact) => artifact.storagePath))) {
    await releaseStoredObject(ctx, storageKey);
  }
  return purged.length;
}

function groupByOrg(rows: Array<{ id: string; orgId: string }>): Map<string, string[]> {
  const byOrg = new Map<string, string[]>();
  for (const row of rows) {
    const ids = byOrg.get(row.orgId) ?? [];
    ids.push(row.id);
    byOrg.set(row.orgId, ids);
  }
  return byOrg;
}

// ---- Helpers

async function selectArtifact(tx: Tx, ctx: OrgContext, id: string): Promise<ArtifactRecord> {
  const [record] = await tx
    .select(artifactColumns)
    .from(reconciliationArtifacts)
    .innerJoin(reconciliationStepRuns, eq(reconciliationStepRuns.id, reconciliationArtifacts.stepRunId))
    .where(and(eq(reconciliationArtifacts.orgId, ctx.orgId), eq(reconciliationArtifacts.id, id)));
  if (!record) throw new NotFound("artifact", id);
  return record;
}
