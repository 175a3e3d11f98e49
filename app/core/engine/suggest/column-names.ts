/**
 * What a column's header says it holds. Headers are split into lower-case
 * tokens ("Order ID", "order_id", "orderId" and "payment_metadata[order_id]"
 * all contain "order" and "id") and the tokens are looked up in a small
 * synonym table per concept. Pure and deterministic: no locale, no network.
 */

/** The canonical fields a suggestion can map, plus `email`, the custom field every shop export carries. */
export const CONCEPTS = ["amount", "currency", "date", "email", "id", "reference", "counterparty", "description"] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Concepts a key may be drawn from: text that identifies a record. */
export const TEXT_CONCEPTS: ReadonlySet<Concept> = new Set(["id", "reference", "email", "counterparty", "description"]);

/**
 * Token → weight per concept. A weight says how surely the token alone means
 * the concept: "total" is nearly always the amount of a record, "net" only
 * sometimes, "at" ("Paid at") merely hints at a time.
 */
const SYNONYMS: Record<Concept, Readonly<Record<string, number>>> = {
  amount: { amount: 1, amt: 1, betrag: 1, montant: 1, total: 0.95, gross: 0.9, sum: 0.8, net: 0.7, value: 0.6, price: 0.6, debit: 0.6, credit: 0.6 },
  currency: { currency: 1, ccy: 1, curr: 0.9, cur: 0.8, waehrung: 1, devise: 1 },
  date: {
    date: 1,
    datum: 1,
    posted: 1,
    posting: 1,
    booked: 1,
    booking: 1,
    paid: 0.9,
    created: 0.85,
    settled: 0.85,
    timestamp: 0.85,
    processed: 0.8,
    arrival: 0.7,
    time: 0.7,
    day: 0.7,
    at: 0.5,
    on: 0.5,
    available: 0.4,
    fulfilled: 0.4,
    updated: 0.3,
  },
  email: { email: 1, mail: 0.9 },
  id: { id: 1, identifier: 1, uuid: 0.9, guid: 0.9, number: 0.8, no: 0.7, nr: 0.7, num: 0.7, key: 0.7, order: 0.6, invoice: 0.6 },
  reference: { reference: 1, ref: 1, referenz: 1 },
  counterparty: {
    counterparty: 1,
    payee: 1,
    payer: 1,
    beneficiary: 1,
    merchant: 0.9,
    vendor: 0.9,
    supplier: 0.9,
    customer: 0.8,
    client: 0.8,
    party: 0.8,
    name: 0.6,
    billing: 0.5,
  },
  description: {
    description: 1,
    desc: 1,
    narrative: 1,
    memo: 0.9,
    details: 0.8,
    detail: 0.8,
    remittance: 0.8,
    comment: 0.7,
    note: 0.7,
    notes: 0.7,
    purpose: 0.7,
    text: 0.6,
  },
};

/**
 * Tokens that make an amount column something other than the record's own
 * amount ("Discount Amount", "Refunded Amount", a running "Balance").
 */
const SECONDARY_AMOUNT_TOKENS: ReadonlySet<string> = new Set([
  "balance",
  "discount",
  "fee",
  "fees",
  "tax",
  "taxes",
  "vat",
  "shipping",
  "refunded",
  "refund",
  "subtotal",
  "lineitem",
  "unit",
  "facing",
]);
const SECONDARY_AMOUNT_FACTOR = 0.4;

/** When two concepts read the same from a header, the first wins ("Currency Code" is a currency). */
const PRIORITY: readonly Concept[] = ["currency", "amount", "date", "email", "id", "reference", "counterparty", "description"];

/**
 * "Order ID" → ["order", "id"]; "payment_metadata[order_id]" → ["payment",
 * "metadata", "order", "id"]; "createdAt" → ["created", "at"]; "E-Mail" →
 * ["e", "mail"].
 */
export function columnTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== "");
}

export interface NameReading {
  concept: Concept;
  /** In [0, 1]: the strongest synonym's weight, a little less when other words share the header. */
  score: number;
  /** The tokens that said so. */
  tokens: string[];
}

/** Every concept the header's tokens name, strongest first (ties by PRIORITY). */
export function readColumnName(name: string): NameReading[] {
  const tokens = columnTokens(name);
  if (tokens.length === 0) return [];
  const readings: NameReading[] = [];
  for (const concept of CONCEPTS) {
    const synonyms = SYNONYMS[concept];
    const matched = tokens.filter((token) => Object.hasOwn(synonyms, token));
    if (matched.length === 0) continue;
    const strongest = Math.max(...matched.map((token) => synonyms[token]!));
    // "currency" outranks "customer_facing_currency": extra words make a header less surely the concept.
    const specificity = matched.length / tokens.length;
    let score = strongest * (0.85 + 0.15 * specificity);
    if (concept === "amount" && tokens.some((token) => SECONDARY_AMOUNT_TOKENS.has(token))) score *= SECONDARY_AMOUNT_FACTOR;
    readings.push({ concept, score, tokens: matched });
  }
  return readings.sort((a, b) => b.score - a.score || PRIORITY.indexOf(a.concept) - PRIORITY.indexOf(b.concept));
}

/** A header naming a secondary amount ("Balance", "Fee", "Taxes"): never the record's own amount on its type alone. */
export function isSecondaryAmountName(name: string): boolean {
  return columnTokens(name).some((token) => SECONDARY_AMOUNT_TOKENS.has(token));
}

/** Tokens two headers share, leaving out those that say nothing about what is identified ("id", "no"). */
export function sharedNameTokens(sourceName: string, targetName: string): string[] {
  const generic = new Set(["id", "no", "nr", "num", "number", "key", "ref", "reference", "code", "the", "of"]);
  const target = new Set(columnTokens(targetName));
  return [...new Set(columnTokens(sourceName))].filter((token) => target.has(token) && !generic.has(token));
}
