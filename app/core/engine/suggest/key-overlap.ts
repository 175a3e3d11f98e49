import type { Transform } from "../rule-set";

/**
 * Value overlap between two columns, on sampled cells: the evidence that
 * picks a key pair. Keys are compared exactly by the engine, so the overlap
 * is measured on the values as a key mapping would store them, under a few
 * cheap normalizations (trim, a leading "#", letter case); the simplest one
 * that reaches the best overlap is proposed as the key's transforms.
 */

export interface KeyNormalization {
  /** What a reader is told, e.g. "trimmed, case-insensitive". */
  label: string;
  /** The same steps as rule-set transforms, for the suggested mappings. */
  transforms: Transform[];
  apply(value: string): string;
}

const LEADING_HASH = /^#\s*/;

function normalization(trim: boolean, stripHash: boolean, upper: boolean): KeyNormalization {
  const labels: string[] = [];
  const transforms: Transform[] = [];
  if (trim) {
    labels.push("trimmed");
    transforms.push({ op: "trim" });
  }
  if (stripHash) {
    labels.push('without a leading "#"');
    transforms.push({ op: "regexReplace", pattern: LEADING_HASH.source, replacement: "", flags: "" });
  }
  if (upper) {
    labels.push("case-insensitive");
    transforms.push({ op: "upper" });
  }
  return {
    label: labels.length === 0 ? "as written" : labels.join(", "),
    transforms,
    // Mirrors the engine's trim, regexReplace and upper transforms (a unit test holds them equal).
    apply(value) {
      let result = value;
      if (trim) result = result.trim();
      if (stripHash) result = result.replace(LEADING_HASH, "");
      if (upper) result = result.toUpperCase();
      return result;
    },
  };
}

/** Simplest first: on equal overlap the earlier one is proposed. */
export const KEY_NORMALIZATIONS: readonly KeyNormalization[] = [
  normalization(false, false, false),
  normalization(true, false, false),
  normalization(false, true, false),
  normalization(true, true, false),
  normalization(false, false, true),
  normalization(true, false, true),
  normalization(false, true, true),
  normalization(true, true, true),
];

export interface ColumnValues {
  /** Distinct non-blank values after the normalization. */
  distinct: Set<string>;
  /** Non-blank cells. */
  present: number;
}

/** Blank values are absent, as the engine stores "" in a text lane as null, and an absent key never matches. */
export function distinctValues(cells: ReadonlyArray<string | null>, normalize: KeyNormalization): ColumnValues {
  const distinct = new Set<string>();
  let present = 0;
  for (const cell of cells) {
    if (cell === null) continue;
    const value = normalize.apply(cell);
    if (value === "") continue;
    present++;
    distinct.add(value);
  }
  return { distinct, present };
}

export function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [smaller, larger] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const value of smaller) if (larger.has(value)) shared++;
  return shared;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const shared = intersectionSize(a, b);
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Distinct values per non-blank cell: 1 when no value repeats, as a key's should not. */
export function uniqueness(values: ColumnValues): number {
  return values.present === 0 ? 0 : values.distinct.size / values.present;
}

export interface ColumnOverlap {
  normalization: KeyNormalization;
  source: ColumnValues;
  target: ColumnValues;
  shared: number;
  jaccard: number;
}

/** Each normalization's values of one column, in KEY_NORMALIZATIONS order; computed once per column, not per pair. */
export function valuesUnderEachNormalization(cells: ReadonlyArray<string | null>): ColumnValues[] {
  return KEY_NORMALIZATIONS.map((normalize) => distinctValues(cells, normalize));
}

/** The normalization with the highest Jaccard (the simplest on a tie). */
export function bestOverlap(source: readonly ColumnValues[], target: readonly ColumnValues[]): ColumnOverlap {
  let best: ColumnOverlap | undefined;
  KEY_NORMALIZATIONS.forEach((normalize, index) => {
    const sourceValues = source[index]!;
    const targetValues = target[index]!;
    const shared = intersectionSize(sourceValues.distinct, targetValues.distinct);
    const union = sourceValues.distinct.size + targetValues.distinct.size - shared;
    const score = union === 0 ? 0 : shared / union;
    if (!best || score > best.jaccard) best = { normalization: normalize, source: sourceValues, target: targetValues, shared, jaccard: score };
  });
  return best!;
}
