import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CanonicalTable } from "~/core/engine/types";
import { compilePack } from "~/modules/templates/packs/compile-pack";
import { checkPackDir, readPackDir } from "~/modules/templates/packs/pack-dir.server";
import type { PackManifest } from "~/modules/templates/packs/pack-schema";
import { readAcceptedSample, runPackStreams, type StreamTestResult } from "~/modules/templates/packs/pack-test";
import { type BankFormat, FILE_NAMES, type Statement, type StatementEntry, writeStatement } from "../../support/pack-bank-formats";

/**
 * Issue #19: a pack must not care which bank the customer has. For every
 * stream with a bank leg, the pack's own bank sample is read as canonical
 * statement lines, written again as each bank format, and the stream is run
 * with it and the pack's other samples. Every format must give the same
 * outcome as the pack's sample: the same matches and exceptions, by type,
 * pass and amounts, naming the same logical bank lines. A bank line is named
 * by its booking day and amount (and its place among equal ones), since its
 * line number differs from format to format.
 */

const PLUGINS = path.resolve("plugins");

interface BankLeg {
  pack: string;
  stream: string;
  input: string;
  formats: readonly BankFormat[];
}

/** Chase's download has no currency column (its profile fixes USD): the USD streams take it; the EUR ones take the German banks'. */
const USD_FORMATS = ["camt053", "mt940", "bai2", "chase_csv", "debit_credit_csv"] as const;
const EUR_FORMATS = ["camt053", "mt940", "bai2", "sparkasse_csv", "deutsche_bank_csv"] as const;

const BANK_LEGS: readonly BankLeg[] = [
  { pack: "ecommerce-payouts", stream: "shopify-stripe-bank", input: "bank", formats: USD_FORMATS },
  { pack: "ecommerce-payouts", stream: "paypal-bank", input: "bank", formats: USD_FORMATS },
  { pack: "ecommerce-payouts", stream: "amazon-bank", input: "bank", formats: USD_FORMATS },
  { pack: "ecommerce-payouts", stream: "adyen-bank", input: "bank", formats: EUR_FORMATS },
  { pack: "banking-cash", stream: "cash-reconciliation", input: "statement", formats: EUR_FORMATS },
];

interface LoadedPack {
  manifest: PackManifest;
  files: Map<string, Uint8Array>;
}

const loaded = new Map<string, Promise<LoadedPack>>();

function loadPack(pack: string): Promise<LoadedPack> {
  let loading = loaded.get(pack);
  if (!loading) {
    loading = (async () => {
      const dir = path.join(PLUGINS, pack);
      const checked = await checkPackDir(dir);
      if (!checked.manifest) throw new Error(`${pack} does not validate`);
      return { manifest: checked.manifest, files: (await readPackDir(dir)).files };
    })();
    loaded.set(pack, loading);
  }
  return loading;
}

function column(table: { columns: string[]; cells: Array<Array<string | null>> }, name: string): Array<string | null> {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return table.cells[index]!;
}

/** The pack's bank sample as the logical statement every format writes. */
async function logicalStatement(leg: BankLeg, { manifest, files }: LoadedPack): Promise<Statement> {
  const samplePath = manifest.streams.find((stream) => stream.key === leg.stream)!.samples[leg.input]!;
  const table = await readAcceptedSample(files, samplePath, { key: leg.input, accepts: "bank_statement_line" }, {});
  const read = (name: string) => (table.columns.includes(name) ? column(table, name) : new Array<string | null>(table.rowCount).fill(null));
  const [amounts, currencies, dates, remittances, descriptions, references, counterparties, codes] = ["$amount", "$currency", "$booking_date", "$remittance", "$description", "$reference", "$counterparty_name", "$transaction_code"].map(read);
  const entries: StatementEntry[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const entry: StatementEntry = {
      bookingDate: dates![row]!,
      amountMinor: BigInt(amounts![row]!.replace(".", "")),
      remittance: remittances![row] ?? descriptions![row] ?? "",
      bankReference: `B${String(row + 1).padStart(8, "0")}`,
    };
    if (references![row]) entry.reference = references![row]!;
    if (counterparties![row]) entry.counterparty = counterparties![row]!;
    if (/CHRG$/.test(codes![row] ?? "")) entry.charge = true;
    entries.push(entry);
  }
  return { account: "ACCT-0001234567", currency: currencies![0]!, statementId: `STMT-${leg.stream}`.slice(0, 16), openingMinor: 1_000_000n, entries };
}

