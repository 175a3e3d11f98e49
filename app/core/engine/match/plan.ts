import { amountField, dateField, keyColumn, textField, type KeyColumn } from "./fields";
import { MatchConfigurationError } from "./errors";
import { ByteTextColumn } from "~/core/values/text-column";
import type { PassDefinition } from "../rule-set";

type KeyPair = PassDefinition["keys"][number];
import type { CanonicalTable } from "../types";

/**
 * A pass resolved against the two tables: every field it names looked up
 * once, before any matching, so a rule set that cannot run fails whole
 * instead of after some passes already consumed rows.
 */

export interface KeyField {
  /** "reference", or "reference/id" when the sides name different fields. */
  label: string;
  sourceField: string;
  targetField: string;
  /** What keys are interned from: bytes for a text field held as bytes, else the strings. */
  sourceKeys: KeyColumn;
  targetKeys: KeyColumn;
  /** One row's value as a string (explanations, guards, notes): made for that row only. */
  sourceValue(row: number): string | null;
  targetValue(row: number): string | null;
}

export type PassKind = "keyed" | "keyless" | "amountOnly";

export interface PassPlan {
  pass: PassDefinition;
  index: number;
  kind: PassKind;
  keys: KeyField[];
  /** Explicit keys the pass must not cross (pass.mustNotConflict): both present and different refuses the pair. */
  guards: KeyField[];
  /** The amount lanes compared (pass.amount.field, default the canonical amount). */
  sourceAmounts: Float64Array;
  targetAmounts: Float64Array;
  sourceDates: Int32Array;
  targetDates: Int32Array;
  /** Group-by columns of each grouped side (null for a side of single rows). */
  sourceGroupBy: ReadonlyArray<ReadonlyArray<string | null>> | null;
  targetGroupBy: ReadonlyArray<ReadonlyArray<string | null>> | null;
  fuzzySource: ReadonlyArray<string | null> | null;
  fuzzyTarget: ReadonlyArray<string | null> | null;
}

export function planPass(pass: PassDefinition, index: number, source: CanonicalTable, target: CanonicalTable): PassPlan {
  const name = pass.name;
  const resolveKey = (key: KeyPair): KeyField => {
    const sourceField = typeof key === "string" ? key : key.source;
    const targetField = typeof key === "string" ? key : key.target;
    const sourceKeys = keyColumn(source, sourceField, "source", name);
    const targetKeys = keyColumn(target, targetField, "target", name);
    return {
      label: sourceField === targetField ? sourceField : `${sourceField}/${targetField}`,
      sourceField,
      targetField,
      sourceKeys,
      targetKeys,
      sourceValue: valueReader(sourceKeys),
      targetValue: valueReader(targetKeys),
    };
  };
  const keys = pass.keys.map(resolveKey);
  const guards = (pass.mustNotConflict ?? []).map(resolveKey);

  const kind: PassKind = pass.amountOnlySearch ? "amountOnly" : keys.length > 0 ? "keyed" : "keyless";
  // Without keys the only way to find candidates cheaply is a sorted amount or
  // date window; comparing every row with every other is never done.
  if (kind === "keyless" && !pass.amount && !pass.date) {
    throw new MatchConfigurationError(name, "has no keys, amount or date to find candidates by");
  }

  const amountName = pass.amount?.field ?? "amount";
  const dateName = pass.date?.field ?? "date";
  const groupedSource = kind !== "amountOnly" && (pass.cardinality === "N:1" || pass.cardinality === "N:M");
  const groupedTarget = kind !== "amountOnly" && (pass.cardinality === "1:N" || pass.cardinality === "N:M");

  return {
    pass,
    index,
    kind,
    keys,
    guards,
    sourceAmounts: amountField(source, amountName, "source", name),
    targetAmounts: amountField(target, amountName, "target", name),
    sourceDates: dateField(source, dateName, "source", name),
    targetDates: dateField(target, dateName, "target", name),
    sourceGroupBy: groupedSource ? groupColumns(pass, "source", keys, source) : null,
    targetGroupBy: groupedTarget ? groupColumns(pass, "target", keys, target) : null,
    fuzzySource: pass.fuzzy ? textField(source, pass.fuzzy.field, "source", name) : null,
    fuzzyTarget: pass.fuzzy ? textField(target, pass.fuzzy.field, "target", name) : null,
  };
}

/** The N side is grouped by its groupBy fields, or by its key fields when groupBy names none. */
function groupColumns(pass: PassDefinition, side: "source" | "target", keys: KeyField[], table: CanonicalTable): Array<ReadonlyArray<string | null>> {
  const fields = pass.groupBy?.[side] ?? keys.map((key) => (side === "source" ? key.sourceField : key.targetField));
  if (fields.length === 0) {
    throw new MatchConfigurationError(pass.name, `the grouped ${side} side (${pass.cardinality}) needs groupBy fields or keys`);
  }
  return fields.map((field) => textField(table, field, side, pass.name));
}

/** A row's value from key values held either way: a byte cell decoded alone, or the string as it is. */
function valueReader(column: KeyColumn): (row: number) => string | null {
  if (column instanceof ByteTextColumn) return (row) => column.get(row);
  return (row) => column[row] ?? null;
}
