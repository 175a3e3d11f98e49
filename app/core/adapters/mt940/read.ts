import { RecordTableBuilder } from "../support/table";
import { decodeText } from "../support/text";
import type { AdapterReadOptions, AdapterTable } from "../types";
import { columnsOf, type StatementKind, type SwiftRecord } from "./columns";
import { Findings } from "./findings";
import { readSwiftRecords } from "./statements";

// eslint-disable-next-line no-control-regex -- SOH/ETX frame FIN messages: a :20: may follow one directly.
export const HAS_REFERENCE_TAG = /(?:^|\{4:|@@|[\x01\x03]):20:/m;
export const NAMES: Record<StatementKind, string> = { mt940: "an MT940 statement", mt942: "an MT942 interim report" };

/**
 * The records of an MT940/MT942 file, statement by statement, for a caller
 * that streams them (a bench, a large-file reader). `findings` holds the
 * errors and warnings once the iteration is done; the caller decides what an
 * error means (read() refuses the file).
 */
export function swiftRecords(bytes: Uint8Array, options: AdapterReadOptions, kind: StatementKind): { records: Iterable<SwiftRecord>; findings: Findings } {
  const findings = new Findings(options.fileName, options.policy ?? "strict");
  const text = decodeText(bytes);
  if (!HAS_REFERENCE_TAG.test(text)) findings.errors.fail(1, `the file has no :20: tag: it is not ${NAMES[kind]}`);
  return { records: readSwiftRecords(text, kind, findings), findings };
}

/**
 * The same records from text that arrives in chunks (a file read piece by
 * piece, already decoded), so neither the bytes nor the text of a large file
 * is ever whole in memory. The "no :20: tag" check, which swiftRecords makes
 * up front, is made as the chunks pass and reported when they end.
 */
export function swiftRecordsOfChunks(chunks: Iterable<string>, options: AdapterReadOptions, kind: StatementKind): { records: Iterable<SwiftRecord>; findings: Findings } {
  const findings = new Findings(options.fileName, options.policy ?? "strict");
  const seen = { reference: false };
  function* watched(): Generator<string> {
    let tail = "";
    for (const chunk of chunks) {
      // With the text before it: a ":20:" may be cut between two chunks, and a chunk may be a single character.
      const window = tail + chunk;
      if (!seen.reference && HAS_REFERENCE_TAG.test(window)) seen.reference = true;
      tail = window.slice(-8);
      yield chunk;
    }
  }
  function* records(): Generator<SwiftRecord> {
    yield* readSwiftRecords(watched(), kind, findings);
    if (!seen.reference) findings.errors.add(1, `the file has no :20: tag: it is not ${NAMES[kind]}`);
  }
  return { records: records(), findings };
}

export function readStatementFile(bytes: Uint8Array, options: AdapterReadOptions, kind: StatementKind): AdapterTable {
  const { records, findings } = swiftRecords(bytes, options, kind);
  const table = new RecordTableBuilder(columnsOf(kind));
  for (const record of records) table.add(record.line, record.values);
  findings.errors.throwIfAny();
  const warnings = findings.warnings();
  const result: AdapterTable = table.build(options.sourceId);
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}
