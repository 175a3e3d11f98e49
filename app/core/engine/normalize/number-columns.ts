import { compileExpression, ExpressionError } from "../expression";
import { CANONICAL_FIELDS, type FieldMapping, type SideDefinition } from "../rule-set";
import type { NumberColumnSpec } from "../types";
import { DEFAULT_AMOUNT_FORMAT } from "~/core/values/amounts";
import { compileDayParser, resolveTimeZone } from "~/core/values/dates";

/**
 * Which raw columns a reader may parse straight to numbers for a side, and
 * whether a mapping can take such a column as is.
 *
 * Parsing an amount or a timestamp column to a Float64Array while the file
 * is read, instead of keeping a string per cell and parsing it again when
 * mapping, is most of what made 1M-row reconciliations slow and large: each
 * retained string is traced by the garbage collector until the run ends.
 * A column qualifies only when exactly one mapping reads it and that
 * mapping's chain is exactly the parse (`amount` from the column, or one
 * parseAmount, or `date` from one parseDate), and the scope filter does not
 * name it: then the number column holds what the chain would have produced,
 * and nothing else needs the text. What the raw table then lacks is the text
 * of those cells for display (unparseable cells keep theirs).
 */

const CANONICAL: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** The parse a mapping's chain is, if it is exactly one parse of its column; otherwise null. */
export function numberSpecOfMapping(mapping: FieldMapping): NumberColumnSpec | null {
  if (mapping.column === undefined) return null;
  const transforms = mapping.transforms;
  if (transforms.length === 0) return mapping.field === "amount" ? { kind: "amount", format: { ...DEFAULT_AMOUNT_FORMAT } } : null;
  if (transforms.length !== 1) return null;
  const only = transforms[0]!;
  if (only.op === "parseAmount") {
    // Canonical text fields keep text; `amount` and custom fields store the minor units.
    if (mapping.field !== "amount" && CANONICAL.has(mapping.field)) return null;
    if (only.decimalSeparator === only.thousandsSeparator) return null;
    const { decimalSeparator, thousandsSeparator, sign, minorUnits } = only;
    return { kind: "amount", format: { decimalSeparator, thousandsSeparator, sign, minorUnits } };
  }
  if (only.op === "parseDate" && mapping.field === "date") {
    const timeZone = resolveTimeZone(only.timeZone);
    if (timeZone === null || typeof compileDayParser(only.format, timeZone) === "string") return null;
    return { kind: "day", format: only.format, timeZone };
  }
  return null;
}

export function sameNumberSpec(a: NumberColumnSpec, b: NumberColumnSpec): boolean {
  if (a.kind === "amount" && b.kind === "amount") {
    return (
      a.format.decimalSeparator === b.format.decimalSeparator &&
      a.format.thousandsSeparator === b.format.thousandsSeparator &&
      a.format.sign === b.format.sign &&
      a.format.minorUnits === b.format.minorUnits
    );
  }
  if (a.kind === "day" && b.kind === "day") return a.format === b.format && a.timeZone === b.timeZone;
  return false;
}

export function describeNumberSpec(spec: NumberColumnSpec): string {
  return spec.kind === "amount" ? `amounts in minor units (${JSON.stringify(spec.format)})` : `day numbers (format "${spec.format}", zone ${spec.timeZone})`;
}

/** The columns of a side that a reader may parse to numbers, by column name. */
export function numberColumnsForSide(side: SideDefinition): Record<string, NumberColumnSpec> {
  // Grouping reads and writes the text of key and summed columns before any mapping: keep every cell as text.
  if (side.groupBy) return {};
  const readers = new Map<string, number>();
  for (const mapping of side.mappings) if (mapping.column !== undefined) readers.set(mapping.column, (readers.get(mapping.column) ?? 0) + 1);
  let filterNames: ReadonlySet<string> = new Set();
  if (side.filter !== undefined) {
    try {
      filterNames = new Set(compileExpression(side.filter).identifiers);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return {};
    }
  }
  const specs: Record<string, NumberColumnSpec> = {};
  for (const mapping of side.mappings) {
    const column = mapping.column;
    if (column === undefined || readers.get(column) !== 1 || filterNames.has(column)) continue;
    const spec = numberSpecOfMapping(mapping);
    if (spec) specs[column] = spec;
  }
  return specs;
}
