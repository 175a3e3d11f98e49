import type { RawTable } from "~/engine/types";
import { isoDate, isoDateOf } from "./support/dates";
import { LocatedErrors } from "./support/located-errors";
import { decimalToMinor, formatMinor, minorDigits } from "./support/money";
import { RecordTableBuilder } from "./support/table";
import { decodeText, splitLines, type TextLine } from "./support/text";
import type { AdapterReadOptions, FormatAdapter } from "./types";

/**
 * SWIFT MT940 customer statement. Source: the SWIFT MT940 field
 * specification as published in banks' implementation guides (e.g. the
 * SEPA/DK MT940 guides): tags :20: transaction reference, :25: account,
 * :28C: statement/sequence number, :60F:/:60M: opening balance, :61:
 * statement line, :86: information to account owner, :62F:/:62M: closing
 * balance, :64:/:65: available balances. A file may hold several statements,
 * with or without the {1:…}{2:…}{4: … -} SWIFT envelope.
 *
 * :61: is 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x] with supplementary details
 * on an optional second line: value date YYMMDD, entry date MMDD, mark C, D,
 * RC or RD (reversals), funds code, amount with a decimal comma, transaction
 * type (N/F/S + 3), customer reference, // bank reference.
 * :86: runs over several lines (65 characters each, often cut mid-word) and
 * carries the remittance text where payout ids hide: the source column keeps
 * its lines joined by "\n", @remittance joins them with nothing, so an id
 * wrapped across two lines is whole again.
 *
 * Output: one record per :61:, provenance = its line. Columns: :20:, :25:,
 * :28C:, :61:value_date, :61:entry_date, :61:mark, :61:funds_code,
 * :61:amount, :61:type, :61:customer_reference, :61:bank_reference,
 * :61:supplementary, :86:. Helpers: @amount (D/RC negative), @currency (from
 * :60F:), @date = entry date (else value date), @value_date, @reference =
 * bank reference (else customer reference), @remittance, @account,
 * @record_type = "credit" | "debit". Checked per statement: opening balance
 * + lines = closing balance (a located error on :62F:).
 */
const SOURCE_COLUMNS = [":20:", ":25:", ":28C:", ":61:value_date", ":61:entry_date", ":61:mark", ":61:funds_code", ":61:amount", ":61:type", ":61:customer_reference", ":61:bank_reference", ":61:supplementary", ":86:"] as const;
const HELPERS = ["@amount", "@currency", "@date", "@value_date", "@reference", "@remittance", "@account", "@record_type"] as const;
const STATEMENT_LINE = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d{1,12},\d{0,3})([NSF][A-Z0-9]{3})(.*)$/;
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d{1,12},\d{0,3})$/;
const MT940_DECIMAL = { decimalSeparator: "," } as const;
const TAG = /^:\d{2}[A-Z]?:/;

export const mt940: FormatAdapter = {
  name: "mt940",
  title: "SWIFT MT940 bank statement",
  description: "A SWIFT MT940 statement: one record per :61: statement line with its :86: remittance text; opening + lines = closing balance is checked.",
  signature: { firstBytes: "^:20:" },
  read: readMt940,
};

interface Field {
  tag: string;
  line: number;
  lines: string[];
}

interface Balance {
  minor: bigint;
  currency: string;
  exponent: number;
  line: number;
}

interface Statement {
  reference: string | null;
  account: string | null;
  number: string | null;
  opening: Balance | null;
  sum: bigint;
  /** A line or balance of this statement was reported: its balance check would only repeat that error. */
  incomplete: boolean;
}

