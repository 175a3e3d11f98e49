import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconcile, type ReconcileOutput } from "~/core/engine/reconcile";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";
import { columnsReadAsStrings, withTextAsBytes } from "../../support/byte-tables";
import { chargesVsPayouts, ordersVsCharges, payoutsVsBank } from "../../support/ecommerce-rule-sets";
import { loadEcommerceSeed } from "../../support/ecommerce-fixtures";

/**
 * Text held as bytes (issue #21) must change nothing but speed and memory:
 * the engine over byte-backed tables gives the JSON the string tables give,
 * byte for byte, and the columns it only keys, filters or deduplicates on
 * never become strings.
 */

/** Everything a caller can observe: the serialized result (matches, exceptions, unmatched, summary), every lane, the issues. */
function observed(output: ReconcileOutput): string {
  const table = (side: ReconcileOutput["source"]) => ({
    amountMinor: Array.from(side.amountMinor),
    currency: side.currency,
    date: Array.from(side.date),
    text: Object.fromEntries(Object.keys(side.text).map((field) => [field, side.text[field]])),
    numbers: Object.fromEntries(Object.entries(side.numbers).map(([field, values]) => [field, Array.from(values)])),
  });
  return JSON.stringify({ result: output.result, source: table(output.source), target: table(output.target), issues: output.issues });
}

function bothWays(source: RawTable, target: RawTable, definition: RuleSetDefinition) {
  const strings = reconcile({ source, target, definition });
  const bytes = reconcile({ source: withTextAsBytes(source), target: withTextAsBytes(target), definition });
  return { strings, bytes };
}

describe("the engine over text held as bytes", () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the e-commerce reconciliations of seed ${seed} exactly as over strings`, async () => {
      const files = await loadEcommerceSeed(seed);
      for (const [source, target, definition] of [
        [files.orders, files.balance, ordersVsCharges],
        [files.balance, files.payouts, chargesVsPayouts],
        [files.payouts, files.bank, payoutsVsBank],
      ] as const) {
        const { strings, bytes } = bothWays(source, target, definition);
        expect(observed(bytes)).toBe(observed(strings));
      }
    });
  }

  it("keys, filters and deduplicates on bytes: those columns never become strings unless an output is read", async () => {
    const files = await loadEcommerceSeed(1);
    const orders = withTextAsBytes(files.orders);
    const balance = withTextAsBytes(files.balance);
    const output = reconcile({ source: orders, target: balance, definition: ordersVsCharges });
    expect(output.result.summary.source.matched).toBeGreaterThan(1000);
    // Name (id key), Email (trim+lower, the second pass's key), Payment Method (filtered on).
    expect(columnsReadAsStrings(orders).filter((name) => ["Name", "Email", "Payment Method"].includes(name))).toEqual([]);
    expect(columnsReadAsStrings(balance).filter((name) => ["payment_metadata[order_id]", "customer_email", "balance_transaction_id", "reporting_category"].includes(name))).toEqual([]);
    const made = (field: string) => Object.getOwnPropertyDescriptor(output.source.text, field)?.get === undefined;
    expect(made("id")).toBe(false);
    // Explanations decode the rows they show, one cell at a time: the whole lane is still never made.
    const explained = JSON.stringify(output.result.exceptions);
    expect(explained).toContain(`"field":"id","source":"${files.orders.cells[files.orders.columns.indexOf("Name")]![output.result.unmatchedSource[0]!]}"`);
    expect(made("id")).toBe(false);
  });

  it("agrees with the string engine on random tables: Unicode, blanks, case and space variants, repeats, mixed forms per side", () => {
    const ids = ["A-1", "a-1", " A-1 ", "B\u00a02", "b 2", "İd-3", "ıd-3", "straße", "STRASSE", "Σ9", "σ9", "x\u30001", "😀7", ""];
    const mails = ["Ann@X.com", " ann@x.com", "ANN@X.COM\t", "bob@y.org", "Bøb@Y.org", "\u2028c@z.io", "c@z.io", "", "d@w.net"];
    const kinds = ["pay", "skip", "Pay", "", "pay"];
    const row = fc.record({
      id: fc.constantFrom(...ids),
      mail: fc.constantFrom(...mails),
      kind: fc.constantFrom(...kinds),
      amount: fc.constantFrom("10.00", "10.01", "9.99", "25.50", "", "7"),
      day: fc.constantFrom("2026-01-01", "2026-01-02", "2026-01-05", ""),
    });
    const tableOf = (rows: Array<{ id: string; mail: string; kind: string; amount: string; day: string }>, names: [string, string, string, string, string]): RawTable => ({
      columns: [...names, "cur"],
      cells: [
        rows.map((r) => r.id || null),
        rows.map((r) => r.mail || null),
        rows.map((r) => r.kind || null),
        rows.map((r) => r.amount || null),
        rows.map((r) => r.day || null),
        rows.map(() => "usd"),
      ],
      rowCount: rows.length,
      provenance: { sourceIds: ["file"], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows, (_, index) => index + 2) },
    });
    const side = (id: string, mail: string, kind: string, amount: string, day: string, idOps: string[]) => ({
      mappings: [
        { field: "id", column: id, transforms: idOps.map((op) => ({ op })) },
        { field: "email", column: mail, transforms: [{ op: "trim" }, { op: "lower" }] },
        { field: "digits", column: id, transforms: [{ op: "digitsOnly" }] },
        { field: "kind", column: kind },
        { field: "amount", column: amount, transforms: [{ op: "parseAmount" }] },
        { field: "date", column: day },
        { field: "currency", column: "cur", transforms: [{ op: "upper" }] },
      ],
    });
    const definition = ruleSetDefinitionSchema.parse({
      source: { ...side("ref", "mail", "kind", "amt", "day", ["trim", "upper"]), filter: 'kind = "pay"', deduplicate: { fields: ["email", "amount"] } },
      target: { ...side("reference", "customer", "type", "gross", "created", ["upper", "trim"]), filter: 'type != "Pay"' },
      passes: [
        { name: "id", keys: ["id"], amount: { toleranceMinor: 1, mismatchOnKeyMatch: true } },
        { name: "email and digits", keys: ["email", "digits"], mustNotConflict: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: false } },
        { name: "email, earliest", keys: ["email"], duplicates: "keepEarliest", date: { windowDays: 3 } },
        { name: "digits to email", keys: [{ source: "digits", target: "email" }], amount: { toleranceMinor: 0, mismatchOnKeyMatch: false } },
      ],
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 40 }), fc.boolean(), fc.boolean(), (sourceRows, targetRows, sourceBytes, targetBytes) => {
        const source = tableOf(sourceRows, ["ref", "mail", "kind", "amt", "day"]);
        const target = tableOf(targetRows, ["reference", "customer", "type", "gross", "created"]);
        const strings = reconcile({ source, target, definition });
        // Either side, or both, held as bytes: a key shared by a byte side and a string side still matches.
        const mixed = reconcile({ source: sourceBytes ? withTextAsBytes(source) : source, target: targetBytes ? withTextAsBytes(target) : target, definition });
        expect(observed(mixed)).toBe(observed(strings));
      }),
      { numRuns: 300 },
    );
  });
});
