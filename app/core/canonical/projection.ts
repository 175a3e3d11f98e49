import type { CanonicalSchemaId } from "./schemas";

/**
 * How one adapter's records become canonical values: per canonical field,
 * where in the adapter's output (its source columns and `@` helpers) the
 * value comes from. A projection only reads: the adapter has already checked
 * and normalized every value (signed amounts, ISO days, upper-case codes), so
 * a canonical value is one of those, picked, sometimes renamed or negated.
 */

export type RecordValues = Readonly<Record<string, string | null | undefined>>;

export interface FieldSource {
  /** Where the value comes from, in words naming the columns: shown in docs and in a missing-field error. */
  from: string;
  read(values: RecordValues): string | null;
}

export interface AdapterProjection {
  adapter: string;
  schema: CanonicalSchemaId;
  /** Per canonical field the adapter can give; a field not listed is always empty for it (format-limited). */
  fields: Readonly<Record<string, FieldSource>>;
}

function present(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** The column's value, trimmed; empty is absent. */
export function column(name: string): FieldSource {
  return { from: name, read: (values) => present(values[name]) };
}

/** The first source that has a value. */
export function firstOf(...sources: FieldSource[]): FieldSource {
  return {
    from: sources.map((source) => source.from).join(", else "),
    read(values) {
      for (const source of sources) {
        const value = source.read(values);
        if (value !== null) return value;
      }
      return null;
    },
  };
}

/** A value computed from a source's value (null stays null). */
export function mapped(source: FieldSource, from: string, transform: (value: string) => string | null): FieldSource {
  return {
    from,
    read(values) {
      const value = source.read(values);
      return value === null ? null : transform(value);
    },
  };
}

/** The same value for every record (a currency a bank's export leaves implicit). */
export function fixed(value: string, from: string): FieldSource {
  return { from, read: () => value };
}

/** A value the adapter cannot give unless a rule on the whole record says so. */
export function computed(from: string, read: (values: RecordValues) => string | null): FieldSource {
  return { from, read };
}

/** "-12.30" ↔ "12.30"; "0.00" stays unsigned. Helper amounts are already canonical decimals. */
export function negatedDecimal(value: string): string {
  if (value.startsWith("-")) return value.slice(1);
  return /^0*(\.0*)?$/.test(value) ? value : `-${value}`;
}

/** A column's day as ISO yyyy-mm-dd from "2026-03-06 09:00:00" (provider timestamps, written in UTC or the file's zone): the day as written. */
export function isoDayOf(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value);
  return match ? match[1]! : null;
}

/** The sign of a canonical amount in words: the adapter's record type when it says credit or debit, else the sign. */
export function directionOf(recordType: string | null, amount: string | null): string | null {
  if (recordType === "credit" || recordType === "debit") return recordType;
  if (amount === null) return null;
  return amount.startsWith("-") ? "debit" : "credit";
}
