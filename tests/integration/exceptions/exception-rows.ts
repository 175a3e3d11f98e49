import { getDb } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { exceptions } from "~/platform/db/schema";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";
import type { StreamRunRows } from "../../support/stream-rows";

/**
 * Exceptions written straight into a finished run's step (as the table
 * owner, as the runtime would), so triage tests need no engine run. Each
 * gets its own case, like a first sighting.
 */
export interface ExceptionSpec {
  type?: string;
  severity?: string;
  amountMinor?: number | null;
  currency?: string | null;
  side?: "source" | "target" | "both";
  reference?: string;
  description?: string;
  firstSeenAt?: Date;
}

export function rowRef(sourceId: string, line: number, values: Record<string, string | number | null>): ExceptionRowRef {
  return { sourceId, line, values, raw: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === null ? null : String(value)])) };
}

/** Ordinals past any the engine would write, unique across calls on one step run. */
let nextOrdinal = 1_000_000;

export async function insertExceptions(orgId: string, run: StreamRunRows, specs: ExceptionSpec[], stepIndex = 0): Promise<string[]> {
  const stepRun = run.stepRuns[stepIndex]!;
  const fileId = run.inputFiles[0]!.id;
  const rows = specs.map((spec, ordinal) => {
    const id = newId("exception");
    const amountMinor = spec.amountMinor === undefined ? 1000 : spec.amountMinor;
    const values = { id: spec.reference ?? `R-${ordinal}`, reference: spec.reference ?? `R-${ordinal}`, description: spec.description ?? `item ${ordinal}`, amount: amountMinor };
    const side = spec.side ?? "source";
    const ref = rowRef(fileId, ordinal + 2, values);
    return {
      id,
      caseId: id,
      orgId,
      streamId: run.streamId,
      streamRunId: run.runId,
      stepRunId: stepRun.id,
      stepKey: stepRun.key,
      ordinal: nextOrdinal++,
      type: spec.type ?? (side === "target" ? "MISSING_IN_SOURCE" : "MISSING_IN_TARGET"),
      severity: spec.severity ?? "medium",
      message: "no counterpart",
      amountMinor,
      currency: spec.currency === undefined ? "EUR" : spec.currency,
      sourceRows: side === "target" ? [] : [ref],
      targetRows: side === "source" ? [] : [ref],
      reason: [],
      fingerprint: `fp-${id}`,
      searchText: `${values.reference} ${values.description}`.toLowerCase(),
      firstSeenAt: spec.firstSeenAt ?? new Date(),
    };
  });
  for (let start = 0; start < rows.length; start += 1000) await getDb().insert(exceptions).values(rows.slice(start, start + 1000));
  return rows.map((row) => row.id);
}
