import { reconcile, type ReconcileOutput } from "~/core/engine/reconcile";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { artifactCsvChunks, canonicalFieldsOf, SOURCE_FILE_COLUMN, SOURCE_LINE_COLUMN } from "~/modules/streams/index.server";
import type { StepDefinition, StepInput } from "~/modules/streams";
import { buildExceptionRecords, type ExceptionRecord } from "~/modules/streams/index.server";
import { consumedOutputs, deriveDependencies } from "~/modules/streams/index.server";
import type { CompiledPack, CompiledStream } from "./compile-pack";
import type { PackFiles } from "./pack-files";
import type { PackManifest } from "./pack-schema";
import { readSample } from "./read-sample";

/**
 * The golden test of a pack: every stream runs on its samples/ as the stream
 * runtime would run it — the same engine (reconcile), the same adapters and
 * file readers, step outputs handed on through the artifact CSV format, and
 * the same rule for what becomes an exception (buildExceptionRecords: EXCLUDED
 * rows are listed apart, leftovers a downstream step consumes are forwarded).
 * The outcome is compared with expected/ and any difference is a diff line.
 *
 * Rows are named `file:line` (the sample's path and the 1-based line in it),
 * so an expected file reads like the exceptions an operator will see.
 */
export interface ExpectedException {
  step: string;
  type: string;
  severity: string;
  pass: string | null;
  amountMinor: number | null;
  amountDifferenceMinor: number | null;
  currency: string | null;
  source: string[];
  target: string[];
}

export interface StepSummary {
  sourceRows: number;
  targetRows: number;
  matches: number;
  exceptions: number;
  excluded: number;
  forwarded: number;
  byType: Record<string, number>;
}

export interface StreamOutcome {
  stream: string;
  summary: Record<string, StepSummary>;
  exceptions: ExpectedException[];
  /** Rows the rule sets' scope filters left out, per step and side. */
  excluded: Array<{ step: string; side: "source" | "target"; row: string }>;
}

export interface StreamTestResult {
  stream: string;
  expectedFile: string;
  actual: StreamOutcome;
  /** Lines as `- expected but not produced` / `+ produced but not expected`. */
  diff: string[];
  /** The raw step outputs, for tests that check more (an answer key). */
  steps: Map<string, { output: ReconcileOutput; records: ExceptionRecord[] }>;
}

export async function runPackStreams(manifest: PackManifest, compiled: CompiledPack, files: PackFiles): Promise<StreamTestResult[]> {
  const results: StreamTestResult[] = [];
  for (const stream of compiled.streams) {
    const packStream = manifest.streams.find((candidate) => candidate.key === stream.key)!;
    const run = await runStream(stream, compiled, packStream.samples, files);
    const expectedBytes = files.get(packStream.expected);
    const expected = expectedBytes ? (JSON.parse(new TextDecoder().decode(expectedBytes)) as StreamOutcome) : undefined;
    results.push({
      stream: stream.key,
      expectedFile: packStream.expected,
      actual: run.outcome,
      diff: expected ? diffOutcomes(expected, run.outcome) : [`- ${packStream.expected} is missing (run pack:test --update to write it)`],
      steps: run.steps,
    });
  }
  return results;
}

