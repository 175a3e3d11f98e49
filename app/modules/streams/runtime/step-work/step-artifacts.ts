import type { ReconcileOutput } from "~/core/engine/reconcile";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { StoredObject } from "~/platform/storage/index.server";
import { artifactColumns, artifactCsvChunks, canonicalFieldsOf, canonicalReader, csvCell } from "../artifacts/artifact-csv";
import { storeArtifactCsv } from "../artifacts/artifact-io.server";
import type { ExceptionRecord } from "../exception-records";
import type { ArtifactColumn } from "~/core/streams/runtime-types";

/**
 * What a step writes to storage: its unmatched rows per side, the rows out
 * of scope, optionally its matched source rows, and its exceptions as CSV.
 * Runs in the step's worker thread; only storage, no database.
 */
export type ArtifactType = "UNMATCHED_SOURCE" | "UNMATCHED_TARGET" | "MATCHED" | "EXCLUDED" | "EXCEPTIONS";

export interface PreparedArtifact {
  type: ArtifactType;
  stored: StoredObject;
  rowCount: number;
  columns: ArtifactColumn[];
  fileName: string;
}

export interface ArtifactContext {
  runId: string;
  stepKey: string;
  definition: RuleSetDefinition;
  writeMatched: boolean;
}


export async function writeArtifacts(context: ArtifactContext, output: ReconcileOutput, records: ExceptionRecord[], stored: StoredObject[]): Promise<PreparedArtifact[]> {
  const { definition } = context;
  const sourceFields = canonicalFieldsOf(definition.source.mappings);
  const targetFields = canonicalFieldsOf(definition.target.mappings);
  const leftovers = leftoverRows(output);
  const prepared: PreparedArtifact[] = [];
  const name = (suffix: string) => `${context.runId}-${context.stepKey}-${suffix}.csv.gz`;
  const keep = async (type: ArtifactType, suffix: string, chunks: Iterable<string>, rowCount: number, columns: ArtifactColumn[]) => {
    const object = await storeArtifactCsv(chunks);
    stored.push(object);
    prepared.push({ type, stored: object, rowCount, columns, fileName: name(suffix) });
  };

  await keep("UNMATCHED_SOURCE", "unmatched_source", artifactCsvChunks(output.source, sourceFields, leftovers.source), leftovers.source.length, artifactColumns(output.source.raw.columns, sourceFields));
  await keep("UNMATCHED_TARGET", "unmatched_target", artifactCsvChunks(output.target, targetFields, leftovers.target), leftovers.target.length, artifactColumns(output.target.raw.columns, targetFields));

  const excluded = excludedRows(output);
  if (excluded.source.length + excluded.target.length > 0) {
    const rows = [...excluded.source.map((row) => ["source", row] as const), ...excluded.target.map((row) => ["target", row] as const)];
    await keep("EXCLUDED", "excluded", excludedCsv(output, rows, sourceFields, targetFields), rows.length, [
      { name: "_side", role: "system" },
      { name: "_source_file", role: "system" },
      { name: "_source_line", role: "system" },
      ...[...new Set([...sourceFields, ...targetFields])].map((field) => ({ name: `@${field}`, role: "canonical" as const })),
    ]);
  }
  if (context.writeMatched) {
    const matched = matchedSourceRows(output);
    const extraColumns = [
      { name: "_match_id", value: (row: number) => matched.matchOf.get(row)?.id ?? null },
      { name: "_match_pass", value: (row: number) => matched.matchOf.get(row)?.pass ?? null },
      { name: "_counterpart_lines", value: (row: number) => matched.matchOf.get(row)?.counterparts ?? null },
    ];
    await keep(
      "MATCHED",
      "matched",
      artifactCsvChunks(output.source, sourceFields, matched.rows, extraColumns),
      matched.rows.length,
      artifactColumns(output.source.raw.columns, sourceFields, extraColumns.map((column) => column.name)),
    );
  }
  await keep("EXCEPTIONS", "exceptions", exceptionsCsv(records), records.length, EXCEPTION_COLUMNS.map((column) => ({ name: column, role: "system" as const })));
  return prepared;
}

