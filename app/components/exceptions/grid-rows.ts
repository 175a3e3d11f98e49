import type { serializeException } from "~/api/views/exceptions";

/**
 * What the exceptions grid shows per row, shaped from the API's exception on
 * the server: the grid needs a dozen fields, not both sides' original rows.
 */
type RowRefs = ReturnType<typeof serializeException>["sourceRows"];

/** The money a side's rows stand for, as the manual-match service sums it (null when a row has no amount). */
function sumOfAmounts(rows: RowRefs): number | null {
  let total = 0;
  for (const row of rows) {
    const amount = row.values.amount;
    if (amount === null || amount === undefined || amount === "") return null;
    total += Number(amount);
  }
  return total;
}

/** An exception can stand on one side of a manual match when its rows are on that side only. */
function matchSideOf(exception: ReturnType<typeof serializeException>) {
  if (exception.sourceRows.length > 0 && exception.targetRows.length === 0) return { side: "source" as const, sideAmountMinor: sumOfAmounts(exception.sourceRows) };
  if (exception.targetRows.length > 0 && exception.sourceRows.length === 0) return { side: "target" as const, sideAmountMinor: sumOfAmounts(exception.targetRows) };
  return { side: null, sideAmountMinor: null };
}

export function toGridRow(exception: ReturnType<typeof serializeException>) {
  const first = exception.sourceRows[0] ?? exception.targetRows[0];
  return {
    ...matchSideOf(exception),
    id: exception.id,
    type: exception.type,
    severity: exception.severity,
    status: exception.status,
    message: exception.message,
    amountMinor: exception.amountMinor,
    currency: exception.currency,
    assigneeId: exception.assigneeId,
    stepKey: exception.stepKey,
    ageDays: exception.ageDays,
    dueAt: exception.dueAt,
    overdue: exception.overdue,
    firstSeenAt: exception.firstSeenAt,
    reference: first ? String(first.values.reference ?? first.values.id ?? "") : "",
  };
}

export type GridRow = ReturnType<typeof toGridRow>;
