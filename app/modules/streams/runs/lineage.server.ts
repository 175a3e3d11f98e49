import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import {
  ARTIFACT_TYPES,
  reconciliationArtifacts,
  reconciliationLineageEvents,
  reconciliationRuns,
  reconciliationStepRuns,
  reconciliationSteps,
  reconciliationStreams,
  uploadedFiles,
} from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * A run's lineage as a graph an auditor (or the UI) can walk from a final
 * artifact back to the input files: nodes are the files, step runs and
 * artifacts, edges are the run's append-only lineage events. The events say
 * what was linked; the rows they name say what each thing was (file names
 * and sha256s, step states, artifact checksums and row counts).
 */
export type LineageNodeType = "file" | "step_run" | "artifact";
export type LineageEdgeKind = "input" | "output" | "dependency";

export interface LineageNode {
  id: string;
  type: LineageNodeType;
  label: string;
  details: Record<string, unknown>;
}

export interface LineageEdge {
  id: string;
  from: string;
  to: string;
  kind: LineageEdgeKind;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface LineageGraph {
  runId: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

type LineageEvent = typeof reconciliationLineageEvents.$inferSelect;

/** Runs of system streams (behind the classic reconciliation API) are hidden unless asked for, as in getRun. */
export async function getRunLineage(ctx: OrgContext, runId: string, options: { includeSystem?: boolean } = {}): Promise<LineageGraph> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [run] = await tx
      .select({ id: reconciliationRuns.id, system: reconciliationStreams.system })
      .from(reconciliationRuns)
      .innerJoin(reconciliationStreams, eq(reconciliationStreams.id, reconciliationRuns.streamId))
      .where(and(eq(reconciliationRuns.orgId, ctx.orgId), eq(reconciliationRuns.id, runId)));
    if (!run || (run.system && !options.includeSystem)) throw new NotFound("stream run", runId);
    const events = await tx
      .select()
      .from(reconciliationLineageEvents)
      .where(and(eq(reconciliationLineageEvents.orgId, ctx.orgId), eq(reconciliationLineageEvents.runId, runId)))
      .orderBy(asc(reconciliationLineageEvents.createdAt), asc(reconciliationLineageEvents.id));
    const referenced = referencedIds(events);
    // Every step run and artifact of the run is a node even without an edge
    // yet (a pending or skipped step), so the graph shows the whole pipeline.
    const stepRunNodes = await stepRunNodesOf(tx, ctx, runId, referenced.step_run);
    const artifactNodes = await artifactNodesOf(tx, ctx, runId, referenced.artifact);
    const fileNodes = await fileNodesOf(tx, ctx, referenced.file);
    return {
      runId,
      nodes: [...fileNodes, ...stepRunNodes, ...artifactNodes],
      edges: events.map(toEdge),
    };
  });
}

function referencedIds(events: LineageEvent[]): Record<LineageNodeType, Set<string>> {
  const ids: Record<LineageNodeType, Set<string>> = { file: new Set(), step_run: new Set(), artifact: new Set() };
  for (const event of events) {
    ids[event.fromType].add(event.fromId);
    ids[event.toType].add(event.toId);
  }
  return ids;
}

function toEdge(event: LineageEvent): LineageEdge {
  return {
    id: event.id,
    from: event.fromId,
    to: event.toId,
    kind: edgeKind(event),
    details: event.details,
    createdAt: event.createdAt.toISOString(),
  };
}

function edgeKind(event: LineageEvent): LineageEdgeKind {
  if (event.toType === "artifact") return "output";
  if (event.fromType === "step_run") return "dependency";
  return "input";
}

async function stepRunNodesOf(tx: Tx, ctx: OrgContext, runId: string, referenced: Set<string>): Promise<LineageNode[]> {
  const rows = await tx
    .select({ stepRun: reconciliationStepRuns, stepName: reconciliationSteps.name })
    .from(reconciliationStepRuns)
    .innerJoin(reconciliationSteps, eq(reconciliationSteps.id, reconciliationStepRuns.stepId))
    .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, runId)))
    .orderBy(asc(reconciliationStepRuns.position), asc(reconciliationStepRuns.stepKey));
  const nodes = rows.map(({ stepRun, stepName }): LineageNode => ({
    id: stepRun.id,
    type: "step_run",
    label: stepRun.stepKey,
    details: {
      stepKey: stepRun.stepKey,
      name: stepName,
      state: stepRun.state,
      attempt: stepRun.attempt,
      position: stepRun.position,
      startedAt: stepRun.startedAt?.toISOString() ?? null,
      finishedAt: stepRun.finishedAt?.toISOString() ?? null,
    },
  }));
  return [...nodes, ...missingNodes("step_run", referenced, nodes)];
}

async function artifactNodesOf(tx: Tx, ctx: OrgContext, runId: string, referenced: Set<string>): Promise<LineageNode[]> {
  const rows = await tx
    .select({ artifact: reconciliationArtifacts, stepKey: reconciliationStepRuns.stepKey, position: reconciliationStepRuns.position })
    .from(reconciliationArtifacts)
    .innerJoin(reconciliationStepRuns, eq(reconciliationStepRuns.id, reconciliationArtifacts.stepRunId))
    .where(
      and(
        eq(reconciliationArtifacts.orgId, ctx.orgId),
        // A step can read an artifact of another run (a rerun pinned to its original's outputs).
        referenced.size > 0
          ? or(eq(reconciliationArtifacts.runId, runId), inArray(reconciliationArtifacts.id, [...referenced]))
          : eq(reconciliationArtifacts.runId, runId),
      ),
    );
  rows.sort(
    (left, right) =>
      left.position - right.position ||
      ARTIFACT_TYPES.indexOf(left.artifact.artifactType) - ARTIFACT_TYPES.indexOf(right.artifact.artifactType) ||
      left.artifact.id.localeCompare(right.artifact.id),
  );
  const nodes = rows.map(({ artifact, stepKey }): LineageNode => ({
    id: artifact.id,
    type: "artifact",
    label: `${stepKey} ${artifact.artifactType}`,
    details: {
      artifactType: artifact.artifactType,
      stepKey,
      runId: artifact.runId,
      fileId: artifact.fileId,
      checksum: artifact.checksum,
      size: artifact.size,
      rowCount: artifact.rowCount,
      status: artifact.status,
    },
  }));
  return [...nodes, ...missingNodes("artifact", referenced, nodes)];
}

async function fileNodesOf(tx: Tx, ctx: OrgContext, referenced: Set<string>): Promise<LineageNode[]> {
  if (referenced.size === 0) return [];
  const rows = await tx
    .select()
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), inArray(uploadedFiles.id, [...referenced])))
    .orderBy(asc(uploadedFiles.id));
  const nodes = rows.map((file): LineageNode => ({
    id: file.id,
    type: "file",
    label: file.name,
    details: { name: file.name, kind: file.kind, sha256: file.sha256, size: file.size, rowCount: file.rowCount, inbox: file.inbox },
  }));
  return [...nodes, ...missingNodes("file", referenced, nodes)];
}

/**
 * An id an event names but no row of the org has any more. Kept as a node,
 * marked missing, so every edge still has both ends and the gap is visible.
 */
function missingNodes(type: LineageNodeType, referenced: Set<string>, found: LineageNode[]): LineageNode[] {
  const foundIds = new Set(found.map((node) => node.id));
  return [...referenced]
    .filter((id) => !foundIds.has(id))
    .sort()
    .map((id) => ({ id, type, label: id, details: { missing: true } }));
}
