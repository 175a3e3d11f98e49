import type { SerializeFrom } from "@remix-run/node";
import type { serializeArtifact, serializeTimeline } from "~/api/views/runs";
import type { LineageEdgeView, LineageNodeView } from "~/components/streams/lineage-graph";
import type { RunParameter } from "~/components/streams/parameter-pickers";
import type { listRecentRuns } from "~/modules/streams/index.server";

type RecentRun = Awaited<ReturnType<typeof listRecentRuns>>[number];

/** One row of the runs list: the run with its stream's name and the metrics its steps recorded. */
export function toRunListItem({ run, streamName }: RecentRun) {
  const metrics = run.metrics as { matches?: number; exceptions?: number; durationMs?: number | null } | null;
  return {
    id: run.id,
    streamId: run.streamId,
    streamName,
    state: run.state,
    createdAt: run.createdAt.toISOString(),
    matches: metrics?.matches ?? null,
    exceptions: metrics?.exceptions ?? null,
    durationMs: metrics?.durationMs ?? null,
  };
}

export type RunListItem = SerializeFrom<ReturnType<typeof toRunListItem>>;

export interface RunsListData {
  enabled: boolean;
  runs: RunListItem[];
}

export type RunPageData = SerializeFrom<{
  timeline: ReturnType<typeof serializeTimeline>;
  streamName: string;
  stepNames: Record<string, string>;
  artifacts: ReturnType<typeof serializeArtifact>[];
  lineage: { nodes: LineageNodeView[]; edges: LineageEdgeView[] };
  can: { execute: boolean };
  /** Pickers for "Choose another file" when a step could not read its file; null otherwise. */
  rechoose: RunParameter[] | null;
}>;

/** What the cancel, retry and rerun forms answer when they fail (a rerun that works redirects). */
export type RunActionData = { error: { message: string } | null };

/** The metrics a run's steps add up as they finish. */
export type RunMetrics = { matches?: number; exceptions?: number; durationMs?: number | null } | null;
