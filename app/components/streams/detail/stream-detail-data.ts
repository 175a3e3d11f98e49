import type { StreamDefinition } from "~/modules/streams";
import type { RunParameter } from "../parameter-pickers";
import type { RunSummary } from "../run-history";
import type { TriggerView } from "../triggers-panel";

export interface StreamVersionRow {
  version: number;
  createdBy: string;
  createdAt: string;
  sha256: string;
}

export interface StreamDetailData {
  stream: { id: string; name: string; description: string | null; status: string; version: number };
  definition: StreamDefinition;
  versions: StreamVersionRow[];
  triggers: TriggerView[];
  runs: RunSummary[];
  compare: [RunSummary, RunSummary] | null;
  compareAsked: boolean;
  ruleSets: Array<{ id: string; name: string }>;
  files: Array<{ id: string; name: string }>;
  /** The Run dialog's pickers: what each file parameter accepts, files in fit order with warnings. */
  runFiles: RunParameter[];
  can: { edit: boolean; run: boolean };
}

export interface StreamFormError {
  message: string;
  status: number;
  fields: Record<string, string>;
}

export type StreamActionData = { intent: string; error: StreamFormError | null; created: TriggerView | null };
