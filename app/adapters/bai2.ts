import type { RawTable } from "~/engine/types";
import { isoDateOf } from "./support/dates";
import { LocatedErrors } from "./support/located-errors";
import { formatMinor, minorDigits } from "./support/money";
import { RecordTableBuilder } from "./support/table";
import { decodeText, splitLines } from "./support/text";
import type { AdapterReadOptions, FormatAdapter } from "./types";

/**
 * BAI2 cash management balance reporting file (BAI "Cash Management
 * Balance Reporting Specifications, Version 2"; also X9.121). Source: the
 * BAI2 specification as reproduced in US banks' implementation guides.
 *
 * Records are comma-separated lines ending with "/":
 *   01 file header, 02 group header (originator, as-of date YYMMDD, currency),
 *   03 account identifier (account number, currency, summary type codes and amounts),
 *   16 transaction detail (type code, amount, funds type [+ its fields],
 *      bank reference, customer reference, free text),
 *   88 continuation of the previous record (for a 16: more text),
 *   49 account trailer (control total, record count),
 *   98 group trailer (control total, accounts, records),
 *   99 file trailer (control total, groups, records).
 * Amounts are unsigned whole numbers in the currency's minor units (cents);
 * the type code gives the direction: 100–399 credits, 400–699 debits. The
 * text of a 16 runs to the end of its record (commas included) and goes on
 * in 88 records, cut where the record length ran out, often mid-word: the
 * Text column keeps the pieces joined by "\n", @remittance joins them with
 * nothing, so a payout id wrapped into the 88 is whole again.
 *
 * Output: one record per 16 (provenance = its line). Columns: Originator
 * Identification, As-of-Date, Customer Account Number, Currency Code, Type
 * Code, Amount, Funds Type, Bank Reference Number, Customer Reference
 * Number, Text. Helpers: @amount (debits negative; null for a type code
 * outside 100–699, e.g. bank-custom 9xx codes), @currency, @date = the
 * group's as-of date, @value_date (funds type V), @reference = bank
 * reference, @customer_reference, @remittance = text, @type_code, @account,
 * @record_type = "credit" | "debit" | "other".
 * Checked: every 49/98/99 control total and record count.
 */
const SOURCE_COLUMNS = [
  "Originator Identification",
  "As-of-Date",
  "Customer Account Number",
  "Currency Code",
  "Type Code",
  "Amount",
  "Funds Type",
  "Bank Reference Number",
  "Customer Reference Number",
  "Text",
] as const;
const HELPERS = ["@amount", "@currency", "@date", "@value_date", "@reference", "@customer_reference", "@remittance", "@type_code", "@account", "@record_type"] as const;

export const bai2: FormatAdapter = {
  name: "bai2",
  title: "BAI2 balance and transaction report",
  description: "A BAI2 cash management file: one record per 16 transaction detail with its 88 continuation text; control totals and record counts are checked.",
  signature: { firstBytes: "^01,[^,\\n]*,[^,\\n]*,\\d{6}," },
  read: readBai2,
};

interface Group {
  line: number;
  originator: string | null;
  asOfDate: string | null;
  currency: string;
  total: bigint;
  records: number;
  accounts: number;
}

interface Account {
  line: number;
  number: string | null;
  currency: string;
  total: bigint;
  records: number;
}

interface Detail {
  line: number;
  values: Record<string, string | null>;
  text: string[];
  credit: boolean | null;
  minor: bigint;
  exponent: number;
}

