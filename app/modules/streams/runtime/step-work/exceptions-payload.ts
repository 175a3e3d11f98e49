import type { ExceptionType } from "~/core/engine/types";
import { newId } from "~/platform/db/ids";
import type { ExceptionRecord } from "../exception-records";

/**
 * A step's exception records as the commit inserts them: JSON batches with
 * the column names of the exceptions table, ids minted here. Built in the
 * step's thread, so the orchestrating thread neither receives thousands of
 * objects nor serialises them again; a string crosses threads as one copy.
 */
export const EXCEPTION_BATCH_ROWS = 2_000;

export function exceptionPayload(records: readonly ExceptionRecord[]): {
  exceptionBatches: string[];
  exceptionCount: number;
  exceptionsByType: Partial<Record<ExceptionType, number>>;
} {
  const exceptionsByType: Partial<Record<ExceptionType, number>> = {};
  const exceptionBatches: string[] = [];
  for (let start = 0; start < records.length; start += EXCEPTION_BATCH_ROWS) {
    const rows = records.slice(start, start + EXCEPTION_BATCH_ROWS).map((record) => {
      const id = newId("exception");
      exceptionsByType[record.type as ExceptionType] = (exceptionsByType[record.type as ExceptionType] ?? 0) + 1;
      return {
        id,
        case_id: id,
        ordinal: record.ordinal,
        type: record.type,
        severity: record.severity,
        pass: record.pass,
        message: record.message,
        amount_minor: record.amountMinor,
        amount_difference_minor: record.amountDifferenceMinor,
        currency: record.currency,
        source_rows: record.sourceRows,
        target_rows: record.targetRows,
        reason: record.reason,
        fingerprint: record.fingerprint,
        search_text: record.searchText,
      };
    });
    exceptionBatches.push(JSON.stringify(rows));
  }
  return { exceptionBatches, exceptionCount: records.length, exceptionsByType };
}
