import type { RawTable } from "~/core/engine/types";
import type { CompiledPack } from "./compile-pack";
import type { PackFiles } from "./pack-files";
import type { PackManifest } from "./pack-schema";
import type { CanonicalSchemaId } from "~/core/canonical";
import { runPackStreams, type StreamTestResult } from "./pack-test";
import { readSample } from "./read-sample";

/**
 * Realistic scenarios: a generator writes a pack's inputs in the providers'
 * real formats with the dirt real files carry, plus an answer key naming,
 * for every injected condition, the exception the pack must raise and the
 * records that must match. This file runs a scenario through the same
 * streams pack:test runs and scores the outcome against the key.
 *
 * Records are compared by logical identity, never by file line: the key says
 * how to read an id from each generated file (a column, or a pattern inside
 * one, e.g. the ACH trace number in a bank's remittance text), so an
 * exception names the business records an operator would see.
 */
export interface RecordIdentity {
  /** Cells joined with "/" (after the adapter read the file: adapter columns are available). */
  columns: string[];
  /** When set, the id is the pattern's first group (or whole match) in the joined cells. */
  pattern?: string;
}

export interface ExpectedScenarioException {
  step: string;
  type: string;
  /** Logical ids of every record the exception names, source and target together. */
  records: string[];
  /** The injected condition this comes from, for the reader of a failing score. */
  condition: string;
}

export interface ExpectedScenarioMatch {
  step: string;
  records: string[];
}

export interface ScenarioStream {
  /** Pack input name → generated file name. */
  samples: Record<string, string>;
  exceptions: ExpectedScenarioException[];
  matches: ExpectedScenarioMatch[];
}

export interface AnswerKey {
  pack: string;
  seed: number;
  size: number;
  identities: Record<string, RecordIdentity>;
  streams: Record<string, ScenarioStream>;
}

export interface GeneratedScenario {
  files: Map<string, Uint8Array>;
  answerKey: AnswerKey;
}

export interface ClassScore {
  stream: string;
  /** `step TYPE`, or `step MATCH` for the matches. */
  class: string;
  expected: number;
  raised: number;
  correct: number;
  precision: number;
  recall: number;
  /** Instances as `records…`: expected but not raised, raised but not expected. */
  missed: string[];
  spurious: string[];
}

export interface ScenarioScore {
  pack: string;
  seed: number;
  classes: ClassScore[];
  perfect: boolean;
}

/** Runs every stream of the pack on the scenario's files and scores each exception class and the matches. */
export async function scoreScenario(manifest: PackManifest, compiled: CompiledPack, scenario: GeneratedScenario): Promise<ScenarioScore> {
  const { answerKey } = scenario;
  const streams = manifest.streams
    .filter((stream) => answerKey.streams[stream.key] !== undefined)
    .map((stream) => ({ ...stream, samples: answerKey.streams[stream.key]!.samples }));
  const scenarioManifest: PackManifest = { ...manifest, streams };
  const scenarioCompiled: CompiledPack = { ...compiled, streams: compiled.streams.filter((stream) => answerKey.streams[stream.key] !== undefined) };
  const classes: ClassScore[] = [];
  // One stream at a time: a file the pack cannot read fails its own stream, not the scenario.
  for (const compiledStream of scenarioCompiled.streams) {
    const stream = answerKey.streams[compiledStream.key]!;
    const packStream = streams.find((candidate) => candidate.key === compiledStream.key)!;
    try {
      const [result] = await runPackStreams({ ...scenarioManifest, streams: [packStream] }, { ...scenarioCompiled, streams: [compiledStream] }, scenario.files);
      const identify = await rowIdentities(packStream.samples, inputReaders(manifest, compiled, compiledStream.key, scenario.files), answerKey.identities);
      classes.push(...scoreStream(result!, stream, identify));
    } catch (error) {
      classes.push(unreadableStream(compiledStream.key, stream, error));
    }
  }
  return { pack: answerKey.pack, seed: answerKey.seed, classes, perfect: classes.every((score) => score.precision === 1 && score.recall === 1) };
}

/** A reader per FILE input of a stream: the way pack:test reads it (canonical schema, adapter, or profiled). */
function inputReaders(manifest: PackManifest, compiled: CompiledPack, streamKey: string, files: PackFiles): Map<string, (fileName: string) => Promise<RawTable>> {
  const readers = new Map<string, (fileName: string) => Promise<RawTable>>();
  const stream = compiled.streams.find((candidate) => candidate.key === streamKey)!;
  for (const step of stream.definition.steps) {
    for (const input of [step.inputs.source, step.inputs.target]) {
      if (input.kind !== "FILE" || !input.parameter) continue;
      const key = input.parameter;
      const accepts = (input as { accepts?: CanonicalSchemaId }).accepts ?? manifest.inputs[key]?.accepts;
      const adapter = input.adapter ?? manifest.inputs[key]?.adapter;
      // Read as pack:test reads a sample (read-sample.ts): the same adapter, recognition and mappings.
      readers.set(key, (fileName) => readSample(files, fileName, { ...(adapter ? { adapter } : {}), ...(accepts ? { accepts } : {}), mappings: compiled.mappings, input: key }));
    }
  }
  return readers;
}

