import { adyenSettlementDetails } from "./adyen-settlement-details";
import { amazonSettlementV2 } from "./amazon-settlement-v2";
import { bai2 } from "./bai2";
import { bankCsv } from "./bank-csv";
import { camt052 } from "./camt/camt052";
import { camt053 } from "./camt/camt053";
import { camt054 } from "./camt/camt054";
import { mt940 } from "./mt940";
import { mt942 } from "./mt942";
import { paypalStl } from "./paypal-stl";
import { shopifyOrders } from "./shopify-orders";
import { stripeBalanceHistory } from "./stripe-balance-history";
import { stripePayoutItemized } from "./stripe-payout-itemized";
import { stripePayouts } from "./stripe-payouts";
import { recognizeSample, recognizeStructure, signatureColumnSets, type Recognition } from "./recognize";
import type { FormatAdapter } from "./types";

export { RECOGNITION_SAMPLE_BYTES, type Recognition } from "./recognize";

export { AdapterError, type AdapterErrorLocation, type AdapterReadOptions, type AdapterTable, type FormatAdapter } from "./types";

/** Every adapter a pack or a stream step may name. Core code: packs name adapters, they never bring one. */
export const FORMAT_ADAPTERS: readonly FormatAdapter[] = [
  stripePayoutItemized,
  stripeBalanceHistory,
  stripePayouts,
  shopifyOrders,
  paypalStl,
  amazonSettlementV2,
  adyenSettlementDetails,
  bankCsv,
  camt052,
  camt053,
  camt054,
  mt940,
  mt942,
  bai2,
];

const BY_NAME: ReadonlyMap<string, FormatAdapter> = new Map(FORMAT_ADAPTERS.map((adapter) => [adapter.name, adapter]));

export function getAdapter(name: string): FormatAdapter | undefined {
  return BY_NAME.get(name);
}

/**
 * The adapter an uploaded file needs, with a confidence and the evidence,
 * from its first bytes (RECOGNITION_SAMPLE_BYTES of them, gunzipped): see
 * ./recognize.ts for the signatures.
 */
export function recognizeFormat(sample: Uint8Array): Recognition | undefined {
  return recognizeSample(sample, FORMAT_ADAPTERS);
}

/**
 * The adapter a file most likely needs, from a header already parsed and the
 * first bytes as text: a structural marker (XML root, SWIFT tags, BAI2 and
 * STL records), then one whose signature columns are all in the header, or
 * whose first-bytes pattern matches. Several can fit (a header with every
 * Stripe payouts column may carry more); the most specific signature wins: a
 * marker, then the most columns.
 */
export function recognizeAdapter(columns: string[], firstBytes: string): FormatAdapter | undefined {
  const structural = recognizeStructure(firstBytes, FORMAT_ADAPTERS);
  if (structural) return structural.adapter;
  const header = new Set(columns.map((name) => name.trim()));
  let best: FormatAdapter | undefined;
  let bestScore = 0;
  for (const adapter of FORMAT_ADAPTERS) {
    const score = signatureScore(adapter, header, firstBytes);
    if (score > bestScore) {
      best = adapter;
      bestScore = score;
    }
  }
  return best;
}

const MARKER_SCORE = 1000;

function signatureScore(adapter: FormatAdapter, header: ReadonlySet<string>, firstBytes: string): number {
  const { firstBytes: marker } = adapter.signature;
  if (marker !== undefined && new RegExp(marker, "m").test(firstBytes.replace(/^\uFEFF/, ""))) return MARKER_SCORE;
  let score = 0;
  for (const columns of signatureColumnSets(adapter)) {
    if (columns.every((name) => header.has(name))) score = Math.max(score, columns.length);
  }
  return score;
}