async function runStream(stream: CompiledStream, compiled: CompiledPack, samples: Record<string, string>, files: PackFiles) {
  const steps = topologicalOrder(stream.definition.steps);
  const consumed = consumedOutputs(stream.definition.steps);
  const outputs = new Map<string, { output: ReconcileOutput; definition: RuleSetDefinition; leftovers: { source: number[]; target: number[] } }>();
  const fileTables = new Map<string, RawTable>();
  const outcome: StreamOutcome = { stream: stream.key, summary: {}, exceptions: [], excluded: [] };
  const stepResults = new Map<string, { output: ReconcileOutput; records: ExceptionRecord[] }>();

  const resolve = async (input: StepInput): Promise<RawTable> => {
    if (input.kind === "FILE") {
      const path = samples[input.parameter!]!;
      const cacheKey = `${path}|${input.adapter ?? ""}|${input.accepts ?? ""}`;
      if (!fileTables.has(cacheKey)) {
        fileTables.set(cacheKey, await readSample(files, path, { ...(input.adapter ? { adapter: input.adapter } : {}), ...(input.accepts ? { accepts: input.accepts } : {}), mappings: compiled.mappings }));
      }
      return fileTables.get(cacheKey)!;
    }
    if (input.kind === "DATA_SOURCE_SNAPSHOT") throw new Error("packs cannot read data sources");
    const upstream = outputs.get(input.stepKey)!;
    if (input.kind === "STEP_OUTPUT_MATCHED") throw new Error("pack:test does not support STEP_OUTPUT_MATCHED inputs yet");
    const side = input.kind === "STEP_OUTPUT_UNMATCHED_SOURCE" ? "source" : "target";
    const table = side === "source" ? upstream.output.source : upstream.output.target;
    const fields = canonicalFieldsOf(upstream.definition[side].mappings);
    return artifactTable([...artifactCsvChunks(table, fields, upstream.leftovers[side])].join(""), `${input.stepKey}-unmatched_${side}.csv`);
  };

  for (const step of steps) {
    const definition = compiled.ruleSets.find((ruleSet) => ruleSet.key === step.ruleSetId)!.definition;
    const output = reconcile({ source: await resolve(step.inputs.source), target: await resolve(step.inputs.target), definition });
    const used = consumed.get(step.key) ?? new Set<string>();
    const records = buildExceptionRecords(output.result, {
      stepKey: step.key,
      definition,
      source: output.source,
      target: output.target,
      forwarded: { source: used.has("STEP_OUTPUT_UNMATCHED_SOURCE"), target: used.has("STEP_OUTPUT_UNMATCHED_TARGET") },
    });
    const leftovers = { source: [] as number[], target: [] as number[] };
    for (const exception of output.result.exceptions) {
      if (exception.type === "MISSING_IN_TARGET") leftovers.source.push(...exception.sourceRows);
      if (exception.type === "MISSING_IN_SOURCE") leftovers.target.push(...exception.targetRows);
      if (exception.type === "EXCLUDED") {
        for (const row of exception.sourceRows) outcome.excluded.push({ step: step.key, side: "source", row: rowName(output.source.raw, row) });
        for (const row of exception.targetRows) outcome.excluded.push({ step: step.key, side: "target", row: rowName(output.target.raw, row) });
      }
    }
    leftovers.source.sort((a, b) => a - b);
    leftovers.target.sort((a, b) => a - b);
    outputs.set(step.key, { output, definition, leftovers });
    stepResults.set(step.key, { output, records: records.records });

    const byType: Record<string, number> = {};
    for (const record of records.records) {
      byType[record.type] = (byType[record.type] ?? 0) + 1;
      outcome.exceptions.push({
        step: step.key,
        type: record.type,
        severity: record.severity,
        pass: record.pass,
        amountMinor: record.amountMinor,
        amountDifferenceMinor: record.amountDifferenceMinor,
        currency: record.currency,
        source: record.sourceRows.map((row) => `${row.sourceId}:${row.line}`),
        target: record.targetRows.map((row) => `${row.sourceId}:${row.line}`),
      });
    }
    outcome.summary[step.key] = {
      sourceRows: output.source.raw.rowCount,
      targetRows: output.target.raw.rowCount,
      matches: output.result.matchTable.count,
      exceptions: records.records.length,
      excluded: records.excluded,
      forwarded: records.forwarded,
      byType,
    };
  }
  return { outcome, steps: stepResults };
}

function rowName(raw: RawTable, row: number): string {
  return `${raw.provenance.sourceIds[raw.provenance.sourceIndex[row]!]}:${raw.provenance.line[row]}`;
}

/** An artifact's CSV text as a step input: provenance columns back into row provenance (as readArtifactTable does). */
async function artifactTable(csv: string, fileName: string): Promise<RawTable> {
  const table = await readDelimited(
    (async function* () {
      yield new TextEncoder().encode(csv);
    })(),
    { delimiter: ",", fileName },
  );
  const fileIndex = table.columns.indexOf(SOURCE_FILE_COLUMN);
  const lineIndex = table.columns.indexOf(SOURCE_LINE_COLUMN);
  const sourceIds: string[] = [];
  const indexOfSource = new Map<string, number>();
  const sourceIndex = new Uint32Array(table.rowCount);
  const line = new Uint32Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) {
    const sourceId = table.cells[fileIndex]![row] ?? "";
    let index = indexOfSource.get(sourceId);
    if (index === undefined) {
      index = sourceIds.length;
      sourceIds.push(sourceId);
      indexOfSource.set(sourceId, index);
    }
    sourceIndex[row] = index;
    line[row] = Number(table.cells[lineIndex]![row] ?? 0);
  }
  const keep = table.columns.map((_, index) => index).filter((index) => index !== fileIndex && index !== lineIndex);
  return { columns: keep.map((index) => table.columns[index]!), cells: keep.map((index) => table.cells[index]!), rowCount: table.rowCount, provenance: { sourceIds, sourceIndex, line } };
}