function readMt940(bytes: Uint8Array, options: AdapterReadOptions): RawTable {
  const errors = new LocatedErrors(options.fileName);
  const text = decodeText(bytes);
  if (!/^(?:\{4:)?:20:/m.test(text)) errors.fail(1, "the file has no :20: tag: it is not an MT940 statement");
  const fields = fieldsOf(splitLines(text), errors);
  const table = new RecordTableBuilder([...SOURCE_COLUMNS, ...HELPERS]);
  let statement: Statement | null = null;
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const value = field.lines.join("\n");
    switch (field.tag) {
      case "20":
        statement = { reference: value.trim(), account: null, number: null, opening: null, sum: 0n, incomplete: false };
        break;
      case "25":
        if (statement) statement.account = value.trim();
        break;
      case "28C":
        if (statement) statement.number = value.trim();
        break;
      case "60F":
      case "60M":
        if (statement) {
          statement.opening = balanceOf(field, errors);
          if (!statement.opening) statement.incomplete = true;
        }
        break;
      case "61": {
        if (!statement?.opening) {
          if (!statement?.incomplete) errors.add(field.line, "a :61: statement line comes before the statement's :20: and :60F: opening balance", { field: ":61:" });
          break;
        }
        const next = fields[index + 1];
        const information = next?.tag === "86" ? next : null;
        readStatementLine(field, information, statement, table, errors);
        break;
      }
      case "62F":
      case "62M": {
        const closing = balanceOf(field, errors);
        if (statement?.opening && !statement.incomplete && closing && closing.currency === statement.opening.currency) {
          const expected = statement.opening.minor + statement.sum;
          if (expected !== closing.minor) {
            const format = (minor: bigint) => formatMinor(minor, closing.exponent);
            errors.add(field.line, `the closing balance ${format(closing.minor)} is not the opening balance plus the statement lines (${format(expected)})`, {
              field: `:${field.tag}:`,
              value,
            });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  errors.throwIfAny();
  return table.build(options.sourceId);
}

/** Tags with their continuation lines; envelope blocks ({1:…}, {4:, -}) are skipped. */
function fieldsOf(lines: TextLine[], errors: LocatedErrors): Field[] {
  const fields: Field[] = [];
  let current: Field | null = null;
  for (const { line, text } of lines) {
    const trimmed = text.trimEnd();
    const envelope = /^\{[1-5]:/.test(trimmed) || trimmed === "-}" || trimmed === "-";
    if (envelope) {
      current = null;
      // "{4:" may be followed by the first tag on the same line.
      const inline = /\{4:(:.*)$/.exec(trimmed);
      if (!inline) continue;
      current = startField(inline[1]!, line, errors);
      if (current) fields.push(current);
      continue;
    }
    // A line is a new tag only when it is shaped like one: :86: text may itself start with a colon.
    if (TAG.test(trimmed) || (trimmed.startsWith(":") && !current)) {
      current = startField(trimmed, line, errors);
      if (current) fields.push(current);
      continue;
    }
    if (trimmed === "") continue;
    if (!current) {
      errors.add(line, "text outside any tag: MT940 lines start with a :tag: or continue the previous one", { column: 1, value: trimmed });
      continue;
    }
    current.lines.push(trimmed);
  }
  return fields;
}

function startField(text: string, line: number, errors: LocatedErrors): Field | null {
  const match = /^:(\d{2}[A-Z]?):(.*)$/.exec(text);
  if (!match) {
    errors.add(line, `"${text.slice(0, 8)}" is not an MT940 tag`, { column: 1, value: text });
    return null;
  }
  return { tag: match[1]!, line, lines: [match[2]!] };
}

function balanceOf(field: Field, errors: LocatedErrors): Balance | null {
  const value = field.lines.join("").trim();
  const match = BALANCE.exec(value);
  const tag = `:${field.tag}:`;
  if (!match) {
    errors.add(field.line, "a balance is written C|D, YYMMDD, currency and amount with a decimal comma, e.g. C260105EUR1234,56", { field: tag, value });
    return null;
  }
  const currency = match[3]!;
  const exponent = minorDigits(currency);
  if (exponent === undefined) {
    errors.add(field.line, `"${currency}" is not an ISO 4217 currency code`, { field: tag, value: currency });
    return null;
  }
  const minor = decimalToMinor(match[4]!, exponent, MT940_DECIMAL);
  if (typeof minor === "string") {
    errors.add(field.line, minor, { field: tag, value: match[4] });
    return null;
  }
  return { minor: match[1] === "D" ? -minor : minor, currency, exponent, line: field.line };
}

function readStatementLine(field: Field, information: Field | null, statement: Statement, table: RecordTableBuilder, errors: LocatedErrors): void {
  const [first, ...rest] = field.lines;
  const match = STATEMENT_LINE.exec(first!.trim());
  if (!match) {
    statement.incomplete = true;
    errors.add(field.line, "a :61: line is value date YYMMDD, [entry date MMDD], C/D/RC/RD, [funds code], amount with a decimal comma, type (e.g. NTRF), references", {
      field: ":61:",
      value: first,
    });
    return;
  }
  const [, valueText, entryText, mark, fundsCode, amountText, type, references] = match;
  const opening = statement.opening!;
  const valueDate = isoDateOf(valueText!, "yymmdd");
  if (valueDate === null) errors.add(field.line, `"${valueText}" is not a YYMMDD value date`, { field: ":61:", column: 5, value: valueText });
  const entryDate = entryText === undefined || valueDate === null ? null : entryDateNear(valueDate, entryText);
  if (entryText !== undefined && valueDate !== null && entryDate === null) {
    errors.add(field.line, `"${entryText}" is not an MMDD entry date`, { field: ":61:", column: 11, value: entryText });
  }
  const minor = decimalToMinor(amountText!, opening.exponent, MT940_DECIMAL);
  let amount: string | null = null;
  // C and RD (reversal of a debit) add money; D and RC take it away.
  const credit = mark === "C" || mark === "RD";
  if (typeof minor === "string") {
    statement.incomplete = true;
    errors.add(field.line, minor, { field: ":61:", value: amountText });
  } else {
    const signed = credit ? minor : -minor;
    statement.sum += signed;
    amount = formatMinor(signed, opening.exponent);
  }
  const [customerReference, bankReference] = splitReferences(references!);
  const remittanceLines = information?.lines ?? [];
  table.add(field.line, {
    ":20:": statement.reference,
    ":25:": statement.account,
    ":28C:": statement.number,
    ":61:value_date": valueText,
    ":61:entry_date": entryText,
    ":61:mark": mark,
    ":61:funds_code": fundsCode,
    ":61:amount": amountText,
    ":61:type": type,
    ":61:customer_reference": customerReference,
    ":61:bank_reference": bankReference,
    ":61:supplementary": rest.join(" ").trim() || null,
    ":86:": remittanceLines.join("\n") || null,
    "@amount": amount,
    "@currency": opening.currency,
    "@date": entryDate ?? valueDate,
    "@value_date": valueDate,
    "@reference": bankReference ?? (customerReference === "NONREF" ? null : customerReference),
    "@remittance": remittanceLines.join("") || null,
    "@account": statement.account,
    "@record_type": credit ? "credit" : "debit",
  });
}

function splitReferences(text: string): [string | null, string | null] {
  const separator = text.indexOf("//");
  if (separator < 0) return [text.trim() || null, null];
  return [text.slice(0, separator).trim() || null, text.slice(separator + 2).trim() || null];
}

/** The entry date has no year: take the one that puts it closest to the value date (entries cross New Year). */
function entryDateNear(valueDate: string, mmdd: string): string | null {
  const year = Number(valueDate.slice(0, 4));
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  const candidates = [year - 1, year, year + 1].map((y) => isoDate(y, month, day)).filter((date): date is string => date !== null);
  if (candidates.length === 0) return null;
  const distance = (date: string) => Math.abs(Date.parse(date) - Date.parse(valueDate));
  return candidates.reduce((best, date) => (distance(date) < distance(best) ? date : best));
}