/** `file:line` → logical id, for every row of every generated file the stream reads. */
async function rowIdentities(samples: Record<string, string>, readers: Map<string, (fileName: string) => Promise<RawTable>>, identities: Record<string, RecordIdentity>) {
  const byRow = new Map<string, string>();
  for (const [input, fileName] of Object.entries(samples)) {
    const identity = identities[fileName];
    const read = readers.get(input);
    if (!identity || !read) continue;
    const table = await read(fileName);
    const columns = identity.columns.map((name) => table.columns.indexOf(name));
    const missing = identity.columns.filter((_, index) => columns[index] === -1);
    if (missing.length > 0) throw new Error(`${fileName} has no column ${missing.join(", ")} to identify its records by`);
    const pattern = identity.pattern === undefined ? undefined : new RegExp(identity.pattern);
    for (let row = 0; row < table.rowCount; row++) {
      const joined = columns.map((column) => table.cells[column]![row] ?? "").join("/");
      const found = pattern ? pattern.exec(joined) : [joined];
      byRow.set(rowKey(table, row), found ? (found[1] ?? found[0] ?? "") : `unidentified ${rowKey(table, row)}`);
    }
  }
  return (row: string) => byRow.get(row) ?? `unidentified ${row}`;
}

/** Every expected instance missed, under one class naming the error. */
function unreadableStream(streamKey: string, expected: ScenarioStream, error: unknown): ClassScore {
  const message = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 160) : String(error);
  const missed = [...expected.exceptions.map((exception) => `${exception.step} ${exception.type}: ${instance(exception.records)}`), ...expected.matches.map((match) => `${match.step} MATCH: ${instance(match.records)}`)];
  return { stream: streamKey, class: `stream failed: ${message}`, expected: missed.length, raised: 0, correct: 0, precision: 1, recall: missed.length === 0 ? 1 : 0, missed, spurious: [] };
}

function rowKey(table: RawTable, row: number): string {
  return `${table.provenance.sourceIds[table.provenance.sourceIndex[row]!]}:${table.provenance.line[row]}`;
}

function instance(records: Iterable<string>): string {
  return [...new Set(records)].sort().join(" ");
}

function scoreStream(result: StreamTestResult, expected: ScenarioStream, identify: (row: string) => string): ClassScore[] {
  const raised = new Map<string, string[]>();
  const wanted = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, key: string, value: string) => into.set(key, [...(into.get(key) ?? []), value]);
  for (const exception of result.actual.exceptions) add(raised, `${exception.step} ${exception.type}`, instance([...exception.source, ...exception.target].map(identify)));
  for (const exception of expected.exceptions) add(wanted, `${exception.step} ${exception.type}`, instance(exception.records));
  for (const [step, { output }] of result.steps) {
    const table = output.result.matchTable;
    for (let index = 0; index < table.count; index++) {
      const rows = [...table.sourceRows(index).map((row) => rowKey(output.source.raw, row)), ...table.targetRows(index).map((row) => rowKey(output.target.raw, row))];
      add(raised, `${step} MATCH`, instance(rows.map(identify)));
    }
  }
  for (const match of expected.matches) add(wanted, `${match.step} MATCH`, instance(match.records));
  const classes = [...new Set([...raised.keys(), ...wanted.keys()])].sort();
  return classes.map((name) => compareInstances(result.stream, name, wanted.get(name) ?? [], raised.get(name) ?? []));
}

/** Multiset comparison: the same record set raised twice where the key has it once is one spurious instance. */
function compareInstances(stream: string, name: string, expected: string[], raised: string[]): ClassScore {
  const remaining = new Map<string, number>();
  for (const value of expected) remaining.set(value, (remaining.get(value) ?? 0) + 1);
  const spurious: string[] = [];
  for (const value of raised) {
    const count = remaining.get(value) ?? 0;
    if (count > 0) remaining.set(value, count - 1);
    else spurious.push(value);
  }
  const missed = [...remaining].flatMap(([value, count]) => Array.from({ length: count }, () => value));
  const correct = raised.length - spurious.length;
  return {
    stream,
    class: name,
    expected: expected.length,
    raised: raised.length,
    correct,
    precision: raised.length === 0 ? 1 : correct / raised.length,
    recall: expected.length === 0 ? 1 : correct / expected.length,
    missed,
    spurious,
  };
}

/** The scores as an aligned text table, one row per class (failing classes list their instances below). */
export function formatScoreTable(scores: ScenarioScore[]): string {
  const lines = ["pack                    seed  stream               class                                   exp  raised  P      R"];
  for (const score of scores) {
    for (const row of score.classes) {
      lines.push(
        `${score.pack.padEnd(24)}${String(score.seed).padEnd(6)}${row.stream.padEnd(21)}${row.class.padEnd(40)}${String(row.expected).padStart(3)}  ${String(row.raised).padStart(6)}  ${row.precision.toFixed(3)}  ${row.recall.toFixed(3)}`,
      );
      for (const value of row.missed) lines.push(`      missed:   ${value}`);
      for (const value of row.spurious) lines.push(`      spurious: ${value}`);
    }
  }
  return lines.join("\n");
}
