import { AdapterError, type AdapterErrorLocation, type AdapterTable } from "~/core/adapters/types";
import { compileLinearRegex, type LinearRegex } from "~/core/engine/linear-regex";
import { currencyExponent } from "~/core/values/currency";
import type { RawTable } from "~/core/values/tables";
import { columnsReadBy, validateColumnMapping, type ColumnMapping, type FieldRule } from "./column-mapping-rules";
import { moneyText, parseCanonicalDecimal, parseDateIn, parseMinorUnits, type NumberFormat, type Parsed } from "./mapped-values";
import { CANONICAL_SCHEMAS, canonicalColumn, type CanonicalField, type CanonicalSchemaId } from "./schemas";

/** A mapping that cannot be applied: saved mappings are validated first, so this is a caller's bug, listed by JSON pointer. */
export class InvalidColumnMappingError extends Error {
  constructor(readonly problems: { pointer: string; message: string }[]) {
    super(`the column mapping cannot be applied: ${problems.map((problem) => `${problem.pointer}: ${problem.message}`).join("; ")}`);
    this.name = "InvalidColumnMappingError";
  }
}

const MAX_LISTED = 100;

/** A debit's sign: money out of a bank account, a debit posting on a (cash) ledger account, a credit note's other side elsewhere. */
function debitSign(schema: CanonicalSchemaId): 1n | -1n {
  return schema === "ledger_entry" ? 1n : -1n;
}

/** A problem already reported where it is (the sign column, not the amount's). */
interface Reported {
  reported: true;
}

interface CellSource {
  /** 1-based position in the table's columns, for the error. */
  position: number;
  cells: Array<string | null>;
  name: string;
}

/**
 * The table with the mapping's schema's `$` columns appended, every row read
 * by the mapping's rules. A cell that does not fit its rule, or a required
 * field a row lacks, is a located error (file, line, column, field) thrown as
 * AdapterError under "strict" (the default); under "lenient" the value is
 * empty and the error is a located warning on the result.
 */
export function applyColumnMapping(table: RawTable, mapping: ColumnMapping, options: { fileName: string; policy?: "strict" | "lenient" }): AdapterTable {
  const problems = validateColumnMapping(mapping);
  if (problems.length > 0) throw new InvalidColumnMappingError(problems);
  const reader = new MappingReader(table, mapping, options.fileName);
  const fieldNames = Object.keys(CANONICAL_SCHEMAS[mapping.schema].fields);
  const outputs = fieldNames.map(() => new Array<string | null>(table.rowCount).fill(null));
  for (let row = 0; row < table.rowCount; row++) {
    const values = reader.readRow(row);
    fieldNames.forEach((field, index) => {
      outputs[index]![row] = values[field] ?? null;
    });
  }
  const located = reader.located;
  if (located.length > 0 && options.policy !== "lenient") throw new AdapterError(located.slice(0, MAX_LISTED), located.length);
  const result: AdapterTable = { ...table, columns: [...table.columns, ...fieldNames.map(canonicalColumn)], cells: [...table.cells, ...outputs] };
  if (located.length > 0) result.warnings = located;
  return result;
}

class MappingReader {
  readonly located: AdapterErrorLocation[] = [];
  private readonly schemaFields: Readonly<Record<string, CanonicalField>>;
  private readonly patterns = new Map<string, LinearRegex>();

  constructor(
    private readonly table: RawTable,
    private readonly mapping: ColumnMapping,
    private readonly fileName: string,
  ) {
    this.schemaFields = CANONICAL_SCHEMAS[mapping.schema].fields;
    const headerLine = table.rowCount > 0 ? Math.max(1, table.provenance.line[0]! - 1) : 1;
    const missing = columnsReadBy(mapping).filter((name) => !table.columns.includes(name));
    for (const name of missing) this.located.push({ file: fileName, line: headerLine, field: name, message: `the table has no column "${name}", which the column mapping reads` });
    if (missing.length > 0) throw new AdapterError(this.located);
    for (const [field, rule] of Object.entries(mapping.fields)) {
      if (rule.pattern !== undefined) this.patterns.set(field, compileLinearRegex(rule.pattern));
    }
  }

