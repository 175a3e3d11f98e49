import { describe, expect, it } from "vitest";
import { FORMAT_ADAPTERS, getAdapter, recognizeAdapter } from "~/core/adapters";
import { adapterName } from "~/core/streams/definition";
import { fixtureBytes } from "./support";

function headerOf(file: string, delimiter = ","): string[] {
  const firstLine = fixtureBytes(file).toString("utf8").split(/\r?\n/)[0]!;
  return firstLine.split(delimiter).map((name) => name.replace(/^"|"$/g, ""));
}

function firstBytesOf(file: string): string {
  return fixtureBytes(file).subarray(0, 4096).toString("latin1");
}

describe("format adapter registry", () => {
  it("lists every adapter once, under a name a stream step can use", () => {
    const names = FORMAT_ADAPTERS.map((adapter) => adapter.name);
    expect(names).toEqual([
      "stripe_payout_itemized",
      "stripe_balance_history",
      "stripe_payouts",
      "shopify_orders",
      "paypal_stl",
      "amazon_settlement_v2",
      "adyen_settlement_details",
      "bank_csv",
      "camt052",
      "camt053",
      "camt054",
      "mt940",
      "mt942",
      "bai2",
    ]);
    for (const name of names) expect(adapterName.safeParse(name).success).toBe(true);
    for (const adapter of FORMAT_ADAPTERS) {
      expect(adapter.title.length).toBeGreaterThan(0);
      expect(adapter.description.length).toBeGreaterThan(0);
      expect(adapter.signature.columns !== undefined || adapter.signature.firstBytes !== undefined).toBe(true);
    }
  });

  it("finds an adapter by name and nothing for an unknown name", () => {
    expect(getAdapter("camt053")?.title).toBe("ISO 20022 camt.053 bank statement");
    expect(getAdapter("quickbooks")).toBeUndefined();
  });

  it("recognises each fixture from its header or its first bytes", () => {
    const cases: Array<[string, string[], string]> = [
      ["stripe_payout_itemized", headerOf("stripe_payout_itemized.csv"), ""],
      ["stripe_balance_history", headerOf("stripe_balance_history.csv"), ""],
      ["stripe_payouts", headerOf("stripe_payouts.csv"), ""],
      ["shopify_orders", headerOf("shopify_orders_export.csv"), ""],
      ["amazon_settlement_v2", headerOf("amazon_settlement_v2_de.txt", "\t"), ""],
      ["adyen_settlement_details", headerOf("adyen_settlement_detail_report_batch_42.csv"), ""],
      ["bank_csv", headerOf("bank_chase.csv"), ""],
      ["paypal_stl", [], firstBytesOf("STL-20260302.01.009.CSV")],
      ["camt052", [], firstBytesOf("camt/camt052-intraday.v13.xml")],
      ["camt053", [], firstBytesOf("camt053.xml")],
      ["camt053", [], firstBytesOf("camt/camt053-envelope.v04.xml")],
      ["camt054", [], firstBytesOf("camt/camt054-batch.v08.xml")],
      ["mt940", [], firstBytesOf("mt940.sta")],
      ["mt940", [], firstBytesOf("mt940/german.sta")],
      ["mt940", [], firstBytesOf("mt940/envelope.sta")],
      ["mt940", [], firstBytesOf("mt940/ing.sta")],
      ["mt940", [], firstBytesOf("mt940/at-separators.sta")],
      ["mt942", [], firstBytesOf("mt942/interim.sta")],
      ["mt942", [], firstBytesOf("mt942/interim.sta").replace(/^\{1:.*\{4:\r\n/, "")],
      ["bai2", [], firstBytesOf("bai2.txt")],
    ];
    for (const [expected, columns, firstBytes] of cases) {
      expect({ file: expected, recognized: recognizeAdapter(columns, firstBytes)?.name }).toEqual({ file: expected, recognized: expected });
    }
  });

  it("recognises the generator's files, whose headers are the providers' own", () => {
    const stripeItemized = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,automatic_payout_id".split(",");
    expect(recognizeAdapter(stripeItemized, "")?.name).toBe("stripe_payout_itemized");
    expect(recognizeAdapter(["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"], "")?.name).toBe("bank_csv");
  });

  it("recognises nothing in a file that is none of these formats", () => {
    expect(recognizeAdapter(["id", "amount", "date"], "id,amount,date\n1,2.00,2026-01-01\n")).toBeUndefined();
    // A CSV whose times contain ":20:" is not an MT940 statement.
    expect(recognizeAdapter(["at", "note"], "at,note\n2026-01-01 10:20:33,hello\n")).toBeUndefined();
  });
});
