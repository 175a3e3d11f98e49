import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { readCamt053RecordChunks } from "~/core/adapters/camt/stream";
import { readMt940RecordChunks } from "~/core/adapters/mt940";
import type { BankChecksum } from "./bank-checksum";

/**
 * bench:ingest's bank-statement reading, on its own thread as the CSV part's
 * is: the file in 64 KiB pieces through the adapter's record iterator, only
 * running totals kept, never the records; only the checksum goes back.
 */
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

const { format, filePath } = workerData as { format: string; filePath: string };
const reader = READERS[format];
if (!reader) throw new Error(`no bank-statement reader for ${format}: ${Object.keys(READERS).join(", ")}`);
parentPort!.postMessage(reader(filePath));
