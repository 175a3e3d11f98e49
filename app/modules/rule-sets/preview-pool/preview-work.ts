import { ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { GroupByCellError } from "~/core/engine/group-rows";
import { MatchConfigurationError } from "~/core/engine/match/errors";
import { NormalizeDefinitionError, formatIsoDay, type NormalizeIssue } from "~/core/engine/normalize";
import { reconcile } from "~/core/engine/reconcile";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { representativeSample, type PreviewSample } from "~/core/engine/preview-sample";
import { fewValuedColumns, suggestRuleSet, type SuggestSideInput } from "~/core/engine/suggest";
import { NULL_DATE, type CanonicalTable, type EngineException, type EngineResult, type Match, type RawTable } from "~/core/engine/types";

/**
 * The CPU-bound half of the previews and suggestions users trigger from the
 * web (rule-set preview, Quick Run's draft preview, mapping suggestions):
 * pure functions from tables already read to the JSON the API returns. They
 * run on a thread of the preview pool (preview-pool.server.ts), never on the
 * web process's event loop, so one slow preview cannot delay other requests.
 */

/** Matches and exceptions listed in full; `counts` has the totals. */
export const PREVIEW_LISTED = 200;
/** Normalization issues listed per side. */
export const PREVIEW_ISSUES_LISTED = 100;

/**
 * A pass with this name makes the thread spin until the budget stops it, so
 * the fault test can prove the budget and the free event loop without a
 * rule that is slow today and fast tomorrow. Honoured only when the job says
 * test gates are on, which the pool sets from NODE_ENV === "test" alone.
 */
export const TEST_SPIN_PASS_NAME = "__test_gate_spin_preview__";

export interface PreviewRequestView {
  sourceFileId: string;
  targetFileId: string;
  limit: number;
  version?: number;
}

export interface RuleSetPreviewTask {
  kind: "rule-set-preview";
  /** Null for a draft definition that is not stored yet (Quick Run's live preview). */
  ruleSetId: string | null;
  version: number | null;
  request: PreviewRequestView;
  definition: RuleSetDefinition;
  truncated: { source: boolean; target: boolean };
  source: RawTable;
  target: RawTable;
  /** Draw a representative sample of `request.limit` rows a side from the whole tables given (see preview-sample.ts). */
  sample?: boolean;
}

export interface MappingSuggestionTask {
  kind: "mapping-suggestion";
  sourceFileId: string;
  targetFileId: string;
  source: SuggestSideInput;
  target: SuggestSideInput;
}

export type PreviewTask = RuleSetPreviewTask | MappingSuggestionTask;

export interface PreviewJob {
  task: PreviewTask;
  testGates: boolean;
}

/** What crosses back from the thread: the result, a problem that is the definition's (422), or a crash (500). */
export type PreviewOutcome =
  | { type: "done"; value: unknown }
  | { type: "invalid"; detail: string; errors: ProblemLocation[] }
  | { type: "crashed"; message: string };

export function performPreviewJob(job: PreviewJob): PreviewOutcome {
  try {
    if (job.testGates && job.task.kind === "rule-set-preview" && job.task.definition.passes.some((pass) => pass.name === TEST_SPIN_PASS_NAME)) spinForever();
    const value = job.task.kind === "rule-set-preview" ? previewRuleSetTables(job.task) : suggestMappingsFromSamples(job.task);
    return { type: "done", value };
  } catch (error) {
    if (error instanceof ValidationFailed) return { type: "invalid", detail: error.message, errors: error.errors };
    return { type: "crashed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function spinForever(): never {
  for (;;) {
    // Deliberately busy: only terminating the thread ends this.
  }
}

// ---- Rule-set preview

export function previewRuleSetTables(task: RuleSetPreviewTask) {
  // A representative sample (Quick Run's draft preview) is drawn here, on the thread: it normalizes the keys of both whole files.
  const sample = task.sample ? representativeSample(task.definition, task.source, task.target, task.request.limit) : null;
  const sampled = sample ? { ...task, source: sample.source, target: sample.target, truncated: { source: sample.source !== task.source, target: sample.target !== task.target } } : task;
  const output = runEngine(sampled.definition, sampled.source, sampled.target);
  const view = serializeRuleSetPreview({ ...sampled, result: output.result, sourceTable: output.source, targetTable: output.target, issues: output.issues, groupedLines: output.groupedLines ?? {} });
  return sample ? { ...view, sample: sample.description } : view;
}

export type RuleSetPreviewView = ReturnType<typeof previewRuleSetTables>;

/** Configuration problems the column check cannot see (e.g. a pass on a custom date field) are still the definition's. */
function runEngine(definition: RuleSetDefinition, source: RawTable, target: RawTable) {
  try {
    return reconcile({ source, target, definition });
  } catch (error) {
    if (error instanceof NormalizeDefinitionError) {
      throw new ValidationFailed(error.message, {
        errors: error.issues.map((issue) => ({ pointer: `/definition${issue.pointer.startsWith("/") ? "" : "/"}${issue.pointer}`, message: issue.message })),
      });
    }
    if (error instanceof GroupByCellError) {
      // Cells a group-by sum cannot read: located in the file, pointing at the draft's column rule.
      throw new ValidationFailed(error.message, { errors: error.errors.map((located) => ({ ...located, pointer: `/definition${located.pointer ?? ""}` })) });
    }
    if (error instanceof MatchConfigurationError) {
      const passIndex = error.passName === null ? -1 : definition.passes.findIndex((pass) => pass.name === error.passName);
      const location: ProblemLocation = { message: error.message };
      if (passIndex >= 0) location.pointer = `/definition/passes/${passIndex}`;
      throw new ValidationFailed("The rule set cannot run against these files", { errors: [location] });
    }
    throw error;
  }
}

interface ComputedPreview extends RuleSetPreviewTask {
  result: EngineResult;
  sourceTable: CanonicalTable;
  targetTable: CanonicalTable;
  issues: { source: NormalizeIssue[]; target: NormalizeIssue[] };
  groupedLines: { source?: number[][]; target?: number[][] };
}

type PreviewValue = string | number | null;

interface PreviewRow {
  line: number;
  values: Record<string, PreviewValue>;
  /** A grouped row standing for several file rows: all their lines, its own first. */
  groupedLines?: number[];
}

function serializeRuleSetPreview(preview: ComputedPreview) {
  const { result } = preview;
  const sourceRows = rowResolver(preview.definition, preview.sourceTable, "source", preview.groupedLines.source);
  const targetRows = rowResolver(preview.definition, preview.targetTable, "target", preview.groupedLines.target);
  return {
    object: "rule_set_preview" as const,
    ruleSetId: preview.ruleSetId,
    version: preview.version,
    sourceFileId: preview.request.sourceFileId,
    targetFileId: preview.request.targetFileId,
    limit: preview.request.limit,
    truncated: preview.truncated,
    summary: result.summary,
    counts: {
      matches: result.matchTable.count,
      exceptions: result.exceptions.length,
      issues: { source: preview.issues.source.length, target: preview.issues.target.length },
    },
    matches: Array.from({ length: Math.min(PREVIEW_LISTED, result.matchTable.count) }, (_, index) => serializeMatch(result.matchTable.match(index), sourceRows, targetRows)),
    exceptions: result.exceptions.slice(0, PREVIEW_LISTED).map((exception) => serializeException(exception, sourceRows, targetRows)),
    issues: {
      source: preview.issues.source.slice(0, PREVIEW_ISSUES_LISTED).map(serializeIssue),
      target: preview.issues.target.slice(0, PREVIEW_ISSUES_LISTED).map(serializeIssue),
    },
  };
}

function serializeMatch(match: Match, sourceRows: (row: number) => PreviewRow, targetRows: (row: number) => PreviewRow) {
  return {
    pass: match.pass,
    cardinality: match.cardinality,
    score: match.score,
    reason: match.reason,
    source: match.sourceRows.map(sourceRows),
    target: match.targetRows.map(targetRows),
  };
}

function serializeException(exception: EngineException, sourceRows: (row: number) => PreviewRow, targetRows: (row: number) => PreviewRow) {
  return {
    type: exception.type,
    severity: exception.severity,
    pass: exception.pass,
    amountDifferenceMinor: exception.amountDifferenceMinor,
    currency: exception.currency,
    message: exception.message,
    reason: exception.reason,
    source: exception.sourceRows.map(sourceRows),
    target: exception.targetRows.map(targetRows),
  };
}

function serializeIssue(issue: NormalizeIssue) {
  return { line: issue.line, field: issue.field, column: issue.column, value: issue.value, message: issue.message };
}

/**
 * A row as the engine compared it: its line in the file and the value of each
 * field the side maps (amounts in integer minor units, dates as ISO days).
 */
function rowResolver(definition: RuleSetDefinition, table: CanonicalTable, side: "source" | "target", groupedLines?: number[][]): (row: number) => PreviewRow {
  const fields = [...new Set(definition[side].mappings.map((mapping) => mapping.field))];
  const readers = fields.map((field) => [field, fieldReader(table, field)] as const);
  return (row) => {
    const values: Record<string, PreviewValue> = {};
    for (const [field, read] of readers) values[field] = read(row);
    const lines = groupedLines?.[row];
    const previewRow: PreviewRow = { line: table.raw.provenance.line[row]!, values };
    if (lines && lines.length > 1) previewRow.groupedLines = lines;
    return previewRow;
  };
}

function fieldReader(table: CanonicalTable, field: string): (row: number) => PreviewValue {
  const wholeOrNull = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? null : value);
  if (field === "amount") return (row) => wholeOrNull(table.amountMinor[row]);
  if (field === "currency") return (row) => table.currency[row] ?? null;
  if (field === "date") {
    return (row) => {
      const day = table.date[row];
      return day === undefined || day === NULL_DATE ? null : formatIsoDay(day);
    };
  }
  const text = table.text[field];
  if (text) return (row) => text[row] ?? null;
  const numbers = table.numbers[field];
  if (numbers) return (row) => wholeOrNull(numbers[row]);
  return () => null;
}

// ---- Mapping suggestions

export function suggestMappingsFromSamples(task: MappingSuggestionTask) {
  const suggestion = suggestRuleSet({ source: task.source, target: task.target });
  return {
    object: "mapping_suggestion" as const,
    sourceFileId: task.sourceFileId,
    targetFileId: task.targetFileId,
    sampledRows: { source: task.source.sample.rowCount, target: task.target.sample.rowCount },
    source: suggestion.source,
    target: suggestion.target,
    keyCandidates: suggestion.keyCandidates,
    firstPass: suggestion.firstPass,
    fallbackPass: suggestion.fallbackPass ?? null,
    columnValues: { source: fewValuedColumns(task.source.sample), target: fewValuedColumns(task.target.sample) },
    definition: suggestion.definition,
  };
}

export type PreviewSampleDescription = PreviewSample["description"];

export type MappingSuggestionView = ReturnType<typeof suggestMappingsFromSamples>;
