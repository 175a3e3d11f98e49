import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { writeCamt053BenchFile, writeMt940BenchFile, type BankManifest } from "../support/bank-statements/bench-files";
import type { BankChecksum } from "./bank-checksum";
import { megabytes, timed } from "./support";

/**
 * The bank-statement part of `npm run bench:ingest` (issue #17): a large
 * MT940 file (N lines) and camt.053 file (N entries) read streaming through
 * the adapters' record iterators, at N/10 and N so that a flat peak RSS is
 * visible, against DuckDB's read_csv of the same entries as CSV. The reader's
 * checksum must equal DuckDB's and the generator's manifest, or the bench fails.
 */
interface BankFormat {
  name: "mt940" | "camt053";
  /** What N counts in this format. */
  unit: "lines" | "entries";
  fileName: string;
  write(statementPath: string, csvPath: string, size: number, seed: number): BankManifest;
}

const FORMATS: BankFormat[] = [
  { name: "mt940", unit: "lines", fileName: "statements.sta", write: writeMt940BenchFile },
  { name: "camt053", unit: "entries", fileName: "statements.xml", write: writeCamt053BenchFile },
];

const CHECKSUM_ENTRY = fileURLToPath(new URL("./bank-checksum.ts", import.meta.url));

export interface BankFigures {
  entries: number;
  statements: number;
  /** Lines of the MT940 file; for camt.053 the file's size is in mb. */
  lines?: number;
  mb: number;
  ms: number;
  peakRssMb: number;
  duckdbCsvMs: number;
  identical: boolean;
}

interface BankData {
  statementPath: string;
  csvPath: string;
  manifest: BankManifest;
}

/** Generated once per format, size and seed under the bench data root, like the e-commerce data; the manifest is written last, so a half-written set is regenerated. */
function ensureBankData(format: BankFormat, size: number, seed: number, dataRoot: string): BankData {
  const dir = path.join(dataRoot, `bank-${format.name}-${size}-${seed}`);
  const data = {
    statementPath: path.join(dir, format.fileName),
    csvPath: path.join(dir, "entries.csv"),
  };
  const manifestPath = path.join(dir, "manifest.json");
  if (existsSync(manifestPath))
    return {
      ...data,
      manifest: JSON.parse(readFileSync(manifestPath, "utf8")) as BankManifest,
    };
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating a ${format.name} file of ${size} ${format.unit} (seed ${seed}) into ${dir}; this is cached for later runs…\n`);
  const manifest = format.write(data.statementPath, data.csvPath, size, seed);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { ...data, manifest };
}

/** A fresh Node process per measurement, so each size's peak RSS is its own. */
function measure(format: BankFormat, statementPath: string): BankChecksum & { ms: number; peakRssMb: number } {
  const result = spawnSync(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", CHECKSUM_ENTRY, "--format", format.name, "--file", statementPath], {
    env: { ...process.env, MALLOC_ARENA_MAX: "2" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`the ${format.name} checksum process failed with exit code ${result.status}`);
  const lines = result.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as BankChecksum & {
    ms: number;
    peakRssMb: number;
  };
}

async function duckdbCsv(csvPath: string): Promise<{ entries: number; amountMinor: string }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const file = csvPath.replace(/'/g, "''");
  const reader = await connection.runAndReadAll(
    `select count(*)::bigint as entries, coalesce(sum(cast(round(cast(amount as decimal(18,2)) * 100) as bigint)), 0)::varchar as amount_minor from read_csv('${file}', header = true)`
  );
  const row = reader.getRowObjects()[0]!;
  connection.closeSync();
  return {
    entries: Number(row.entries),
    amountMinor: String(row.amount_minor),
  };
}

export async function benchBankStatements(options: { bankEntries: number; seed: number; dataRoot: string }): Promise<{
  figures: Record<string, BankFigures>;
  rssFlat: Record<string, [number, number]>;
  identical: boolean;
}> {
  const sizes = [Math.max(1, Math.round(options.bankEntries / 10)), options.bankEntries] as const;
  const figures: Record<string, BankFigures> = {};
  const rssFlat: Record<string, [number, number]> = {};
  let allIdentical = true;
  for (const format of FORMATS) {
    const peaks: number[] = [];
    for (const size of sizes) {
      const data = ensureBankData(format, size, options.seed, options.dataRoot);
      const ours = measure(format, data.statementPath);
      const baseline = await timed(() => duckdbCsv(data.csvPath));
      const { manifest } = data;
      const identical =
        ours.balanced &&
        ours.entries === manifest.entries &&
        ours.entries === baseline.value.entries &&
        ours.amountMinor === manifest.amountMinor &&
        ours.amountMinor === baseline.value.amountMinor &&
        ours.statements === manifest.statements;
      const mb = megabytes(statSync(data.statementPath).size);
      console.log(
        `${format.name} ${size} ${format.unit}: ${ours.entries} entries in ${ours.statements} statements, ${mb} MB: ${ours.ms} ms, peak RSS ${
          ours.peakRssMb
        } MB; duckdb csv ${Math.round(baseline.ms)} ms; ` +
          `checksum ${ours.entries}/${ours.amountMinor}${
            identical
              ? ""
              : ` vs duckdb ${baseline.value.entries}/${baseline.value.amountMinor}, generator ${manifest.entries}/${manifest.amountMinor}/${manifest.statements}, balanced ${ours.balanced}, errors ${ours.errors}`
          }`
      );
      peaks.push(ours.peakRssMb);
      allIdentical &&= identical;
      figures[format.name] = {
        entries: ours.entries,
        statements: ours.statements,
        ...(format.unit === "lines" ? { lines: manifest.lines } : {}),
        mb,
        ms: ours.ms,
        peakRssMb: ours.peakRssMb,
        duckdbCsvMs: Math.round(baseline.ms),
        identical,
      };
    }
    rssFlat[format.name] = [peaks[0]!, peaks[1]!];
  }
  return { figures, rssFlat, identical: allIdentical };
}