  readRow(row: number): Record<string, string | null> {
    const values: Record<string, string | null> = {};
    const currencyRule = this.mapping.fields.currency;
    const currency = currencyRule === undefined ? null : this.readField(row, "currency", currencyRule, null);
    values.currency = currency;
    const exponent = currency === null ? undefined : currencyExponent(currency);
    // Fields whose absence is the consequence of an error already reported (or about to be) on the row: not reported again.
    const consequences = new Set<string>();
    for (const [field, rule] of Object.entries(this.mapping.fields)) {
      if (field === "currency") continue;
      if (this.schemaFields[field]!.type === "money" && exponent === undefined) {
        consequences.add(field);
        // Without a currency the digits are unknown. A currency that is not ISO is reported already, a missing required one below.
        const currencyReported = this.schemaFields.currency?.required === true || this.reportedOnRow(row, "currency");
        if (this.hasMoneyText(row, rule) && !currencyReported) this.report(row, rule.column ?? rule.debit ?? null, field, `the row has no currency to read its ${field} with`);
        continue;
      }
      values[field] = this.readField(row, field, rule, exponent ?? null);
    }
    if (this.deriveDirection(values) === "from a missing amount") consequences.add("direction");
    for (const [field, definition] of Object.entries(this.schemaFields)) {
      if (definition.required !== true || values[field] != null) continue;
      if (consequences.has(field) || this.reportedOnRow(row, field)) continue;
      const rule = this.mapping.fields[field];
      this.report(row, rule?.column ?? rule?.debit ?? null, field, `the row has no ${field}, which a ${this.mapping.schema} requires`);
    }
    return values;
  }

  private hasMoneyText(row: number, rule: FieldRule): boolean {
    if (rule.fixed !== undefined) return true;
    return [rule.column, rule.debit, rule.credit].some((name) => this.cellOf(row, name) !== null);
  }

  private deriveDirection(values: Record<string, string | null>): "not derived" | "derived" | "from a missing amount" {
    if (this.mapping.schema !== "bank_statement_line" || this.mapping.fields.direction !== undefined) return "not derived";
    const amount = values.amount ?? null;
    values.direction = amount === null ? null : amount.startsWith("-") ? "debit" : "credit";
    return amount === null ? "from a missing amount" : "derived";
  }

  private readField(row: number, field: string, rule: FieldRule, exponent: number | null): string | null {
    const definition = this.schemaFields[field]!;
    if (rule.fixed !== undefined) return this.fixedValue(definition, rule.fixed, exponent);
    if (rule.debit !== undefined && rule.credit !== undefined) return this.splitMoney(row, field, rule, exponent!);
    const text = this.extracted(row, field, rule);
    if (text === null) return null;
    const parsed = this.parse(row, field, definition, rule, text, exponent);
    if ("reported" in parsed) return null;
    if ("problem" in parsed) {
      this.report(row, rule.column!, field, parsed.problem, text);
      return null;
    }
    return parsed.value;
  }

  private parse(row: number, field: string, definition: CanonicalField, rule: FieldRule, text: string, exponent: number | null): Parsed | Reported {
    switch (definition.type) {
      case "text":
        return { value: text };
      case "currency": {
        const code = text.toUpperCase();
        return currencyExponent(code) === undefined ? { problem: `"${text}" is not an ISO 4217 currency code` } : { value: code };
      }
      case "date":
        return parseDateIn(text, rule.format!);
      case "enum":
        return enumValue(definition, rule, text, field);
      case "decimal":
        return parseCanonicalDecimal(text, numberFormatOf(rule), rule.negate === true);
      case "money":
        return this.money(row, field, rule, text, exponent!);
    }
  }

  private money(row: number, field: string, rule: FieldRule, text: string, exponent: number): Parsed | Reported {
    const parsed = parseMinorUnits(text, numberFormatOf(rule), exponent);
    if ("problem" in parsed) return parsed;
    let minor = parsed.minor;
    if (rule.sign !== undefined) {
      const signText = this.cellOf(row, rule.sign.column);
      const side = signText === null ? undefined : rule.sign.values[signText];
      if (side === undefined) {
        this.report(row, rule.sign.column, field, signText === null ? "the sign column is empty" : `"${signText}" is not one of the sign column's texts: ${Object.keys(rule.sign.values).join(", ")}`, signText);
        return { reported: true };
      }
      const magnitude = minor < 0n ? -minor : minor;
      minor = side === "debit" ? magnitude * debitSign(this.mapping.schema) : magnitude * -debitSign(this.mapping.schema);
    }
    if (rule.negate === true) minor = -minor;
    return { value: moneyText(minor, exponent) };
  }

