import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import type { CanonicalTable } from "~/core/engine/types";
import { rules, shuffledOrder } from "./factory";

/**
 * 200k × 200k through the keyed path, built straight into typed columns (a
 * factory of row objects would dominate the run). Counts only: timings are
 * measured outside the test suite.
 */
const ROWS = 200_000;
const FIRST_DAY = 20_458; // 2026-01-05

function columns(ids: Array<string | null>, amounts: number[], days: number[], file: string): CanonicalTable {
  const rowCount = ids.length;
  return {
    rowCount,
    raw: { columns: [], cells: [], rowCount, provenance: { sourceIds: [file], sourceIndex: new Uint32Array(rowCount), line: Uint32Array.from({ length: rowCount }, (_, row) => row + 2) } },
    amountMinor: Float64Array.from(amounts),
    currency: new Array<string | null>(rowCount).fill("USD"),
    date: Int32Array.from(days),
    text: { id: ids },
    numbers: {},
  };
}

describe("scale", () => {
  it("reconciles 200k orders against 200k charges with exact counts", () => {
    const sourceIds: string[] = [];
    const sourceAmounts: number[] = [];
    const sourceDays: number[] = [];
    const targetIds: Array<string | null> = [];
    const targetAmounts: number[] = [];
    const targetDays: number[] = [];
    for (let i = 0; i < ROWS; i++) {
      const amount = 1000 + (i % 9973);
      const day = FIRST_DAY + (i % 60);
      sourceIds.push(`#${1001 + i}`);
      sourceAmounts.push(amount);
      sourceDays.push(day);
      if (i % 100 === 0) continue; // never charged: MISSING_IN_TARGET
      const captured = i % 100 === 1 ? amount - 500 : i % 100 === 2 ? amount + 1 : amount; // short capture; one-cent rounding
      targetIds.push(`#${1001 + i}`);
      targetAmounts.push(captured);
      targetDays.push(day);
      if (i % 250 === 3) {
        // A second capture of the same order a day later: DUPLICATE.
        targetIds.push(`#${1001 + i}`);
        targetAmounts.push(captured);
        targetDays.push(day + 1);
      }
    }
    while (targetIds.length < ROWS) {
      targetIds.push(`#${ROWS + 101001 + targetIds.length}`); // charges with no order: MISSING_IN_SOURCE
      targetAmounts.push(777);
      targetDays.push(FIRST_DAY);
    }
    const order = shuffledOrder(ROWS, 42);
    const target = columns(
      order.map((index) => targetIds[index]!),
      order.map((index) => targetAmounts[index]!),
      order.map((index) => targetDays[index]!),
      "charges.csv",
    );
    const source = columns(sourceIds, sourceAmounts, sourceDays, "orders.csv");

    const result = matchTables(source, target, rules([{ name: "order id", keys: ["id"], amount: { toleranceMinor: 1 }, date: { windowDays: 2 }, duplicates: "keepEarliest" }]));

    expect(result.summary.matchesByPass).toEqual({ "order id": 196_000 });
    expect(result.summary.exceptionsByType).toEqual({ MISSING_IN_TARGET: 2_000, MISSING_IN_SOURCE: 1_200, AMOUNT_MISMATCH: 2_000, DUPLICATE: 800 });
    expect(result.summary.source).toMatchObject({ rows: 200_000, matched: 196_000, unmatched: 4_000, excluded: 0 });
    expect(result.summary.target).toMatchObject({ rows: 200_000, matched: 196_000, unmatched: 4_000, excluded: 0 });
    expect(result.unmatchedSource).toHaveLength(4_000);
    expect(result.unmatchedTarget).toHaveLength(4_000);
  });
});
