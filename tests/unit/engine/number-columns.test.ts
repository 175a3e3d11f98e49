import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NormalizeDefinitionError, numberColumnsForSide } from "~/core/engine/normalize";
import { reconcile } from "~/core/engine/reconcile";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import type { NumberColumnSpec, RawTable } from "~/core/engine/types";
import { compileNumberColumns } from "~/core/ingest/delimited/number-columns";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { rawTableFromDelimited } from "~/core/ingest/delimited/to-raw-table";
import { shopifyOrdersFromLineItems } from "../../support/ecommerce-fixtures";
import { ordersVsCharges } from "../../support/ecommerce-rule-sets";

/**
 * Amount and date columns read straight to numbers (the 1M-row path) must
 * give exactly what the same rule set gives on the text of those columns.
 */
async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function readCsv(bytes: Uint8Array, fileName: string, specs: Record<string, NumberColumnSpec> = {}): Promise<RawTable> {
  const table = await readDelimited(once(bytes), { delimiter: ",", fileName, numberColumns: compileNumberColumns(specs) });
  return rawTableFromDelimited(table, fileName, specs);
}

function seedFile(seed: number, file: string): Uint8Array {
  return gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`, `${file}.gz`)));
}

describe("number columns", () => {
  it("chooses the columns whose only reader is exactly one parse, and none the filter names", () => {
    expect(numberColumnsForSide(ordersVsCharges.source)).toEqual({
      Total: { kind: "amount", format: { decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 2 } },
      "Paid at": { kind: "day", format: "yyyy-MM-dd HH:mm:ss xx", timeZone: "UTC" },
    });
    const side = ruleSetDefinitionSchema.parse({
      ...ordersVsCharges,
      source: {
        mappings: [
          { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }, { op: "negate" }] },
          { field: "date", column: "Paid at", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss xx" }] },
          { field: "paidAt", column: "Paid at" },
          { field: "fee", column: "Fee", transforms: [{ op: "parseAmount", minorUnits: 3 }] },
          { field: "shipping", column: "Shipping", transforms: [{ op: "parseAmount" }] },
        ],
        filter: "Shipping > 0",
      },
    }).source;
    expect(numberColumnsForSide(side)).toEqual({ Fee: { kind: "amount", format: { decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 3 } } });
  });

  for (const seed of [1, 2, 3]) {
    it(`gives byte-identical orders-vs-charges results at seed ${seed}`, async () => {
      const ordersBytes = seedFile(seed, "shopify_orders.csv");
      const balanceBytes = seedFile(seed, "stripe_balance.csv");
      const asText = reconcile({
        source: shopifyOrdersFromLineItems(await readCsv(ordersBytes, "shopify_orders.csv")),
        target: await readCsv(balanceBytes, "stripe_balance.csv"),
        definition: ordersVsCharges,
      });
      const sourceSpecs = numberColumnsForSide(ordersVsCharges.source);
      const targetSpecs = numberColumnsForSide(ordersVsCharges.target);
      expect(Object.keys(targetSpecs)).toEqual(["gross", "created_utc"]);
      const asNumbers = reconcile({
        source: shopifyOrdersFromLineItems(await readCsv(ordersBytes, "shopify_orders.csv", sourceSpecs)),
        target: await readCsv(balanceBytes, "stripe_balance.csv", targetSpecs),
        definition: ordersVsCharges,
      });
      expect(JSON.stringify(asNumbers.result)).toBe(JSON.stringify(asText.result));
      expect(asNumbers.issues).toEqual(asText.issues);
      for (const side of ["source", "target"] as const) {
        expect(asNumbers[side].amountMinor).toEqual(asText[side].amountMinor);
        expect(asNumbers[side].date).toEqual(asText[side].date);
        expect(asNumbers[side].raw.numberColumns!.map((column) => column.name)).toEqual(Object.keys(side === "source" ? sourceSpecs : targetSpecs));
      }
    });
  }

  it("reports cells that did not parse exactly as the text path does", async () => {
    const csv = new TextEncoder().encode(
      "Name,Email,Financial Status,Paid at,Currency,Total,Payment Method\n" +
        "#1,a@x.test,paid,2026-01-15 10:00:00 -0500,USD,12.5x,stripe\n" +
        "#2,b@x.test,paid,2026-02-30 10:00:00 -0500,USD,3.999,stripe\n" +
        "#3,c@x.test,paid,,USD,,stripe\n",
    );
    const balance = new TextEncoder().encode(
      "balance_transaction_id,created_utc,currency,gross,reporting_category,customer_email,payment_metadata[order_id]\n" +
        "txn_1,2026-01-15 15:00:00,usd,12.50,charge,a@x.test,#1\n",
    );
    const run = async (withNumbers: boolean) =>
      reconcile({
        source: await readCsv(csv, "orders.csv", withNumbers ? numberColumnsForSide(ordersVsCharges.source) : {}),
        target: await readCsv(balance, "balance.csv", withNumbers ? numberColumnsForSide(ordersVsCharges.target) : {}),
        definition: ordersVsCharges,
      });
    const asText = await run(false);
    const asNumbers = await run(true);
    expect(asNumbers.issues.source.map((issue) => [issue.row, issue.field, issue.value])).toEqual([
      [0, "amount", "12.5x"],
      [1, "amount", "3.999"],
      [1, "date", "2026-02-30 10:00:00 -0500"],
    ]);
    expect(asNumbers.issues).toEqual(asText.issues);
    expect(JSON.stringify(asNumbers.result)).toBe(JSON.stringify(asText.result));
  });

  it("refuses a number column that a mapping cannot take as is, with a pointer", async () => {
    const balance = new TextEncoder().encode("id,gross\nt1,1.00\n");
    const raw = await readCsv(balance, "b.csv", { gross: { kind: "amount", format: { decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 2 } } });
    const definition = ruleSetDefinitionSchema.parse({
      source: { mappings: [{ field: "id", column: "id" }, { field: "amount", column: "gross", transforms: [{ op: "parseAmount", minorUnits: 3 }] }] },
      target: { mappings: [{ field: "id", column: "id" }] },
      passes: [{ name: "id", keys: ["id"] }],
    });
    let failure: unknown;
    try {
      reconcile({ source: raw, target: raw, definition });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(NormalizeDefinitionError);
    expect((failure as NormalizeDefinitionError).issues).toEqual([
      {
        pointer: "/source/mappings/1/column",
        message:
          'column "gross" was read as amounts in minor units ({"decimalSeparator":".","thousandsSeparator":"","sign":"minus","minorUnits":2}), which this mapping cannot take as is; read it as text',
      },
    ]);
  });
});
