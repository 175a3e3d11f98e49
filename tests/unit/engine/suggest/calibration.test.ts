import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { suggestRuleSet, type RuleSetSuggestion } from "~/core/engine/suggest";
import { sideFromBytes } from "./support";

/**
 * Is the suggestion's confidence honest? Every mapping it proposes for real
 * file pairs (the generator's three e-commerce reconciliations at three
 * seeds, and the packs' sample files) is scored against a hand-labelled
 * truth: the fields each column can rightly feed, per pair (gross is the
 * amount against orders, net against payouts). Then, bin by bin, the share
 * of correct proposals must not fall below the confidence claimed, and a
 * column of currency codes is never offered as a counterparty.
 */

type Truth = Record<string, readonly string[]>;
const ID = ["id", "reference"] as const;

const SHOPIFY: Truth = {
  Name: ID,
  Id: ID,
  "Payment Reference": ID,
  Email: ["email"],
  Currency: ["currency"],
  Total: ["amount"],
  "Paid at": ["date"],
  "Created at": ["date"],
  "Billing Name": ["counterparty"],
  "Lineitem name": ["description"],
};
const STRIPE_BALANCE: Truth = {
  balance_transaction_id: ID,
  source_id: ID,
  charge_id: ID,
  payment_intent_id: ID,
  automatic_payout_id: ID,
  "payment_metadata[order_id]": ID,
  created_utc: ["date"],
  charge_created_utc: ["date"],
  currency: ["currency"],
  customer_facing_currency: ["currency"],
  description: ["description"],
  customer_email: ["email"],
};
const PAYOUTS: Truth = { id: ID, Amount: ["amount"], Currency: ["currency"], "Arrival Date (UTC)": ["date"], "Created (UTC)": ["date"], Description: ["description"] };
const BANK: Truth = { "Posting Date": ["date"], Description: ["description", "reference"], Amount: ["amount"], "Check or Slip #": ID };

interface Pair {
  label: string;
  source: { name: string; bytes: Uint8Array; truth: Truth };
  target: { name: string; bytes: Uint8Array; truth: Truth };
}

