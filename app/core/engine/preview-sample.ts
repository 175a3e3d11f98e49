import { normalizeSide } from "./normalize";
import { selectRawRows } from "./raw-table";
import type { RuleSetDefinition } from "./rule-set";
import type { RawTable } from "./types";

/**
 * A preview sample that shows the real picture on the first try. The first
 * rows of two files sorted differently barely overlap (247 matched for
 * mappings that are right), so instead: source rows at random, the target
 * rows that share their first pass's key values, and a random slice of the
 * other target rows so the target's own leftovers still show. Deterministic
 * (a fixed seed), so the same draft previews the same way every time.
 */
export interface PreviewSample {
  source: RawTable;
  target: RawTable;
  description: {
    kind: "all" | "representative";
    source: { rows: number; of: number };
    target: { rows: number; of: number; sharingKeys: number; random: number };
    /** The key fields the target rows were fetched by; empty when the first pass has no key. */
    keys: string[];
    text: string;
  };
}

/** Share of the target budget filled with rows sharing a sampled key; the rest is drawn at random. */
const KEYED_SHARE = 0.8;
const SEED = 0x2545f491;

export function representativeSample(definition: RuleSetDefinition, source: RawTable, target: RawTable, limit: number): PreviewSample {
  if (source.rowCount <= limit && target.rowCount <= limit) {
    return {
      source,
      target,
      description: {
        kind: "all",
        source: { rows: source.rowCount, of: source.rowCount },
        target: { rows: target.rowCount, of: target.rowCount, sharingKeys: 0, random: 0 },
        keys: [],
        text: "All rows of both files.",
      },
    };
  }
  const random = xorshift(SEED);
  const keys = firstPassKeys(definition);
  const sourceKeys = keys.length > 0 ? keyValues(definition, "source", source, keys.map((key) => key.source)) : null;
  const targetKeys = keys.length > 0 ? keyValues(definition, "target", target, keys.map((key) => key.target)) : null;
  const sourceRows = sourceKeys ? rowsOfRandomKeys(sourceKeys, limit, random) : randomRows(source.rowCount, limit, random, new Set());

  const chosen = new Set<number>();
  if (sourceKeys && targetKeys) {
    const wanted = new Set<string>();
    for (const row of sourceRows) {
      const value = sourceKeys[row];
      if (value !== null && value !== undefined) wanted.add(value);
    }
    const keyedBudget = Math.min(limit, Math.max(0, Math.round(limit * KEYED_SHARE)));
    for (let row = 0; row < target.rowCount && chosen.size < keyedBudget; row++) {
      const value = targetKeys[row];
      if (value !== null && value !== undefined && wanted.has(value)) chosen.add(row);
    }
  }
  const sharingKeys = chosen.size;
  for (const row of randomRows(target.rowCount, limit - chosen.size, random, chosen)) chosen.add(row);
  const targetRows = [...chosen].sort((a, b) => a - b);
  const fields = keys.map((key) => (key.source === key.target ? key.source : `${key.source} ↔ ${key.target}`));
  const count = (value: number) => value.toLocaleString("en");
  const text =
    `${count(sourceRows.length)} of ${count(source.rowCount)} source rows${sourceKeys ? ` (every row of ${fields.join(", ")} values drawn at random)` : " at random"}; ` +
    (fields.length > 0 ? `the ${count(sharingKeys)} target rows that share their ${fields.join(", ")}, and ` : "") +
    `${count(targetRows.length - sharingKeys)} other target rows at random (${count(targetRows.length)} of ${count(target.rowCount)}).`;
  return {
    source: sourceRows.length === source.rowCount ? source : selectRawRows(source, Uint32Array.from(sourceRows)),
    target: targetRows.length === target.rowCount ? target : selectRawRows(target, Uint32Array.from(targetRows)),
    description: {
      kind: "representative",
      source: { rows: sourceRows.length, of: source.rowCount },
      target: { rows: targetRows.length, of: target.rowCount, sharingKeys, random: targetRows.length - sharingKeys },
      keys: fields,
      text,
    },
  };
}

function firstPassKeys(definition: RuleSetDefinition): Array<{ source: string; target: string }> {
  const pass = definition.passes[0];
  if (!pass) return [];
  return pass.keys.map((key) => (typeof key === "string" ? { source: key, target: key } : key));
}

/**
 * Each row's key as the engine compares it (the mappings' transforms
 * applied), the fields joined; null when any is blank. Only the key
 * mappings are normalized, and without the filter: a row the filter
 * would exclude still belongs in the sample, where it shows as EXCLUDED.
 */
function keyValues(definition: RuleSetDefinition, side: "source" | "target", table: RawTable, fields: string[]): Array<string | null> | null {
  const mappings = definition[side].mappings.filter((mapping) => fields.includes(mapping.field));
  if (mappings.length === 0) return null;
  let normalized;
  try {
    normalized = normalizeSide(table, { mappings }, { lookups: definition.lookups, sideName: side }).table;
  } catch {
    // A draft the engine refuses is reported by the preview itself; the sample just falls back to random rows.
    return null;
  }
  const columns = fields.map((field) => normalized.text[field]);
  if (columns.some((column) => !column)) return null;
  const values: Array<string | null> = [];
  for (let row = 0; row < table.rowCount; row++) {
    const parts = columns.map((column) => column![row] ?? null);
    values.push(parts.some((part) => part === null || part === "") ? null : parts.join("\u0000"));
  }
  return values;
}

/**
 * Source rows a key at a time: keys drawn at random, each with all of its
 * rows (a payout's many transactions stay together, so an N:1 pass sees
 * whole groups), while they fit the budget. Rows without a key are units
 * of their own.
 */
function rowsOfRandomKeys(keys: ReadonlyArray<string | null>, limit: number, random: () => number): number[] {
  const units: number[][] = [];
  const unitOfKey = new Map<string, number[]>();
  keys.forEach((key, row) => {
    if (key === null) return void units.push([row]);
    const unit = unitOfKey.get(key);
    if (unit) unit.push(row);
    else {
      const created = [row];
      unitOfKey.set(key, created);
      units.push(created);
    }
  });
  const rows: number[] = [];
  const order = shuffled(units.length, random);
  for (const index of order) {
    const unit = units[index]!;
    if (rows.length + unit.length > limit) continue;
    rows.push(...unit);
    if (rows.length === limit) break;
  }
  return rows.sort((a, b) => a - b);
}

function shuffled(length: number, random: () => number): number[] {
  const order = Array.from({ length }, (_, at) => at);
  for (let at = length - 1; at > 0; at--) {
    const pick = Math.floor(random() * (at + 1));
    [order[at], order[pick]] = [order[pick]!, order[at]!];
  }
  return order;
}

/** Up to `wanted` distinct rows of `rowCount` not in `taken`, drawn at random, ascending. */
function randomRows(rowCount: number, wanted: number, random: () => number, taken: ReadonlySet<number>): number[] {
  const free: number[] = [];
  for (let row = 0; row < rowCount; row++) if (!taken.has(row)) free.push(row);
  const take = Math.max(0, Math.min(wanted, free.length));
  // Partial Fisher–Yates: the first `take` slots end up a uniform random choice.
  for (let at = 0; at < take; at++) {
    const pick = at + Math.floor(random() * (free.length - at));
    [free[at], free[pick]] = [free[pick]!, free[at]!];
  }
  return free.slice(0, take).sort((a, b) => a - b);
}

function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