  private splitMoney(row: number, field: string, rule: FieldRule, exponent: number): string | null {
    const format = numberFormatOf(rule);
    const sides: Array<{ column: string; side: "debit" | "credit"; minor: bigint }> = [];
    for (const [column, side] of [[rule.debit!, "debit"], [rule.credit!, "credit"]] as const) {
      const text = this.cellOf(row, column);
      if (text === null) continue;
      const parsed = parseMinorUnits(text, format, exponent);
      if ("problem" in parsed) {
        this.report(row, column, field, parsed.problem, text);
        return null;
      }
      // Some exports write 0,00 in the side a row does not use.
      if (parsed.minor !== 0n) sides.push({ column, side, minor: parsed.minor < 0n ? -parsed.minor : parsed.minor });
    }
    if (sides.length > 1) {
      this.report(row, rule.credit!, field, "the row has both a debit and a credit amount");
      return null;
    }
    const [entry] = sides;
    if (entry === undefined) {
      const zero = this.cellOf(row, rule.debit!) !== null || this.cellOf(row, rule.credit!) !== null;
      return zero ? moneyText(0n, exponent) : null;
    }
    let minor = entry.side === "debit" ? entry.minor * debitSign(this.mapping.schema) : entry.minor * -debitSign(this.mapping.schema);
    if (rule.negate === true) minor = -minor;
    return moneyText(minor, exponent);
  }

  private fixedValue(definition: CanonicalField, fixed: string, exponent: number | null): string | null {
    if (definition.type === "currency") return fixed.toUpperCase();
    if (definition.type === "money") {
      const parsed = parseMinorUnits(fixed, { decimalSeparator: ".", thousandsSeparator: "" }, exponent!);
      return "minor" in parsed ? moneyText(parsed.minor, exponent!) : null;
    }
    if (definition.type === "decimal") {
      const parsed = parseCanonicalDecimal(fixed, { decimalSeparator: ".", thousandsSeparator: "" }, false);
      return "value" in parsed ? parsed.value : null;
    }
    return fixed;
  }

  /** The column's text (trimmed, empty is absent), through the rule's pattern when it has one. */
  private extracted(row: number, field: string, rule: FieldRule): string | null {
    const text = this.cellOf(row, rule.column);
    if (text === null) return null;
    const pattern = this.patterns.get(field);
    if (pattern === undefined) return text;
    const match = pattern.exec(text);
    if (match === null) return null;
    const value = (match.captures.length > 1 ? match.captures[1] : match.captures[0])?.trim() ?? "";
    return value === "" ? null : value;
  }

  private cellOf(row: number, name: string | undefined): string | null {
    if (name === undefined) return null;
    const source = this.source(name);
    const value = source.cells[row] ?? null;
    if (value === null) return null;
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }

  private readonly sources = new Map<string, CellSource>();

  private source(name: string): CellSource {
    let source = this.sources.get(name);
    if (source === undefined) {
      const index = this.table.columns.indexOf(name);
      source = { position: index + 1, cells: this.table.cells[index]!, name };
      this.sources.set(name, source);
    }
    return source;
  }

  private report(row: number, columnName: string | null, field: string, message: string, value?: string | null): void {
    const location: AdapterErrorLocation = { file: this.fileName, line: this.table.provenance.line[row] ?? row + 1, field: canonicalColumn(field), message };
    if (columnName !== null) location.column = this.source(columnName).position;
    if (value !== undefined && value !== null) location.value = value;
    this.located.push(location);
  }

  private reportedOnRow(row: number, field: string): boolean {
    const line = this.table.provenance.line[row] ?? row + 1;
    return this.located.some((location) => location.line === line && location.field === canonicalColumn(field));
  }
}

function numberFormatOf(rule: FieldRule): NumberFormat {
  return { decimalSeparator: rule.decimalSeparator ?? ".", thousandsSeparator: rule.thousandsSeparator ?? "" };
}

function enumValue(definition: CanonicalField, rule: FieldRule, text: string, field: string): Parsed {
  const allowed = definition.values ?? [];
  if (rule.values !== undefined) {
    const mapped = rule.values[text];
    if (mapped !== undefined) return { value: mapped };
    return { problem: `"${text}" is not one of the texts the mapping translates for ${field}: ${Object.keys(rule.values).join(", ")}` };
  }
  const lower = text.toLowerCase();
  return allowed.includes(lower) ? { value: lower } : { problem: `"${text}" is not one of ${field}'s values: ${allowed.join(", ")}` };
}