/** The stream run with the bank input read from `bankPath` (a file added to the pack's files). */
async function runWithBank(leg: BankLeg, pack: LoadedPack, bankPath: string, bytes?: Uint8Array): Promise<StreamTestResult> {
  const files = new Map(pack.files);
  if (bytes) files.set(bankPath, bytes);
  const manifest: PackManifest = {
    ...pack.manifest,
    streams: pack.manifest.streams.filter((stream) => stream.key === leg.stream).map((stream) => ({ ...stream, samples: { ...stream.samples, [leg.input]: bankPath } })),
  };
  const { compiled } = compilePack(manifest, {});
  const [result] = await runPackStreams(manifest, compiled!, files);
  return result!;
}

/** Bank rows by their logical name: booking day | amount | place among rows with both equal. */
async function bankRowNames(leg: BankLeg, files: ReadonlyMap<string, Uint8Array>, bankPath: string): Promise<Map<number, string>> {
  const table = await readAcceptedSample(files, bankPath, { key: leg.input, accepts: "bank_statement_line" }, {});
  const dates = column(table, "$booking_date");
  const amounts = column(table, "$amount");
  const seen = new Map<string, number>();
  const names = new Map<number, string>();
  for (let row = 0; row < table.rowCount; row++) {
    const key = `${dates[row]} ${amounts[row]}`;
    const place = seen.get(key) ?? 0;
    seen.set(key, place + 1);
    names.set(table.provenance.line[row]!, `bank ${key} #${place}`);
  }
  return names;
}

/** Matches, exceptions and exclusions with every row named: bank rows logically, other rows by file:line. */
async function logicalOutcome(leg: BankLeg, pack: LoadedPack, bankPath: string, result: StreamTestResult) {
  const files = new Map(pack.files);
  const bankNames = await bankRowNames(leg, files, bankPath);
  const rowName = (table: CanonicalTable, row: number) => {
    const file = table.raw.provenance.sourceIds[table.raw.provenance.sourceIndex[row]!]!;
    const line = table.raw.provenance.line[row]!;
    return file === bankPath ? bankNames.get(line)! : `${file}:${line}`;
  };
  const lines: string[] = [];
  for (const [step, { output, records }] of result.steps) {
    for (const match of output.result.matches) {
      lines.push(`${step} match ${match.pass} [${match.sourceRows.map((row) => rowName(output.source, row)).sort().join(", ")}] ↔ [${match.targetRows.map((row) => rowName(output.target, row)).sort().join(", ")}]`);
    }
    for (const exception of output.result.exceptions) {
      const rows = `[${exception.sourceRows.map((row) => rowName(output.source, row)).sort().join(", ")}] ↔ [${exception.targetRows.map((row) => rowName(output.target, row)).sort().join(", ")}]`;
      lines.push(`${step} ${exception.type} ${exception.pass ?? "-"} ${exception.amountDifferenceMinor ?? "-"} ${exception.currency ?? "-"} ${rows}`);
    }
    lines.push(`${step} records ${records.map((record) => `${record.type}/${record.severity}/${record.amountMinor}`).sort().join(" ")}`);
  }
  return lines.sort();
}

describe("a pack's bank leg gives the same outcome whatever format the statement comes in", () => {
  for (const leg of BANK_LEGS) {
    describe(`${leg.pack} · ${leg.stream}`, () => {
      for (const format of leg.formats) {
        it(`as ${format}: the same matches and exceptions as the pack's own sample`, async () => {
          const pack = await loadPack(leg.pack);
          const samplePath = pack.manifest.streams.find((stream) => stream.key === leg.stream)!.samples[leg.input]!;
          const asSampled = await runWithBank(leg, pack, samplePath);
          const statement = await logicalStatement(leg, pack);
          const bankPath = `samples/${FILE_NAMES[format]}`;
          const rewritten = await runWithBank(leg, pack, bankPath, new TextEncoder().encode(writeStatement(statement, format)));

          expect(rewritten.diff.filter((line) => line.startsWith("!"))).toEqual([]);
          const expected = await logicalOutcome(leg, pack, samplePath, asSampled);
          expect(expected.some((line) => line.includes(" match "))).toBe(true);
          expect(await logicalOutcome(leg, { ...pack, files: new Map([...pack.files, [bankPath, new TextEncoder().encode(writeStatement(statement, format))]]) }, bankPath, rewritten)).toEqual(expected);
        }, 60_000);
      }
    });
  }
});
