import { and, eq, inArray } from "drizzle-orm";
import { humanExceptionMessage, sideName } from "~/core/exceptions/human-message";
import type { ExceptionRowRef, ResolvedInput } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";
import { reconciliationStepRuns, uploadedFiles } from "~/platform/db/schema";

/**
 * Exception messages as people read them, put in as rows are read (list,
 * detail, export, dashboard): the engine stored ids, the reader gets file
 * names and lines (core/exceptions/human-message.ts). Two lookups per page,
 * each by primary key for the page's distinct ids, scoped to the org.
 */
interface MessageRow {
  type: string;
  message: string;
  stepRunId: string;
  streamRunId: string;
  sourceRows: ExceptionRowRef[];
  targetRows: ExceptionRowRef[];
}

const distinct = (values: string[]) => [...new Set(values)];

export async function withHumanMessages<T extends MessageRow>(tx: Tx, orgId: string, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const fileIds = distinct(rows.flatMap((row) => [...row.sourceRows, ...row.targetRows].map((ref) => ref.sourceId)));
  const stepRunIds = distinct(rows.map((row) => row.stepRunId));
  const files = fileIds.length
    ? await tx.select({ id: uploadedFiles.id, name: uploadedFiles.name }).from(uploadedFiles).where(and(eq(uploadedFiles.orgId, orgId), inArray(uploadedFiles.id, fileIds)))
    : [];
  const stepRuns = await tx
    .select({ id: reconciliationStepRuns.id, runId: reconciliationStepRuns.runId, inputs: reconciliationStepRuns.resolvedInputs })
    .from(reconciliationStepRuns)
    .where(and(eq(reconciliationStepRuns.orgId, orgId), inArray(reconciliationStepRuns.id, stepRunIds)));
  const fileNames = new Map(files.map((file) => [file.id, file.name]));
  const sidesByStepRun = new Map(
    stepRuns.map((stepRun) => {
      const inputs: { source?: ResolvedInput; target?: ResolvedInput } = stepRun.inputs ?? {};
      return [stepRun.id, { source: sideName(inputs.source, stepRun.runId), target: sideName(inputs.target, stepRun.runId) }] as const;
    }),
  );
  return rows.map((row) => ({ ...row, message: humanExceptionMessage(row, { fileNames, sides: sidesByStepRun.get(row.stepRunId) ?? { source: null, target: null } }) }));
}
