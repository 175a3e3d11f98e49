import type { ProblemView } from "~/components/problem";
import type { FileFormat } from "~/core/adapters/file-format";
import type { FileColumn } from "./draft";

/** What the Quick Run page's loader gives the wizard about each file. */
export interface WizardFile {
  id: string;
  name: string;
  status: "processing" | "ready" | "failed";
  rowCount: number | null;
  errorCount: number;
  createdAt: string;
  columns: FileColumn[];
  /** The adapter it is read through (recognized or chosen); null for a plain table or before profiling. */
  format: FileFormat | null;
}

export interface SuggestedMappingView {
  field: string;
  column: string;
  confidence: number;
  because: string;
}

export interface SuggestionView {
  sampledRows: { source: number; target: number };
  source: { mappings: SuggestedMappingView[]; unmapped: Array<{ column: string; because: string }> };
  target: { mappings: SuggestedMappingView[]; unmapped: Array<{ column: string; because: string }> };
  keyCandidates: Array<{ source: string; target: string; confidence: number; because: string }>;
  firstPass: { confidence: number; because: string };
  fallbackPass?: { confidence: number; because: string } | null;
  /** Per side, the sampled values of few-valued columns: what a row filter is built from. */
  columnValues?: Record<"source" | "target", Record<string, Array<{ value: string; rows: number }>>>;
  /** The mappings and the first pass assembled: the wizard's first draft. */
  definition: unknown;
}

type PreviewValue = string | number | null;
export interface PreviewRowView {
  line: number;
  values: Record<string, PreviewValue>;
  /** A grouped row ("one row per …") standing for several file rows: their lines. */
  groupedLines?: number[];
}

export interface PreviewView {
  limit: number;
  /** What the rows previewed are: all of both files, or a representative sample (and how it was drawn). */
  sample?: { kind: "all" | "representative"; text: string };
  truncated: { source: boolean; target: boolean };
  summary: {
    source: { rows: number; matched: number; unmatched: number; excluded: number };
    target: { rows: number; matched: number; unmatched: number; excluded: number };
    matchesByPass: Record<string, number>;
    exceptionsByType: Record<string, number>;
  };
  counts: { matches: number; exceptions: number; issues: { source: number; target: number } };
  matches: Array<{ pass: string; cardinality: string; source: PreviewRowView[]; target: PreviewRowView[] }>;
  exceptions: Array<{ type: string; severity: string; message: string; amountDifferenceMinor: number | null; currency: string | null; source: PreviewRowView[]; target: PreviewRowView[] }>;
  issues: { source: Array<{ line: number; field: string; column: string | null; value: string | null; message: string }>; target: Array<{ line: number; field: string; column: string | null; value: string | null; message: string }> };
}

export type ActionResult =
  | { intent: "suggest" | "preview" | "run"; ok: true; suggestion: SuggestionView | null; preview: PreviewView | null }
  | { intent: "suggest" | "preview" | "run"; ok: false; problem: ProblemView; fields: Record<string, string> };
