import { RecordTableBuilder } from "../support/table";
import { decodeText } from "../support/text";
import type { AdapterReadOptions, AdapterTable } from "../types";
import { columnsOf, type StatementKind, type SwiftRecord } from "./columns";
import { Findings } from "./findings";
import { readSwiftRecords } from "./statements";

const NAMES: Record<StatementKind, string> = { mt940: "an MT940 statement", mt942: "an MT942 interim report" };

/**
 * The records of an MT940/MT942 file, statement by statement, for a caller
 * that streams them (a bench, a large-file reader). `findings` holds the
 * errors and warnings once the iteration is done; the caller decides what an
 * error means (read() refuses the file).
 */
export function swiftRecords(bytes: Uint8Array, options: AdapterReadOptions, kind: StatementKind): { records: Iterable<SwiftRecord>; findings: Findings } {
  const findings = new Findings(options.fileName, options.policy ?? "strict");
  const text = decodeText(bytes);
  // eslint-disable-next-line no-control-regex -- SOH/ETX frame FIN messages: a :20: may follow one directly.
  if (!/(?:^|\{4:|@@|[\x01\x03]):20:/m.test(text)) findings.errors.fail(1, `the file has no :20: tag: it is not ${NAMES[kind]}`);
  return { records: readSwiftRecords(text, kind, findings), findings };
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