function readBai2(bytes: Uint8Array, options: AdapterReadOptions): RawTable {
  const errors = new LocatedErrors(options.fileName);
  const table = new RecordTableBuilder([...SOURCE_COLUMNS, ...HELPERS]);
  const lines = splitLines(decodeText(bytes)).filter((entry) => entry.text.trim() !== "");
  if (lines.length === 0 || !lines[0]!.text.startsWith("01,")) errors.fail(lines[0]?.line ?? 1, 'a BAI2 file starts with its "01" file header record', { column: 1 });

  let fileTotal = 0n;
  let fileRecords = 0;
  let groups = 0;
  let group: Group | null = null;
  let account: Account | null = null;
  let detail: Detail | null = null;
  let previousCode = "";
  const flush = () => {
    if (detail) emitDetail(detail, table);
    detail = null;
  };

  for (const { line, text } of lines) {
    const code = text.slice(0, 2);
    fileRecords++;
    if (group) group.records++;
    if (account) account.records++;
    if (code !== "88") flush();
    const fields = withoutSlash(text).split(",");
    switch (code) {
      case "01":
        break;
      case "02": {
        groups++;
        const asOfDate = isoDateOf(fields[4] ?? "", "yymmdd");
        if (asOfDate === null) errors.add(line, `"${fields[4] ?? ""}" is not a YYMMDD as-of date`, { field: "As-of-Date", column: 5, value: fields[4] });
        group = { line, originator: fields[2] || null, asOfDate, currency: (fields[6] || "USD").toUpperCase(), total: 0n, records: 1, accounts: 0 };
        break;
      }
      case "03": {
        if (!group) {
          errors.add(line, "an account record (03) outside a group (02)", { column: 1 });
          break;
        }
        group.accounts++;
        account = { line, number: fields[1] || null, currency: (fields[2] || group.currency).toUpperCase(), total: 0n, records: 1 };
        if (minorDigits(account.currency) === undefined) errors.add(line, `"${account.currency}" is not an ISO 4217 currency code`, { field: "Currency Code", column: 3, value: account.currency });
        addSummaryAmounts(fields.slice(3), line, account, errors);
        break;
      }
      case "16": {
        if (!group || !account) {
          errors.add(line, "a transaction detail (16) outside an account (03)", { column: 1 });
          break;
        }
        detail = readDetail(text, line, group, account, errors);
        break;
      }
      case "88":
        if (previousCode === "16" || (previousCode === "88" && detail)) {
          if (detail) detail.text.push(withoutSlash(text.slice(3)));
        } else if (account && (previousCode === "03" || previousCode === "88")) {
          addSummaryAmounts(fields.slice(1), line, account, errors);
        }
        break;
      case "49":
        if (!account || !group) {
          errors.add(line, "an account trailer (49) without its account (03)", { column: 1 });
          break;
        }
        checkTrailer(line, fields[1], account.total, fields[2], account.records, "account", errors);
        group.total += account.total;
        account = null;
        break;
      case "98":
        if (!group) {
          errors.add(line, "a group trailer (98) without its group (02)", { column: 1 });
          break;
        }
        checkTrailer(line, fields[1], group.total, fields[3], group.records, "group", errors);
        if (fields[2] !== undefined && fields[2] !== "" && Number(fields[2]) !== group.accounts) {
          errors.add(line, `the group trailer says ${fields[2]} accounts, but the group has ${group.accounts}`, { column: 3, field: "Number of Accounts", value: fields[2] });
        }
        fileTotal += group.total;
        group = null;
        break;
      case "99":
        checkTrailer(line, fields[1], fileTotal, fields[3], fileRecords, "file", errors);
        if (fields[2] !== undefined && fields[2] !== "" && Number(fields[2]) !== groups) {
          errors.add(line, `the file trailer says ${fields[2]} groups, but the file has ${groups}`, { column: 3, field: "Number of Groups", value: fields[2] });
        }
        break;
      default:
        errors.add(line, `"${code}" is not a BAI2 record code (01, 02, 03, 16, 88, 49, 98, 99)`, { column: 1, value: code });
    }
    previousCode = code;
  }
  flush();
  errors.throwIfAny();
  return table.build(options.sourceId);
}

/** Records end with "/"; a 16's text runs to the end of the record, so only one final slash is dropped. */
function withoutSlash(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.endsWith("/") ? trimmed.slice(0, -1) : trimmed;
}

/** Summary groups of an 03 (or its 88s): type code, amount (may be signed), item count, funds type [+ fields]. */
function addSummaryAmounts(fields: string[], line: number, account: Account, errors: LocatedErrors): void {
  let index = 0;
  while (index < fields.length) {
    const typeCode = fields[index] ?? "";
    const amount = fields[index + 1] ?? "";
    if (typeCode === "" && amount === "") break;
    if (amount !== "") {
      if (!/^[+-]?\d+$/.test(amount)) errors.add(line, `"${amount}" is not a BAI2 amount (whole minor units)`, { field: "Amount", value: amount });
      else account.total += BigInt(amount);
    }
    index += 3;
    index += 1 + fundsTypeFieldCount(fields[index] ?? "", fields.slice(index + 1));
  }
}