const generatorFile = (seed: number, name: string) => gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`, `${name}.gz`)));
const sampleFile = (pack: string, name: string) => readFileSync(path.resolve("plugins", pack, "samples", name));
const fixtureFile = (pack: string, name: string) => readFileSync(path.resolve("tests/fixtures/packs", pack, "samples", name));

function ecommercePairs(label: string, read: (name: string) => Uint8Array): Pair[] {
  return [
    {
      label: `${label}: orders vs balance`,
      source: { name: "shopify_orders.csv", bytes: read("shopify_orders.csv"), truth: SHOPIFY },
      // Against orders the amount is what the customer paid: gross, not net of Stripe's fee.
      target: { name: "stripe_balance.csv", bytes: read("stripe_balance.csv"), truth: { ...STRIPE_BALANCE, gross: ["amount"], customer_facing_amount: ["amount"] } },
    },
    {
      label: `${label}: balance vs payouts`,
      // A payout is the sum of net amounts.
      source: { name: "stripe_balance.csv", bytes: read("stripe_balance.csv"), truth: { ...STRIPE_BALANCE, net: ["amount"] } },
      target: { name: "stripe_payouts.csv", bytes: read("stripe_payouts.csv"), truth: PAYOUTS },
    },
    {
      label: `${label}: payouts vs bank`,
      source: { name: "stripe_payouts.csv", bytes: read("stripe_payouts.csv"), truth: PAYOUTS },
      target: { name: "bank_statement.csv", bytes: read("bank_statement.csv"), truth: BANK },
    },
  ];
}

const PURCHASE_ORDERS: Truth = { "PO Number": ID, Vendor: ["counterparty"], Item: ["reference", "description"], Description: ["description"], Currency: ["currency"], "PO Date": ["date"] };
const INVOICES: Truth = { "Invoice No": ID, PO: ID, Supplier: ["counterparty"], Item: ["reference", "description"], "Line Amount": ["amount"], Currency: ["currency"], "Invoice Date": ["date"] };
const RECEIPTS: Truth = { GRN: ID, "PO Ref": ID, "Vendor Name": ["counterparty"], Item: ["reference", "description"], "Receipt Date": ["date"] };
const BLOTTER: Truth = { "Trade ID": ID, ISIN: ID, Ticker: ID, "Trade Date": ["date"], "Settle Date": ["date"], Currency: ["currency"], Broker: ["counterparty"] };
const CONFIRMS: Truth = { "Confirm No": ID, "Client Ref": ID, "Security ID": ID, "Trade Date": ["date"], "Settlement Date": ["date"], "Gross Amount": ["amount"], Ccy: ["currency"] };

function packPairs(): Pair[] {
  const supply = (name: string) => sampleFile("supply-chain-three-way", name);
  return [
    {
      label: "pack: purchase orders vs invoices",
      source: { name: "purchase_orders.csv", bytes: supply("purchase_orders.csv"), truth: PURCHASE_ORDERS },
      target: { name: "invoices.csv", bytes: supply("invoices.csv"), truth: INVOICES },
    },
    {
      label: "pack: invoices vs goods receipts",
      source: { name: "invoices.csv", bytes: supply("invoices.csv"), truth: INVOICES },
      target: { name: "goods_receipts.csv", bytes: supply("goods_receipts.csv"), truth: RECEIPTS },
    },
    {
      label: "pack: blotter vs confirms",
      source: { name: "trade_blotter.csv", bytes: sampleFile("trading-ops", "trade_blotter.csv"), truth: BLOTTER },
      target: { name: "broker_confirms.csv", bytes: sampleFile("trading-ops", "broker_confirms.csv"), truth: CONFIRMS },
    },
    {
      label: "pack: invoices vs payments",
      source: { name: "invoices.csv", bytes: fixtureFile("private-invoices", "invoices.csv"), truth: { Invoice: ID, Amount: ["amount"], Date: ["date"] } },
      target: { name: "payments.csv", bytes: fixtureFile("private-invoices", "payments.csv"), truth: { Reference: ID, Paid: ["amount"], "Value date": ["date"] } },
    },
    ...ecommercePairs("pack ecommerce-payouts", (name) => sampleFile("ecommerce-payouts", name)),
  ];
}

interface Scored {
  pair: string;
  side: "source" | "target";
  field: string;
  column: string;
  confidence: number;
  correct: boolean;
}

const suggestions = new Map<string, RuleSetSuggestion>();
const scored: Scored[] = [];

beforeAll(async () => {
  const pairs = [...[1, 2, 3].flatMap((seed) => ecommercePairs(`generator seed ${seed}`, (name) => generatorFile(seed, name))), ...packPairs()];
  for (const pair of pairs) {
    const suggestion = suggestRuleSet({ source: await sideFromBytes(pair.source.name, pair.source.bytes), target: await sideFromBytes(pair.target.name, pair.target.bytes) });
    suggestions.set(pair.label, suggestion);
    for (const side of ["source", "target"] as const) {
      for (const mapping of suggestion[side].mappings) {
        const truth = pair[side].truth[mapping.column] ?? [];
        scored.push({ pair: pair.label, side, field: mapping.field, column: mapping.column, confidence: mapping.confidence, correct: truth.includes(mapping.field) });
      }
    }
  }
}, 120_000);

const BINS = [
  [0.3, 0.5],
  [0.5, 0.7],
  [0.7, 0.9],
  [0.9, 1.01],
] as const;
/** Slack for small bins: a bin's accuracy may fall this far below its mean confidence before it counts as overconfident. */
const SLACK = 0.1;

describe("suggestion confidence, calibrated on the generator's and the packs' files", () => {
  it("never offers a column of currency codes as a counterparty, nor pairs fields whose values differ in kind", () => {
    const offending = scored.filter((entry) => entry.field === "counterparty" && /currency|ccy/i.test(entry.column));
    expect(offending).toEqual([]);
    for (const label of [1, 2, 3].map((seed) => `generator seed ${seed}: orders vs balance`)) {
      const suggestion = suggestions.get(label)!;
      expect(suggestion.target.mappings.find((mapping) => mapping.column === "customer_facing_currency")?.field ?? "currency").toBe("currency");
      expect(suggestion.target.unmapped.map((column) => column.column)).toContain("customer_facing_currency");
    }
  });

  it("takes the amount column whose values the other file holds (gross against orders), and says so", () => {
    for (const seed of [1, 2, 3]) {
      const amount = suggestions.get(`generator seed ${seed}: orders vs balance`)!.target.mappings.find((mapping) => mapping.field === "amount")!;
      expect(["gross", "customer_facing_amount"]).toContain(amount.column);
      expect(amount.because).toMatch(/of its sampled amounts also appear in "Total"/);
    }
  });

  it("adds a fallback pass on the next-best key (email) that never crosses the order id", () => {
    for (const seed of [1, 2, 3]) {
      const suggestion = suggestions.get(`generator seed ${seed}: orders vs balance`)!;
      expect(suggestion.fallbackPass?.pass).toMatchObject({ keys: ["email"], mustNotConflict: ["id"] });
      expect(suggestion.definition.passes).toHaveLength(2);
      // Payouts share no second key with the balance file: one pass.
      expect(suggestions.get(`generator seed ${seed}: balance vs payouts`)!.fallbackPass).toBeUndefined();
    }
  });

  it("scores correct proposals high", () => {
    const correct = scored.filter((entry) => entry.correct);
    expect(correct.length).toBeGreaterThan(60);
    const mean = correct.reduce((sum, entry) => sum + entry.confidence, 0) / correct.length;
    expect(mean).toBeGreaterThanOrEqual(0.8);
  });

  it("is not overconfident in any confidence bin", () => {
    const table = BINS.map(([low, high]) => {
      const inBin = scored.filter((entry) => entry.confidence >= low && entry.confidence < high);
      const accuracy = inBin.filter((entry) => entry.correct).length / Math.max(1, inBin.length);
      const meanConfidence = inBin.reduce((sum, entry) => sum + entry.confidence, 0) / Math.max(1, inBin.length);
      return { bin: `${low}–${Math.min(high, 1)}`, n: inBin.length, accuracy: Math.round(accuracy * 100) / 100, meanConfidence: Math.round(meanConfidence * 100) / 100 };
    });
    const wrong = scored.filter((entry) => !entry.correct).map((entry) => `${entry.pair} ${entry.side} ${entry.field} ← ${entry.column} (${entry.confidence})`);
    for (const bin of table) {
      if (bin.n === 0) continue;
      expect(bin.accuracy, `${JSON.stringify(table)}\nwrong proposals:\n${wrong.join("\n")}`).toBeGreaterThanOrEqual(bin.meanConfidence - SLACK);
    }
    // The top bin is what a person accepts without looking: it must be right nine times in ten.
    const top = table.at(-1)!;
    expect(top.n).toBeGreaterThan(30);
    expect(top.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
