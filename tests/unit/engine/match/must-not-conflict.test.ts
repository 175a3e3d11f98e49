import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

/**
 * mustNotConflict: a fallback pass keyed on weaker fields must never pair two
 * rows whose explicit keys say they belong to different documents (issue #19:
 * a receipt for PO 5385 matched to an invoice for PO 5507).
 */

const byPoAndItem = {
  name: "po and item",
  keys: ["po", "item"],
  amount: { field: "quantity", toleranceMinor: 2, mismatchOnKeyMatch: true },
};
const byItemAndVendor = (guarded: boolean) => ({
  name: "item and vendor",
  keys: ["item", "vendor"],
  amount: { field: "quantity", toleranceMinor: 2, mismatchOnKeyMatch: true },
  date: { windowDays: 60 },
  ...(guarded ? { mustNotConflict: ["po"] } : {}),
});

function receipt(po: string | null, quantity: number, date: string) {
  return { amount: 100, date, text: { po, item: "WIDGET-9", vendor: "acme" }, numbers: { quantity } };
}

describe("passes that must not cross an explicit key", () => {
  it("leaves a receipt and an invoice for different POs unmatched on both sides, with no mismatch", () => {
    // The invoice is dated a month before the receipt; the quantities are within tolerance.
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([receipt("05507", 41, "2026-02-10")]);

    const result = matchTables(receipts, invoices, rules([byPoAndItem, byItemAndVendor(true)]));

    expect(result.matches).toEqual([]);
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
    const missing = result.exceptions[0]!;
    expect(missing.reason).toContainEqual({
      field: "po",
      source: "05385",
      target: "05507",
      outcome: "different",
      detail: 'pass "item and vendor" shares the key "WIDGET-9 | acme" but must not cross po',
    });
  });

  it("is the false match of issue #19 when the guard is left out", () => {
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([receipt("05507", 41, "2026-02-10")]);

    const result = matchTables(receipts, invoices, rules([byPoAndItem, byItemAndVendor(false)]));

    expect(matchRows(result)).toEqual([["item and vendor", [0], [0]]]);
  });

  it("raises no amount mismatch for different POs whose quantities are far apart", () => {
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([receipt("05507", 90, "2026-03-14")]);

    const guarded = matchTables(receipts, invoices, rules([byPoAndItem, byItemAndVendor(true)]));
    const unguarded = matchTables(receipts, invoices, rules([byPoAndItem, byItemAndVendor(false)]));

    expect(exceptionRows(guarded)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
    expect(exceptionRows(unguarded)).toEqual([["AMOUNT_MISMATCH", [0], [0]]]);
  });

  it("still pairs a row that has no value for the guarded field", () => {
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([receipt(null, 40, "2026-03-14"), receipt("", 40, "2026-05-30")]);

    const result = matchTables(receipts, invoices, rules([byPoAndItem, byItemAndVendor(true)]));

    expect(matchRows(result)).toEqual([["item and vendor", [0], [0]]]);
    expect(exceptionRows(result)).toEqual([["MISSING_IN_SOURCE", [], [1]]]);
  });

  it("picks the row without a conflicting key when both share the weak key", () => {
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([receipt("05507", 40, "2026-03-12"), receipt(null, 40, "2026-03-13")]);

    const result = matchTables(receipts, invoices, rules([byItemAndVendor(true)]));

    expect(matchRows(result)).toEqual([["item and vendor", [0], [1]]]);
    expect(exceptionRows(result)).toEqual([["MISSING_IN_SOURCE", [], [0]]]);
  });

  it("guards passes without keys: an amount-and-date pass refuses a payout whose reference names another", () => {
    const payouts = sourceTable([
      { amount: 50000, date: "2026-04-01", reference: "po_111" },
      { amount: 50000, date: "2026-04-01", reference: "po_222" },
    ]);
    const bank = targetTable([{ amount: 50000, date: "2026-04-02", reference: "po_222" }, { amount: 50000, date: "2026-04-09", reference: null }]);
    const passes = [{ name: "amount and date", amount: {}, date: { windowDays: 10 }, mustNotConflict: ["reference"] }];

    const result = matchTables(payouts, bank, rules(passes));

    expect(matchRows(result)).toEqual([
      ["amount and date", [0], [1]],
      ["amount and date", [1], [0]],
    ]);
  });

  it("compares a different field on each side when the guard names both", () => {
    const receipts = sourceTable([receipt("05385", 40, "2026-03-12")]);
    const invoices = targetTable([{ amount: 100, date: "2026-03-12", text: { po_ref: "05507", item: "WIDGET-9", vendor: "acme" }, numbers: { quantity: 40 } }]);
    const passes = [{ ...byItemAndVendor(false), mustNotConflict: [{ source: "po", target: "po_ref" }] }];

    const result = matchTables(receipts, invoices, rules(passes));

    expect(result.matches).toEqual([]);
    expect(result.exceptions[0]!.reason).toContainEqual(expect.objectContaining({ field: "po/po_ref", source: "05385", target: "05507" }));
  });

  it("refuses a group whose rows carry another value than the single row", () => {
    const receipts = sourceTable([
      { amount: 100, date: "2026-03-10", text: { po: "05385", item: "WIDGET-9", vendor: "acme" }, numbers: { quantity: 20 } },
      { amount: 100, date: "2026-03-11", text: { po: "05507", item: "WIDGET-9", vendor: "acme" }, numbers: { quantity: 20 } },
    ]);
    const invoices = targetTable([{ amount: 100, date: "2026-03-12", text: { po: "05385", item: "WIDGET-9", vendor: "acme" }, numbers: { quantity: 40 } }]);
    const passes = [{ ...byItemAndVendor(true), cardinality: "N:1" as const, amount: { field: "quantity", aggregate: "sum" as const, mismatchOnKeyMatch: true } }];

    const result = matchTables(receipts, invoices, rules(passes));

    expect(result.matches).toEqual([]);
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_TARGET", [1], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
  });

  it("keeps conflicting source rows out of an amount-only search", () => {
    const payments = sourceTable([
      { amount: 300, date: "2026-04-01", reference: "INV-1" },
      { amount: 700, date: "2026-04-01", reference: "INV-2" },
      { amount: 700, date: "2026-04-02", reference: null },
    ]);
    const bank = targetTable([{ amount: 1000, date: "2026-04-02", reference: "INV-1" }]);
    const passes = [{ name: "sum", amount: {}, amountOnlySearch: { maxGroupSize: 2, windowDays: 3 }, mustNotConflict: ["reference"] }];

    const result = matchTables(payments, bank, rules(passes));

    expect(matchRows(result)).toEqual([["sum", [0, 2], [0]]]);
  });
});
