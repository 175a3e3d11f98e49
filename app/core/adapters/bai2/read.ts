import { LocatedErrors } from "../support/located-errors";
import { RecordTableBuilder } from "../support/table";
import { decodeText } from "../support/text";
import type { AdapterReadOptions, AdapterTable } from "../types";
import { BAI2_COLUMNS } from "./columns";
import { IntegrityReport } from "./integrity";
import { logicalRecords } from "./logical-records";
import { physicalRecords } from "./physical-records";
import { Bai2Reader } from "./reader";

export function readBai2(bytes: Uint8Array, options: AdapterReadOptions): AdapterTable {
  const errors = new LocatedErrors(options.fileName);
  const report = new IntegrityReport(errors, options.policy ?? "strict");
  const logical = logicalRecords(physicalRecords(decodeText(bytes), errors), errors);
  const first = logical[0];
  if (!first || first.code !== "01") errors.fail(first?.line ?? 1, 'a BAI2 file starts with its "01" file header record', { column: 1 });
  // Errors already (text that is no record, an 88 with nothing to continue): totals can no longer be trusted anywhere.
  const records = new RecordTableBuilder(BAI2_COLUMNS);
  const reader = new Bai2Reader(errors, report, errors.size > 0, records);
  for (const record of logical) reader.read(record);
  reader.finish(logical[logical.length - 1]!);
  errors.throwIfAny();
  const table: AdapterTable = records.build(options.sourceId);
  if (report.warnings.length > 0) table.warnings = report.warnings;
  return table;
}

