import { describe, expect, it } from "vitest";
import { getAdapter, type AdapterTable } from "~/core/adapters";
import { expectedRecords, randomFile, writeMt940, type ExpectedRecord } from "../../support/bank-statements/mt940";
import { Random } from "../../support/bank-statements/random";

const CASES = 300;
const HELPERS = ["@amount", "@currency", "@date", "@value_date", "@reference", "@remittance", "@counterparty", "@account", "@record_type", "@statement_id", "@opening_balance", "@closing_balance"] as const;

function recordsOf(table: AdapterTable): ExpectedRecord[] {
  const records: ExpectedRecord[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const record: Record<string, string | number | null> = { line: table.provenance.line[row]! };
    for (const name of HELPERS) record[name] = table.cells[table.columns.indexOf(name)]![row]!;
    records.push(record as unknown as ExpectedRecord);
  }
  return records;
}

/** Minor units of a "-12.30" helper: the identity is checked in exact integers. */
function minor(text: string | null): bigint {
  if (text === null) throw new Error("an MT940 record without its statement balance");
  return BigInt(text.replace(".", ""));
}

describe("mt942 property: interim reports in every dialect mix read back exactly, their :90D:/:90C: totals agreeing", () => {
  it(`holds for ${CASES} random reports (seeded)`, () => {
    const adapter = getAdapter("mt942")!;
    for (let seed = 1; seed <= CASES; seed++) {
      const model = randomFile(new Random(seed + 100_000));
      const { text, entryLines } = writeMt940(model, "mt942");
      const expected = expectedRecords(model, entryLines, "mt942");
      const table = adapter.read(Buffer.from(text, "latin1"), { sourceId: "file_test", fileName: `seed-${seed}.sta` });
      expect({ seed, records: recordsOf(table) }).toEqual({ seed, records: expected.records });
      expect({ seed, warnings: table.warnings?.length ?? 0 }).toEqual({ seed, warnings: expected.warnings });
    }
  });
});

describe("mt940 property: parse(write(statements)) = statements, in every dialect mix", () => {
  it(`holds for ${CASES} random files (seeded)`, () => {
    const adapter = getAdapter("mt940")!;
    for (let seed = 1; seed <= CASES; seed++) {
      const model = randomFile(new Random(seed));
      const { text, entryLines } = writeMt940(model);
      const expected = expectedRecords(model, entryLines);
      const table = adapter.read(Buffer.from(text, "latin1"), { sourceId: "file_test", fileName: `seed-${seed}.sta` });
      expect({ seed, records: recordsOf(table) }).toEqual({ seed, records: expected.records });
      expect({ seed, warnings: table.warnings?.length ?? 0 }).toEqual({ seed, warnings: expected.warnings });
      // The identity holds on what was read: opening + entries = closing, per page.
      const pages = new Map<string, { opening: bigint; closing: bigint; sum: bigint }>();
      for (const record of recordsOf(table)) {
        const key = `${record["@statement_id"]} ${record["@opening_balance"]}`;
        const page = pages.get(key) ?? { opening: minor(record["@opening_balance"]), closing: minor(record["@closing_balance"]), sum: 0n };
        page.sum += minor(record["@amount"]);
        pages.set(key, page);
      }
      for (const [key, page] of pages) expect({ seed, key, closing: page.opening + page.sum }).toEqual({ seed, key, closing: page.closing });
    }
  });
});
