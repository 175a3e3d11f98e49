import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { AdapterError, recognizeFormat, type FormatAdapter } from "~/core/adapters";
import { IngestFileError, profileFile, readFile } from "~/core/ingest";
import { mutateBytes } from "../../support/bank-statements/mutate-bytes";
import { Random } from "../../support/bank-statements/random";
import { fixtureBytes } from "./support";

/**
 * Provider exports (Stripe, Shopify, PayPal STL, Amazon, Adyen, bank CSVs),
 * mutated as a hostile or clumsy upload would be, through both ways an
 * upload is read: recognition and its adapter, and the generic table reader
 * (what a file read as a plain table gets). Each mutated file is read or
 * refused with located errors; nothing else may escape, and nothing hangs.
 */
const FILES = 10_000;
/** A hang guard, not a performance assertion: these files are a few KB and parse in about a millisecond. */
const HANG_BUDGET_MS = 2_000;
const FIXTURES = [
  "stripe_payout_itemized.csv",
  "stripe_balance_history.csv",
  "stripe_payouts.csv",
  "shopify_orders_export.csv",
  "STL-20260302.01.009.CSV",
  "amazon_settlement_v2_us.txt",
  "amazon_settlement_v2_de.txt",
  "adyen_settlement_detail_report_batch_42.csv",
  "bank_chase.csv",
  "bank_debit_credit.csv",
];
const INSERTS = [",", ";", "\t", '"', '""', "\n", "\r", "\r\n", ",,,,,,", "\uFEFF", "\u0000", "\u00ff", "=SUM(A1)", "-", "(", ")", "1e999", "99999999999999999999", "0.1", "N/A", "USD", "AFN", "2026-02-30", "RH", "SB", "CH", "SF", "RF"];

function mutate(base: Uint8Array, random: Random): Buffer {
  return mutateBytes(base, random, INSERTS, "utf8");
}

function expectLocated(index: number, fileName: string, errors: ReadonlyArray<{ file?: string; line: number }>): void {
  expect({ index, any: errors.length > 0 }).toEqual({ index, any: true });
  for (const error of errors) expect({ index, located: error.line >= 0, named: error.file === undefined || error.file === fileName }).toEqual({ index, located: true, named: true });
}

function readThroughAdapter(adapter: FormatAdapter, bytes: Buffer, fileName: string, index: number, policy: "strict" | "lenient"): "read" | "refused" {
  try {
    const table = adapter.read(bytes, { sourceId: "file_test", fileName, policy });
    expect({ index, consistent: table.cells.every((cells) => cells.length === table.rowCount) }).toEqual({ index, consistent: true });
    return "read";
  } catch (error) {
    if (!(error instanceof AdapterError)) throw new Error(`fuzz case ${index} (${adapter.name}) crashed: ${String(error)}`);
    expectLocated(index, fileName, error.errors);
    return "refused";
  }
}

async function readAsTable(bytes: Buffer, fileName: string, index: number, policy: "strict" | "lenient"): Promise<"read" | "refused"> {
  const open = async function* () {
    yield bytes;
  };
  try {
    const profile = await profileFile(open, fileName);
    const read = await readFile(open, fileName, profile, { sourceId: "file_test", policy, maxErrors: 20 });
    expect({ index, consistent: read.table.cells.every((cells) => cells.length === read.table.rowCount) }).toEqual({ index, consistent: true });
    return "read";
  } catch (error) {
    if (!(error instanceof IngestFileError)) throw new Error(`fuzz case ${index} (plain table) crashed: ${String(error)}`);
    expectLocated(index, fileName, error.errors);
    return "refused";
  }
}

describe("provider export fuzz", () => {
  it(`reads or refuses with located errors ${FILES} mutated provider files, through their adapter and as plain tables, none hanging`, async () => {
    const random = new Random(20261207);
    const bases = FIXTURES.map((file) => fixtureBytes(file));
    const outcomes = { read: 0, refused: 0 };
    for (let index = 0; index < FILES; index++) {
      const bytes = mutate(random.pick(bases), random);
      const policy = random.chance(0.5) ? "strict" : "lenient";
      const fileName = `fuzz-${index}.csv`;
      const started = performance.now();
      const adapter = recognizeFormat(bytes)?.adapter;
      // Half through the recognized adapter (the upload path for a recognized file), half as a plain table.
      const outcome = adapter && index % 2 === 0 ? readThroughAdapter(adapter, bytes, fileName, index, policy) : await readAsTable(bytes, fileName, index, policy);
      outcomes[outcome]++;
      const elapsed = performance.now() - started;
      expect({ index, hung: elapsed > HANG_BUDGET_MS }).toEqual({ index, hung: false });
    }
    // The mutations must reach both outcomes, or the fuzzing tests nothing.
    expect(outcomes.refused).toBeGreaterThan(FILES / 20);
    expect(outcomes.read).toBeGreaterThan(FILES / 20);
  }, 180_000);
});
