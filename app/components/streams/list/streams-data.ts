export interface StreamListRow {
  id: string;
  name: string;
  description: string | null;
  version: number;
  steps: number;
  lastRun: { id: string; state: string; createdAt: string } | null;
  nextFireAt: string | null;
}

export interface StreamsListData {
  /** False when the org has not turned streams on. */
  enabled: boolean;
  canEdit: boolean;
  streams: StreamListRow[];
  truncated: boolean;
}
