import { isoDate } from "./business-days";
import { MatchConfigurationError } from "./errors";
import { type CanonicalTable, NULL_DATE, type Side } from "../types";
import type { ByteTextColumn } from "~/core/values/text-column";

/**
 * Field names in a rule set → columns of a CanonicalTable. Lookups use own
 * properties only: a field called "constructor" must not find Object's.
 */

export function hasTextField(table: CanonicalTable, field: string): boolean {
  return Object.hasOwn(table.text, field) || field === "currency" || field === "amount" || field === "date" || Object.hasOwn(table.numbers, field);
}

/**
 * A field as text, for keys, group-by and fuzzy comparison. Text fields are
 * used as they are (transforms already normalized them); amounts compare as
 * integer minor units and dates as ISO days, so a numeric key is still an
 * exact comparison.
 */
export function textField(table: CanonicalTable, field: string, side: Side, passName: string): ReadonlyArray<string | null> {
  if (Object.hasOwn(table.text, field)) return table.text[field]!;
  if (field === "currency") return table.currency;
  if (field === "amount") return numbersAsText(table.amountMinor);
  if (field === "date") return datesAsText(table.date);
  if (Object.hasOwn(table.numbers, field)) return numbersAsText(table.numbers[field]!);
  throw new MatchConfigurationError(passName, `the ${side} side has no field "${field}"`);
}

/**
 * A field as key values: the bytes of a text field held as bytes (keys are
 * then interned on bytes, and no string is made per row), otherwise
 * textField's strings.
 */
export function keyColumn(table: CanonicalTable, field: string, side: Side, passName: string): KeyColumn {
  if (table.textBytes && Object.hasOwn(table.textBytes, field)) return table.textBytes[field]!;
  return textField(table, field, side, passName);
}

export type KeyColumn = ReadonlyArray<string | null> | ByteTextColumn;

/** The amount lane a pass compares: the canonical amount or a numeric custom field. */
export function amountField(table: CanonicalTable, field: string, side: Side, passName: string): Float64Array {
  if (field === "amount") return table.amountMinor;
  if (Object.hasOwn(table.numbers, field)) return table.numbers[field]!;
  throw new MatchConfigurationError(passName, `the ${side} side has no numeric field "${field}" to compare amounts on`);
}

/**
 * The date lane a pass compares. CanonicalTable has one date column; a custom
 * date field has nowhere to live yet, so naming one is a configuration error
 * rather than a guess at how it was encoded.
 */
export function dateField(table: CanonicalTable, field: string, side: Side, passName: string): Int32Array {
  if (field === "date") return table.date;
  throw new MatchConfigurationError(passName, `the ${side} side has no date field "${field}" (only "date" is a date column)`);
}

function numbersAsText(values: Float64Array): Array<string | null> {
  const text = new Array<string | null>(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    text[row] = Number.isNaN(value) ? null : String(value);
  }
  return text;
}

function datesAsText(values: Int32Array): Array<string | null> {
  const text = new Array<string | null>(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    text[row] = value === NULL_DATE ? null : isoDate(value);
  }
  return text;
}
