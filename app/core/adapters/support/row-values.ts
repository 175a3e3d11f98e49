import type { CsvFile } from "./csv";
import type { LocatedErrors } from "./located-errors";
import { isoDateOf, type DateShape } from "./dates";
import { decimalToMinor, minorDigits, type DecimalFormat } from "./money";

/**
 * Reads typed values from one CSV record, reporting each bad cell as a
 * located error (line, 1-based field position, column name, value) and
 * returning null so the adapter can carry on and report the rest.
 */
export class CsvRowReader {
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly file: CsvFile,
    private readonly errors: LocatedErrors,
  ) {
    file.header.forEach((name, index) => {
      if (!this.positions.has(name)) this.positions.set(name, index);
    });
  }

  has(name: string): boolean {
    return this.positions.has(name);
  }

  text(row: number, name: string): string | null {
    const index = this.positions.get(name);
    if (index === undefined) return null;
    const value = this.file.cells[index]![row]!;
    return value === null || value.trim() === "" ? null : value.trim();
  }

  line(row: number): number {
    return this.file.lines[row]!;
  }

  report(row: number, name: string, message: string, value?: string | null): void {
    const index = this.positions.get(name);
    this.errors.add(this.line(row), message, { field: name, value, ...(index === undefined ? {} : { column: index + 1 }) });
  }

  /** Upper-case ISO 4217 code and its minor digits; null (reported) when absent or unknown. */
  currency(row: number, name: string): { code: string; exponent: number } | null {
    const text = this.text(row, name);
    if (text === null) {
      this.report(row, name, "the currency is missing");
      return null;
    }
    const code = text.toUpperCase();
    const exponent = minorDigits(code);
    if (exponent === undefined) {
      this.report(row, name, `"${text}" is not an ISO 4217 currency code`, text);
      return null;
    }
    return { code, exponent };
  }

  /** Minor units of a decimal cell; null when blank (and `required` is false) or bad (reported). */
  amount(row: number, name: string, exponent: number, format: DecimalFormat, required = true): bigint | null {
    const text = this.text(row, name);
    if (text === null) {
      if (required) this.report(row, name, "the amount is missing");
      return null;
    }
    const minor = decimalToMinor(text, exponent, format);
    if (typeof minor === "string") {
      this.report(row, name, minor, text);
      return null;
    }
    return minor;
  }

  /** ISO date of a cell; null when blank (and not `required`) or not in the shape (reported). */
  date(row: number, name: string, shape: DateShape, required = true): string | null {
    const text = this.text(row, name);
    if (text === null) {
      if (required) this.report(row, name, "the date is missing");
      return null;
    }
    const iso = isoDateOf(text, shape);
    if (iso === null) this.report(row, name, `"${text}" is not a date in the ${SHAPE_NAMES[shape]} form this format uses`, text);
    return iso;
  }
}

const SHAPE_NAMES: Record<DateShape, string> = {
  ymd: "yyyy-mm-dd",
  "ymd-slash": "yyyy/mm/dd",
  "mdy-slash": "MM/DD/YYYY",
  "dmy-dot": "dd.mm.yyyy",
  "dmy-dot-yy": "dd.mm.yy",
  "dmy-dash": "dd-mm-yyyy",
  yyyymmdd: "yyyymmdd",
  yymmdd: "YYMMDD",
};

/** Helper columns filled row by row, appended after the source's own columns. */
export class HelperColumns<Name extends string> {
  readonly cells: Array<Array<string | null>>;

  constructor(
    readonly names: readonly Name[],
    rowCount: number,
  ) {
    this.cells = names.map(() => new Array<string | null>(rowCount).fill(null));
  }

  set(row: number, name: Name, value: string | null): void {
    this.cells[this.names.indexOf(name)]![row] = value === "" ? null : value;
  }
}
