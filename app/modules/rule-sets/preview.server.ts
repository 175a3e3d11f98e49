import type { OrgContext } from "~/core/access";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { validateSideAgainstColumns } from "~/core/engine/normalize";
import { selectRawRows } from "~/core/engine/raw-table";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";
import type { FileProfile } from "~/core/ingest";
import { loadReadyFile, readReadyFile, type ReadyFile } from "~/modules/files/index.server";
import { computeRuleSetPreview } from "./preview-pool/preview-pool.server";
import type { RuleSetPreviewView } from "./preview-pool/preview-work";
import { assertDefinitionIsConsistent } from "./definition-checks";
import { getRuleSet, getRuleSetVersion } from "./rule-sets.server";

/**
 * Runs a rule set against two uploaded files, while the caller waits, and
 * shows what it would match, without storing anything: no run, no artifact,
 * no audit event (a preview changes nothing, which is why org:read
 * suffices). Files are read here; the engine runs on the preview pool
 * (preview-pool/), within PREVIEW_BUDGET_MS, never on the event loop.
 *
 * Quick Run's draft preview instead draws a representative sample (source
 * rows at random, the target rows sharing their keys, a random slice of the
 * rest; app/core/engine/preview-sample.ts) from up to PREVIEW_SCAN_ROWS of
 * each file, and says what the sample is.
 *
 * Cost: each file is parsed only up to `limit` + 1 rows (the extra row tells
 * whether it was truncated), so memory is bounded by the limit; its bytes are
 * still read to the end to verify their sha256 (see streamStoredObject).
 */

export const PREVIEW_MAX_ROWS = 10_000;
/**
 * Rows of each file a representative sample is drawn from: enough for the
 * exports people upload to Quick Run, bounded so one preview cannot read a
 * file of millions into the web process.
 */
export const PREVIEW_SCAN_ROWS = 200_000;
export { PREVIEW_ISSUES_LISTED, PREVIEW_LISTED, type RuleSetPreviewView } from "./preview-pool/preview-work";

export interface PreviewRequest {
  sourceFileId: string;
  targetFileId: string;
  limit: number;
  version?: number;
}

export async function previewRuleSet(ctx: OrgContext, ruleSetId: string, request: PreviewRequest): Promise<RuleSetPreviewView> {
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
): Promise<RuleSetPreviewView> {
  assertDefinitionIsConsistent(definition);
  return previewAgainstFiles(ctx, { ruleSetId: null, version: null, definition }, request, { representative: true });
}

async function previewAgainstFiles(
  ctx: OrgContext,
  subject: { ruleSetId: string | null; version: number | null; definition: RuleSetDefinition },
  request: PreviewRequest,
  options: { representative?: boolean } = {},
): Promise<RuleSetPreviewView> {
  const { ruleSetId, version, definition } = subject;
  const { source: sourceFile, target: targetFile } = await loadReadyFilePair(ctx, request);
  assertDefinitionFitsFiles(definition, sourceFile.profile, targetFile.profile);

  const limit = Math.min(request.limit, PREVIEW_MAX_ROWS);
  if (options.representative) {
    // The sample is drawn from (up to PREVIEW_SCAN_ROWS of) each whole file, on the preview pool.
    const [source, target] = await Promise.all([
      readReadyFile(ctx, sourceFile.file, undefined, PREVIEW_SCAN_ROWS),
      readReadyFile(ctx, targetFile.file, undefined, PREVIEW_SCAN_ROWS),
    ]);
    return computeRuleSetPreview({ kind: "rule-set-preview", ruleSetId, version, request: { ...request, limit }, definition, truncated: { source: false, target: false }, source, target, sample: true });
  }
  const [sourceTable, targetTable] = await Promise.all([
    readReadyFile(ctx, sourceFile.file, undefined, limit + 1),
    readReadyFile(ctx, targetFile.file, undefined, limit + 1),
  ]);
  const source = firstRows(sourceTable, limit);
  const target = firstRows(targetTable, limit);

  return computeRuleSetPreview({
    kind: "rule-set-preview",
    ruleSetId,
    version,
    request: { ...request, limit },
    definition,
    truncated: { source: source.truncated, target: target.truncated },
    source: source.table,
    target: target.table,
  });
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
