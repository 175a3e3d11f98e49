import { describe, expect, it } from "vitest";
import { humanExceptionMessage, humanizeProvenance, placesOf, sideName } from "~/core/exceptions/human-message";
import { matchTables } from "~/core/engine/match";
import type { CanonicalTable, EngineException } from "~/core/engine/types";
import { rules, table } from "../engine/match/factory";

/**
 * Exception messages in words (issue #20 §3): the engine's messages, made
 * with file ids as provenance the way a run makes them, read with file names
 * and lines and no id left in the sentence.
 */
const ORDERS = "file_01JD8ZK3W6ORDERS0000000";
const PAYMENTS = "file_01JD8ZK3W6PAYMENTS00000";
const fileNames = new Map([
  [ORDERS, "shopify_orders.csv"],
  [PAYMENTS, "stripe_balance.csv"],
]);
const names = { fileNames, sides: { source: "shopify_orders.csv", target: "stripe_balance.csv" } };

function placesIn(tableOf: CanonicalTable, rows: readonly number[]) {
  const { sourceIds, sourceIndex, line } = tableOf.raw.provenance;
  return rows.map((row) => ({ sourceId: sourceIds[sourceIndex[row]!]!, line: line[row]! }));
}

function words(exception: EngineException, source: CanonicalTable, target: CanonicalTable): string {
  return humanExceptionMessage({ type: exception.type, message: exception.message, sourceRows: placesIn(source, exception.sourceRows), targetRows: placesIn(target, exception.targetRows) }, names);
}

describe("exception messages in words", () => {
  it("names the file and line of a missing row and the file it has no counterpart in, for both sides", () => {
    const source = table([{ id: "A", amount: 100, line: 12 }, { id: "B", amount: 200, line: 66 }], ORDERS);
    const target = table([{ id: "A", amount: 100, line: 4 }, { id: "Z", amount: 700, line: 9 }], PAYMENTS);
    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"] }]));
    const messages = result.exceptions.map((exception) => [exception.type, words(exception, source, target)]);
    expect(messages).toEqual([
      ["MISSING_IN_TARGET", "shopify_orders.csv line 66 has no counterpart in stripe_balance.csv"],
      ["MISSING_IN_SOURCE", "stripe_balance.csv line 9 has no counterpart in shopify_orders.csv"],
    ]);
    // The engine's own message carried the id; the words do not.
    expect(result.exceptions[0]!.message).toContain(ORDERS);
    for (const [, message] of messages) expect(message).not.toMatch(/file_/);
  });

  it("turns every id in other messages into a file name and line, keeping the rule's explanation", () => {
    const source = table([{ id: "A", amount: 100, line: 3 }, { id: "A", amount: 100, line: 5 }], ORDERS);
    const target = table([{ id: "A", amount: 150, line: 7 }], PAYMENTS);
    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: true } }]));
    expect(result.exceptions.length).toBeGreaterThan(0);
    for (const exception of result.exceptions) {
      const message = words(exception, source, target);
      expect(message, exception.message).not.toMatch(/file_/);
      // Every place the engine named is named by file and line.
      for (const [, id, line] of exception.message.matchAll(/(file_[0-9A-Z]+):(\d+)/g)) expect(message).toContain(`${fileNames.get(id!)} line ${line}`);
    }
  });

  it("reads the engine's duplicate and scope messages as sentences", () => {
    expect(humanizeProvenance(`Source row ${ORDERS}:5 repeats row ${ORDERS}:3, which was kept for matching`, fileNames)).toBe(
      "shopify_orders.csv line 5 repeats shopify_orders.csv line 3, which was kept for matching",
    );
    expect(humanizeProvenance(`Target row ${PAYMENTS}:8 is outside the target scope filter and was not compared`, fileNames)).toBe(
      "stripe_balance.csv line 8 is outside the target scope filter and was not compared",
    );
    expect(humanizeProvenance(`Key "SO-1" is shared by 2 source rows (${ORDERS}:2, ${ORDERS}:9 +1 row) and 1 target row (${PAYMENTS}:4): ambiguous`, fileNames)).toBe(
      'Key "SO-1" is shared by 2 source rows (shopify_orders.csv line 2, shopify_orders.csv line 9 +1 row) and 1 target row (stripe_balance.csv line 4): ambiguous',
    );
  });

  it("says a file is no longer stored rather than spelling its id, and leaves key values that only look like ids", () => {
    expect(humanizeProvenance("Source row file_01JD8ZK3W6GONE000000000:4 has no target counterpart", fileNames)).toBe("a file no longer stored line 4 has no target counterpart");
    expect(humanizeProvenance('Key "inv_2024:7" matched, but amount: 1.00 ≠ 2.00', fileNames)).toBe('Key "inv_2024:7" matched, but amount: 1.00 ≠ 2.00');
  });

  it("falls back to the side when the step's inputs are not known (an old run)", () => {
    const subject = { type: "MISSING_IN_TARGET", message: `Source row ${ORDERS}:2 has no target counterpart`, sourceRows: [{ sourceId: ORDERS, line: 2 }], targetRows: [] };
    expect(humanExceptionMessage(subject, { fileNames, sides: { source: null, target: null } })).toBe("shopify_orders.csv line 2 has no counterpart in the target");
  });

  it("names a step input by its file, or by the upstream step whose leftovers it read", () => {
    expect(sideName({ kind: "FILE", fileName: "bank.csv" }, "run_1")).toBe("bank.csv");
    expect(sideName({ kind: "STEP_OUTPUT_UNMATCHED_TARGET", fileName: "run_1-payouts_bank-unmatched_target.csv.gz" }, "run_1")).toBe("the rows step payouts_bank left unmatched");
    expect(sideName({ kind: "STEP_OUTPUT_MATCHED", fileName: "elsewhere.csv.gz" }, "run_1")).toBe("the rows the step before matched");
    expect(sideName(null, "run_1")).toBeNull();
  });

  it("lists several rows of a file once, lines in order", () => {
    expect(placesOf([{ sourceId: ORDERS, line: 12 }, { sourceId: ORDERS, line: 4 }, { sourceId: PAYMENTS, line: 2 }], fileNames)).toBe("shopify_orders.csv lines 4 and 12; stripe_balance.csv line 2");
  });
});