/** Fields that follow a funds type: S has three distributions, V a date and time, D a count and that many pairs. */
function fundsTypeFieldCount(fundsType: string, after: string[]): number {
  switch (fundsType.toUpperCase()) {
    case "S":
      return 3;
    case "V":
      return 2;
    case "D": {
      const count = Number(after[0] ?? "0");
      return Number.isInteger(count) && count >= 0 ? 1 + 2 * count : 1;
    }
    default:
      return 0;
  }
}

function readDetail(text: string, line: number, group: Group, account: Account, errors: LocatedErrors): Detail | null {
  // Split only the fixed fields; the text is the rest of the record, commas included.
  const parts = text.split(",");
  const typeCode = parts[1] ?? "";
  const amountText = parts[2] ?? "";
  const fundsType = parts[3] ?? "";
  const fundsFields = fundsTypeFieldCount(fundsType, parts.slice(4));
  const referencesAt = 4 + fundsFields;
  const bankReference = parts[referencesAt] ?? "";
  const customerReference = parts[referencesAt + 1] ?? "";
  const freeText = withoutSlash(parts.slice(referencesAt + 2).join(","));
  let ok = true;
  if (!/^\d{3}$/.test(typeCode)) {
    errors.add(line, `"${typeCode}" is not a three-digit BAI2 type code`, { field: "Type Code", column: 2, value: typeCode });
    ok = false;
  }
  if (!/^\d+$/.test(amountText)) {
    errors.add(line, `"${amountText}" is not an unsigned BAI2 amount (whole minor units)`, { field: "Amount", column: 3, value: amountText });
    ok = false;
  }
  if (!ok) return null;
  const minor = BigInt(amountText);
  account.total += minor;
  const code = Number(typeCode);
  const credit = code >= 100 && code <= 399 ? true : code >= 400 && code <= 699 ? false : null;
  const valueDate = fundsType.toUpperCase() === "V" ? isoDateOf(parts[4] ?? "", "yymmdd") : null;
  return {
    line,
    values: {
      "Originator Identification": group.originator,
      "As-of-Date": group.asOfDate,
      "Customer Account Number": account.number,
      "Currency Code": account.currency,
      "Type Code": typeCode,
      Amount: amountText,
      "Funds Type": fundsType || null,
      "Bank Reference Number": bankReference || null,
      "Customer Reference Number": customerReference || null,
      "@currency": minorDigits(account.currency) === undefined ? null : account.currency,
      "@date": group.asOfDate,
      "@value_date": valueDate,
      "@reference": bankReference || null,
      "@customer_reference": customerReference || null,
      "@type_code": typeCode,
      "@account": account.number,
      "@record_type": credit === null ? "other" : credit ? "credit" : "debit",
    },
    text: freeText.trim() === "" ? [] : [freeText.trim()],
    credit,
    minor,
    exponent: minorDigits(account.currency) ?? 2,
  };
}

function emitDetail(detail: Detail, table: RecordTableBuilder): void {
  const pieces = detail.text.filter((part) => part !== "");
  const amount = detail.credit === null ? null : formatMinor(detail.credit ? detail.minor : -detail.minor, detail.exponent);
  table.add(detail.line, { ...detail.values, Text: pieces.join("\n") || null, "@remittance": pieces.join("") || null, "@amount": amount });
}

function checkTrailer(line: number, totalText: string | undefined, total: bigint, countText: string | undefined, count: number, scope: string, errors: LocatedErrors): void {
  if (totalText === undefined || !/^[+-]?\d+$/.test(totalText)) {
    errors.add(line, `the ${scope} control total "${totalText ?? ""}" is not a number`, { column: 2, field: "Control Total", value: totalText });
  } else if (BigInt(totalText) !== total) {
    errors.add(line, `the ${scope} control total says ${totalText}, but the ${scope}'s amounts add up to ${total}`, { column: 2, field: "Control Total", value: totalText });
  }
  if (countText !== undefined && countText !== "" && Number(countText) !== count) {
    errors.add(line, `the ${scope} trailer says ${countText} records, but the ${scope} has ${count}`, { field: "Number of Records", value: countText });
  }
}
