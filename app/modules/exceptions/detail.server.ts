import { and, asc, eq, inArray } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import type { FieldComparison } from "~/core/engine/types";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";
import type { ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import type { Tx } from "~/platform/db/client";
import { exceptionEvents, exceptions, reconciliationArtifacts, reconciliationStepRuns, ruleSetVersions, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { withHumanMessages } from "./human-messages.server";
import { readSlaDays } from "./sla.server";

/**
 * One exception as an analyst works it: both sides next to each other with
 * the differing fields marked, the pass that came closest and why it did not
 * match, where each row came from, and the case's history.
 */
export async function getExceptionDetail(ctx: OrgContext, id: string) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [stored] = await tx.select().from(exceptions).where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.id, id)));
    if (!stored) throw new NotFound("exception", id);
    const [row] = await withHumanMessages(tx, ctx.orgId, [stored]);
    if (!row) throw new NotFound("exception", id);
    const sla = await readSlaDays(tx, ctx.orgId);
    const events = await selectCaseEvents(tx, ctx.orgId, row.caseId ?? row.id);
    return {
      row,
      sla,
      comparison: compareSides(row.sourceRows, row.targetRows, row.reason),
      closestRule: await closestRuleOf(tx, ctx.orgId, row),
      provenance: await provenanceOf(tx, ctx.orgId, row),
      events,
    };
  });
}

export type ExceptionEventRow = typeof exceptionEvents.$inferSelect;
export type ExceptionDetail = Awaited<ReturnType<typeof getExceptionDetail>>;

export async function selectCaseEvents(tx: Tx, orgId: string, caseId: string) {
  return tx
    .select()
    .from(exceptionEvents)
    .where(and(eq(exceptionEvents.orgId, orgId), eq(exceptionEvents.caseId, caseId)))
    .orderBy(asc(exceptionEvents.id));
}

export async function listExceptionEvents(ctx: OrgContext, id: string, options: { limit: number; cursor?: string }) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx.select({ caseId: exceptions.caseId }).from(exceptions).where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.id, id)));
    if (!row) throw new NotFound("exception", id);
    const events = await selectCaseEvents(tx, ctx.orgId, row.caseId ?? id);
    const after = options.cursor ? events.filter((event) => event.id > options.cursor!) : events;
    const data = after.slice(0, options.limit);
    return { data, nextCursor: after.length > options.limit ? data.at(-1)!.id : null };
  });
}

interface FieldDiff {
  field: string;
  source: string | number | null;
  target: string | number | null;
  differs: boolean;
  /** The engine's own comparison of this field, when a pass compared it. */
  comparison: FieldComparison | null;
}

/** Several rows on a side (an N:1 group) show their amounts summed and their other values joined. */
function sideValue(rows: ExceptionRowRef[], field: string): string | number | null {
  const values = rows.map((row) => row.values[field] ?? null).filter((value) => value !== null);
  if (values.length === 0) return null;
  if (field === "amount") return values.reduce<number>((total, value) => total + Number(value), 0);
  const distinct = [...new Set(values.map(String))];
  return distinct.length === 1 ? values[0]! : distinct.join(", ");
}

export function compareSides(sourceRows: ExceptionRowRef[], targetRows: ExceptionRowRef[], reason: FieldComparison[]): FieldDiff[] {
  const fields = new Set<string>();
  for (const row of [...sourceRows, ...targetRows]) for (const field of Object.keys(row.values)) fields.add(field);
  const byField = new Map(reason.map((comparison) => [comparison.field, comparison]));
  return [...fields].sort().map((field) => {
    const source = sideValue(sourceRows, field);
    const target = sideValue(targetRows, field);
    const comparison = byField.get(field) ?? null;
    const differs = comparison ? comparison.outcome === "different" : sourceRows.length > 0 && targetRows.length > 0 && String(source) !== String(target);
    return { field, source, target, differs, comparison };
  });
}

async function closestRuleOf(tx: Tx, orgId: string, row: ExceptionRow) {
  const [stepRun] = await tx
    .select({ ruleSetVersionId: reconciliationStepRuns.ruleSetVersionId })
    .from(reconciliationStepRuns)
    .where(and(eq(reconciliationStepRuns.orgId, orgId), eq(reconciliationStepRuns.id, row.stepRunId)));
  const [version] = stepRun?.ruleSetVersionId
    ? await tx
        .select({ id: ruleSetVersions.id, ruleSetId: ruleSetVersions.ruleSetId, version: ruleSetVersions.version, definition: ruleSetVersions.definition })
        .from(ruleSetVersions)
        .where(and(eq(ruleSetVersions.orgId, orgId), eq(ruleSetVersions.id, stepRun.ruleSetVersionId)))
    : [];
  const passes = version?.definition.passes ?? [];
  const pass = row.pass ? (passes.find((candidate) => candidate.name === row.pass) ?? null) : null;
  const failed = row.reason.filter((comparison) => comparison.outcome === "different");
  // A leftover (MISSING_*) was never paired by any pass: no pass came closer than another, so none is named.
  const why = pass
    ? failed.length > 0
      ? failed.map((comparison) => comparison.detail).join("; ")
      : row.message
    : `${row.message} — no pass found a candidate on the other side sharing its keys`;
  return {
    ruleSetId: version?.ruleSetId ?? null,
    ruleSetVersion: version?.version ?? null,
    pass: pass ? { name: pass.name, keys: pass.keys ?? [], definition: pass } : null,
    why,
    failedComparisons: failed,
  };
}

async function provenanceOf(tx: Tx, orgId: string, row: ExceptionRow) {
  const sourceIds = [...new Set([...row.sourceRows, ...row.targetRows].map((ref) => ref.sourceId))];
  const files = sourceIds.length
    ? await tx
        .select({ id: uploadedFiles.id, name: uploadedFiles.name, kind: uploadedFiles.kind, sha256: uploadedFiles.sha256 })
        .from(uploadedFiles)
        .where(and(eq(uploadedFiles.orgId, orgId), inArray(uploadedFiles.id, sourceIds)))
    : [];
  const fileById = new Map(files.map((file) => [file.id, file]));
  const [artifact] = await tx
    .select({ id: reconciliationArtifacts.id, fileId: reconciliationArtifacts.fileId })
    .from(reconciliationArtifacts)
    .where(and(eq(reconciliationArtifacts.orgId, orgId), eq(reconciliationArtifacts.stepRunId, row.stepRunId), eq(reconciliationArtifacts.artifactType, "EXCEPTIONS")));
  const refOf = (side: "source" | "target") => (ref: ExceptionRowRef) => {
    const file = fileById.get(ref.sourceId);
    return { side, fileId: ref.sourceId, fileName: file?.name ?? null, fileKind: file?.kind ?? null, sha256: file?.sha256 ?? null, line: ref.line };
  };
  return {
    rows: [...row.sourceRows.map(refOf("source")), ...row.targetRows.map(refOf("target"))],
    streamRunId: row.streamRunId,
    stepRunId: row.stepRunId,
    stepKey: row.stepKey,
    exceptionsArtifactId: artifact?.id ?? null,
    ordinal: row.ordinal,
  };
}
