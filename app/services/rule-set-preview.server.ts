import type { OrgContext } from "~/auth/actor";
import { ValidationFailed, type ProblemLocation } from "~/domain/errors";
import { MatchConfigurationError } from "~/engine/match/errors";
import { NormalizeDefinitionError, formatIsoDay, validateSideAgainstColumns, type NormalizeIssue } from "~/engine/normalize";
import { selectRawRows } from "~/engine/raw-table";
import { reconcile } from "~/engine/reconcile";
import type { RuleSetDefinition } from "~/engine/rule-set";
import { NULL_DATE, type CanonicalTable, type EngineException, type EngineResult, type Match, type RawTable } from "~/engine/types";
import type { FileProfile } from "~/ingest";
import { loadReadyFile, readReadyFile, type ReadyFile } from "./files/ready-files.server";
import { assertDefinitionIsConsistent, getRuleSet, getRuleSetVersion } from "./rule-sets.server";

/**
 * Runs a rule set against two uploaded files, synchronously, and shows what
 * it would match, without storing anything: no run, no artifact, no audit
 * event (a preview changes nothing, which is why org:read suffices).
 *
 * Cost: each file is parsed only up to `limit` + 1 rows (the extra row tells
 * whether it was truncated), so memory is bounded by the limit; its bytes are
 * still read to the end to verify their sha256 (see streamStoredObject).
 */

export const PREVIEW_MAX_ROWS = 10_000;
/** Matches and exceptions listed in full; `counts` has the totals. */
export const PREVIEW_LISTED = 200;
/** Normalization issues listed per side. */
export const PREVIEW_ISSUES_LISTED = 100;

export interface PreviewRequest {
  sourceFileId: string;
  targetFileId: string;
  limit: number;
  version?: number;
}

export interface RuleSetPreview {
  /** Null for a draft definition that is not stored yet (Quick Run's live preview). */
  ruleSetId: string | null;
  version: number | null;
  request: PreviewRequest;
  definition: RuleSetDefinition;
  truncated: { source: boolean; target: boolean };
  result: EngineResult;
  source: CanonicalTable;
  target: CanonicalTable;
  issues: { source: NormalizeIssue[]; target: NormalizeIssue[] };
}

export async function previewRuleSet(ctx: OrgContext, ruleSetId: string, request: PreviewRequest): Promise<RuleSetPreview> {
  const { version, definition } = await loadDefinition(ctx, ruleSetId, request.version);
  return previewAgainstFiles(ctx, { ruleSetId, version, definition }, request);
}

/**
 * The same preview for a definition nobody has saved: a wizard shows what
 * its draft would match while the user edits it, without minting a rule set
 * (or a version) per keystroke. Problems point into the definition
 * (`/definition/...`), as they would on POST /api/v1/rule-sets.
 */
export async function previewDraftDefinition(
  ctx: OrgContext,
  definition: RuleSetDefinition,
  request: Omit<PreviewRequest, "version">,
): Promise<RuleSetPreview> {
  assertDefinitionIsConsistent(definition);
  return previewAgainstFiles(ctx, { ruleSetId: null, version: null, definition }, request);
}

async function previewAgainstFiles(
  ctx: OrgContext,
  subject: { ruleSetId: string | null; version: number | null; definition: RuleSetDefinition },
  request: PreviewRequest,
): Promise<RuleSetPreview> {
  const { ruleSetId, version, definition } = subject;
  const { source: sourceFile, target: targetFile } = await loadReadyFilePair(ctx, request);
  assertDefinitionFitsFiles(definition, sourceFile.profile, targetFile.profile);

  const limit = Math.min(request.limit, PREVIEW_MAX_ROWS);
  const [sourceTable, targetTable] = await Promise.all([
    readReadyFile(ctx, sourceFile.file, undefined, limit + 1),
    readReadyFile(ctx, targetFile.file, undefined, limit + 1),
  ]);
  const source = firstRows(sourceTable, limit);
  const target = firstRows(targetTable, limit);

  const output = runEngine(definition, source.table, target.table);
  return {
    ruleSetId,
    version,
    request: { ...request, limit },
    definition,
    truncated: { source: source.truncated, target: target.truncated },
    result: output.result,
    source: output.source,
    target: output.target,
    issues: output.issues,
  };
}

async function loadDefinition(ctx: OrgContext, ruleSetId: string, version: number | undefined): Promise<{ version: number; definition: RuleSetDefinition }> {
  if (version === undefined) {
    const { latestVersion } = await getRuleSet(ctx, ruleSetId);
    return { version: latestVersion.version, definition: latestVersion.definition };
  }
  const row = await getRuleSetVersion(ctx, ruleSetId, version);
  return { version: row.version, definition: row.definition };
}

/** One after the other, so a request with two bad files always reports the source's problem. */
async function loadReadyFilePair(ctx: OrgContext, request: { sourceFileId: string; targetFileId: string }): Promise<{ source: ReadyFile; target: ReadyFile }> {
  const source = await loadReadyFile(ctx, request.sourceFileId);
  const target = await loadReadyFile(ctx, request.targetFileId);
  return { source, target };
}

/** Mappings naming columns a file lacks (and the like) are the client's to fix: 422 with pointers into the definition. */
export function assertDefinitionFitsFiles(definition: RuleSetDefinition, sourceProfile: FileProfile, targetProfile: FileProfile): void {
  const columnsOf = (profile: FileProfile) => profile.columns.map((column) => column.name);
  const issues = [
    ...validateSideAgainstColumns(definition.source, columnsOf(sourceProfile), "/definition/source", definition.lookups),
    ...validateSideAgainstColumns(definition.target, columnsOf(targetProfile), "/definition/target", definition.lookups),
  ];
  if (issues.length === 0) return;
  throw new ValidationFailed(`The rule set does not fit the files: ${issues.length} problem${issues.length === 1 ? "" : "s"}`, {
    errors: issues.map((issue) => ({ pointer: issue.pointer, message: issue.message })),
  });
}

function firstRows(table: RawTable, limit: number): { table: RawTable; truncated: boolean } {
  if (table.rowCount <= limit) return { table, truncated: false };
  return { table: selectRawRows(table, Uint32Array.from({ length: limit }, (_, row) => row)), truncated: true };
}

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
    if (error instanceof MatchConfigurationError) {
      const passIndex = error.passName === null ? -1 : definition.passes.findIndex((pass) => pass.name === error.passName);
      const location: ProblemLocation = { message: error.message };
      if (passIndex >= 0) location.pointer = `/definition/passes/${passIndex}`;
      throw new ValidationFailed("The rule set cannot run against these files", { errors: [location] });
    }
    throw error;
  }
}

// ---- Shapes

type PreviewValue = string | number | null;

interface PreviewRow {
  line: number;
  values: Record<string, PreviewValue>;
}

export function serializeRuleSetPreview(preview: RuleSetPreview) {
  const { result } = preview;
  const rowsOf = (side: "source" | "target") => rowResolver(preview.definition, side === "source" ? preview.source : preview.target, side);
  const sourceRows = rowsOf("source");
  const targetRows = rowsOf("target");
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
function rowResolver(definition: RuleSetDefinition, table: CanonicalTable, side: "source" | "target"): (row: number) => PreviewRow {
  const fields = [...new Set(definition[side].mappings.map((mapping) => mapping.field))];
  const readers = fields.map((field) => [field, fieldReader(table, field)] as const);
  return (row) => {
    const values: Record<string, PreviewValue> = {};
    for (const [field, read] of readers) values[field] = read(row);
    return { line: table.raw.provenance.line[row]!, values };
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