function topologicalOrder(steps: readonly StepDefinition[]): StepDefinition[] {
  const dependencies = deriveDependencies(steps);
  const done = new Set<string>();
  const ordered: StepDefinition[] = [];
  while (ordered.length < steps.length) {
    const ready = steps.find((step) => !done.has(step.key) && (dependencies.get(step.key) ?? []).every((key) => done.has(key)));
    if (!ready) throw new Error("the stream's steps form a cycle");
    done.add(ready.key);
    ordered.push(ready);
  }
  return ordered;
}

function exceptionLine(exception: ExpectedException): string {
  const amount = exception.amountMinor === null ? "" : ` ${exception.amountMinor}${exception.currency ? ` ${exception.currency}` : ""}`;
  const difference = exception.amountDifferenceMinor === null ? "" : ` diff ${exception.amountDifferenceMinor}`;
  return `${exception.step} ${exception.type} (${exception.severity}${exception.pass ? `, pass "${exception.pass}"` : ""})${amount}${difference} source [${exception.source.join(" ")}] target [${exception.target.join(" ")}]`;
}

/** Differences as lines: exceptions, exclusions and per-step summaries. Empty when they agree. */
export function diffOutcomes(expected: StreamOutcome, actual: StreamOutcome): string[] {
  const diff: string[] = [];
  const compare = (what: string, expectedLines: string[], actualLines: string[]) => {
    const remaining = new Map<string, number>();
    for (const line of actualLines) remaining.set(line, (remaining.get(line) ?? 0) + 1);
    for (const line of expectedLines) {
      const count = remaining.get(line) ?? 0;
      if (count > 0) remaining.set(line, count - 1);
      else diff.push(`- ${what}: ${line}`);
    }
    for (const [line, count] of remaining) for (let i = 0; i < count; i++) diff.push(`+ ${what}: ${line}`);
  };
  compare("exception", (expected.exceptions ?? []).map(exceptionLine), actual.exceptions.map(exceptionLine));
  compare("excluded", (expected.excluded ?? []).map((row) => `${row.step} ${row.side} ${row.row}`), actual.excluded.map((row) => `${row.step} ${row.side} ${row.row}`));
  const stepKeys = [...new Set([...Object.keys(expected.summary ?? {}), ...Object.keys(actual.summary)])];
  for (const stepKey of stepKeys) {
    compare("summary", [`${stepKey} ${JSON.stringify(sortedSummary(expected.summary?.[stepKey]))}`], [`${stepKey} ${JSON.stringify(sortedSummary(actual.summary[stepKey]))}`]);
  }
  return diff;
}

function sortedSummary(summary: StepSummary | undefined): unknown {
  if (!summary) return null;
  return { ...summary, byType: Object.fromEntries(Object.entries(summary.byType).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The outcome as written to expected/: stable key order, one exception per line for readable diffs in review. */
export function formatOutcome(outcome: StreamOutcome): string {
  const lines = [
    "{",
    `  "stream": ${JSON.stringify(outcome.stream)},`,
    `  "summary": ${JSON.stringify(Object.fromEntries(Object.entries(outcome.summary).map(([key, value]) => [key, sortedSummary(value)])), null, 2).replace(/\n/g, "\n  ")},`,
    `  "exceptions": [`,
    outcome.exceptions.map((exception) => `    ${JSON.stringify(exception)}`).join(",\n"),
    "  ],",
    `  "excluded": [`,
    outcome.excluded.map((row) => `    ${JSON.stringify(row)}`).join(",\n"),
    "  ]",
    "}",
  ];
  return lines.filter((line, index) => !(line === "" && (index === 4 || index === 7))).join("\n") + "\n";
}