/**
 * The rows no rule found a counterpart for (the MISSING_* leftovers): what a
 * downstream step consumes. Rows in other exceptions (an amount mismatch,
 * a duplicate, a tie) had a candidate; they stay with this step for a person.
 */
function leftoverRows(output: ReconcileOutput): { source: number[]; target: number[] } {
  const source: number[] = [];
  const target: number[] = [];
  for (const exception of output.result.exceptions) {
    if (exception.type === "MISSING_IN_TARGET") source.push(...exception.sourceRows);
    if (exception.type === "MISSING_IN_SOURCE") target.push(...exception.targetRows);
  }
  return { source: source.sort((a, b) => a - b), target: target.sort((a, b) => a - b) };
}

function excludedRows(output: ReconcileOutput): { source: number[]; target: number[] } {
  const source: number[] = [];
  const target: number[] = [];
  for (const exception of output.result.exceptions) {
    if (exception.type !== "EXCLUDED") continue;
    source.push(...exception.sourceRows);
    target.push(...exception.targetRows);
  }
  return { source: source.sort((a, b) => a - b), target: target.sort((a, b) => a - b) };
}

function* excludedCsv(output: ReconcileOutput, rows: ReadonlyArray<readonly ["source" | "target", number]>, sourceFields: string[], targetFields: string[]): Generator<string> {
  const fields = [...new Set([...sourceFields, ...targetFields])];
  const readers = {
    source: fields.map((field) => (sourceFields.includes(field) ? canonicalReader(output.source, field) : () => null)),
    target: fields.map((field) => (targetFields.includes(field) ? canonicalReader(output.target, field) : () => null)),
  };
  let chunk = ["_side", "_source_file", "_source_line", ...fields.map((field) => `@${field}`)].map(csvCell).join(",") + "\n";
  for (const [side, row] of rows) {
    const table = side === "source" ? output.source : output.target;
    const { provenance } = table.raw;
    chunk += [side, provenance.sourceIds[provenance.sourceIndex[row]!]!, String(provenance.line[row]!), ...readers[side].map((read) => read(row))].map(csvCell).join(",") + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}


function matchedSourceRows(output: ReconcileOutput) {
  const matchOf = new Map<number, { id: string; pass: string; counterparts: string }>();
  const { provenance } = output.target.raw;
  const matches = output.result.matchTable;
  for (let index = 0; index < matches.count; index++) {
    const counterparts = matches
      .targetRows(index)
      .map((row) => `${provenance.sourceIds[provenance.sourceIndex[row]!]}:${provenance.line[row]}`)
      .join(";");
    const pass = matches.pass(index);
    for (const row of matches.sourceRows(index)) matchOf.set(row, { id: `m${index + 1}`, pass, counterparts });
  }
  return { rows: [...matchOf.keys()].sort((a, b) => a - b), matchOf };
}

const EXCEPTION_COLUMNS = ["ordinal", "type", "severity", "pass", "amount_minor", "amount_difference_minor", "currency", "message", "source_rows", "target_rows"];

function* exceptionsCsv(records: ExceptionRecord[]): Generator<string> {
  let chunk = EXCEPTION_COLUMNS.join(",") + "\n";
  const refs = (rows: ExceptionRecord["sourceRows"]) => rows.map((row) => `${row.sourceId}:${row.line}`).join(";");
  for (const record of records) {
    chunk +=
      [
        String(record.ordinal),
        record.type,
        record.severity,
        record.pass,
        record.amountMinor === null ? null : String(record.amountMinor),
        record.amountDifferenceMinor === null ? null : String(record.amountDifferenceMinor),
        record.currency,
        record.message,
        refs(record.sourceRows),
        refs(record.targetRows),
      ]
        .map(csvCell)
        .join(",") + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

