import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readCamt053RecordChunks } from "../../app/adapters/camt/stream";
import { readMt940RecordChunks } from "../../app/adapters/mt940";
import { megabytes, timed, trackPeakRss } from "./support";

/**
 * One bank-statement measurement, run by ingest.ts as its own child process
 * so each file size has its own peak RSS (a process's RSS does not shrink back
 * after a big run, so two sizes measured in one process would share a peak).
 * Reads the file in 64 KiB pieces through the adapter's record iterator and
 * keeps only running totals, never the records; prints one JSON line.
 */
export interface BankChecksum {
  entries: number;
  statements: number;
  /** Sum of @amount in minor units, as a decimal string (a bigint does not survive JSON). */
  amountMinor: string;
  /** Opening balance + the statement's entries = closing balance, for every statement, and the reader found no error. */
  balanced: boolean;
  errors: number;
}

const CHUNK_BYTES = 64 * 1024;

/** The file's text in pieces: a streaming UTF-8 decoder keeps a character cut at a piece boundary whole. */
function* fileTextChunks(filePath: string): Generator<string> {
  const fd = openSync(filePath, "r");
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new TextDecoder("utf-8");
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) yield decoder.decode(buffer.subarray(0, read), { stream: true });
    yield decoder.decode();
  } finally {
    closeSync(fd);
  }
}

/** "-1234.56" (formatMinor's output: exactly the currency's decimals) -> -123456n. */
function minorOf(amount: string): bigint {
  return BigInt(amount.replace(".", ""));
}

/** Running totals over records in statement order; a statement ends when its account or number changes. */
class StatementTotals {
  entries = 0;
  statements = 0;
  amountMinor = 0n;
  balanced = true;
  private key: string | null = null;
  private opening = 0n;
  private closing = 0n;
  private sum = 0n;

  add(values: Record<string, string | null>, statementKey: string): void {
    if (statementKey !== this.key) {
      this.endStatement();
      this.key = statementKey;
      this.statements++;
      this.opening = minorOf(values["@opening_balance"] ?? "");
      this.closing = minorOf(values["@closing_balance"] ?? "");
      this.sum = 0n;
    }
    const amount = minorOf(values["@amount"] ?? "");
    this.entries++;
    this.amountMinor += amount;
    this.sum += amount;
  }

  endStatement(): void {
    if (this.key !== null && this.opening + this.sum !== this.closing) this.balanced = false;
  }
}

function checksumMt940(filePath: string): BankChecksum {
  const { records, errors } = readMt940RecordChunks(fileTextChunks(filePath), {
    sourceId: "bench",
    fileName: path.basename(filePath),
    policy: "strict",
  });
  const totals = new StatementTotals();
  for (const record of records) totals.add(record.values, `${record.values[":25:"]} ${record.values[":28C:"]}`);
  totals.endStatement();
  return {
    entries: totals.entries,
    statements: totals.statements,
    amountMinor: totals.amountMinor.toString(),
    balanced: totals.balanced && errors() === 0,
    errors: errors(),
  };
}

function checksumCamt053(filePath: string): BankChecksum {
  const { records, errors } = readCamt053RecordChunks(fileTextChunks(filePath), { sourceId: "bench", fileName: path.basename(filePath), policy: "strict" });
  const totals = new StatementTotals();
  for (const record of records) totals.add(record.values, `${record.values["@account"]} ${record.values["@statement_id"]}`);
  totals.endStatement();
  return { entries: totals.entries, statements: totals.statements, amountMinor: totals.amountMinor.toString(), balanced: totals.balanced && errors() === 0, errors: errors() };
}

const READERS: Record<string, (filePath: string) => BankChecksum> = {
  mt940: checksumMt940,
  camt053: checksumCamt053,
};

async function main() {
  const { values } = parseArgs({
    options: { format: { type: "string" }, file: { type: "string" } },
    strict: true,
  });
  const reader = READERS[values.format ?? ""];
  if (!reader || !values.file) throw new Error(`usage: bank-checksum.ts --format ${Object.keys(READERS).join("|")} --file <path>`);
  const file = values.file;
  const memory = trackPeakRss();
  const result = await timed(() => Promise.resolve(reader(file)));
  const peakRss = memory.stop();
  console.log(
    JSON.stringify({
      ...result.value,
      ms: Math.round(result.ms),
      peakRssMb: megabytes(peakRss),
    })
  );
}

await main();
