import { formatMinor } from "../support/money";
import { bai2Date } from "./columns";
import { bai2CurrencyExponent } from "./currency";
import { detailText } from "./detail-text";
import type { ErrorSink } from "./error-sink";
import { KNOWN_FUNDS_TYPES, readFundsType, type FundsType } from "./funds-type";
import type { IntegrityReport } from "./integrity";
import { FieldReader, type FieldLocation, type LogicalRecord } from "./logical-records";

/** Where the records go: a table when reading whole bytes, the profiler when streaming. */
export interface RecordSink {
  add(line: number, values: Readonly<Record<string, string | null>>): void;
}

/** BAI2 summary type codes of the ledger balances the statement identity uses. */
const OPENING_LEDGER = "010";
const CLOSING_LEDGER = "015";
const TOTAL_CREDITS = "100";
const TOTAL_DEBITS = "400";

/**
 * A scope (file, group, account) holding a record that could not be read:
 * its totals and balances are then not checked, so one broken line is
 * reported once, not again as every total above it.
 */
interface Scope {
  broken: boolean;
}

interface FileHeader extends Scope {
  creationDate: string;
  id: string;
  total: bigint;
  records: number;
  groups: number;
}

interface Group extends Scope {
  originator: string | null;
  asOfDate: string | null;
  currency: string;
  total: bigint;
  records: number;
  accounts: number;
}

interface Account extends Scope {
  number: string | null;
  currency: string;
  /** null when the currency code is unknown (reported): amounts are then not formatted. */
  exponent: number | null;
  statementId: string;
  total: bigint;
  records: number;
  opening: bigint | null;
  closing: bigint | null;
  closingAt: FieldLocation | null;
  credits: bigint;
  debits: bigint;
  /** The 03's total credits (100) and total debits (400) summaries, when given. */
  totalCredits: bigint | null;
  totalDebits: bigint | null;
  details: number;
  /** Details whose type code has no standard direction (loan, custom): the identity cannot be checked. */
  undirected: number;
}

export class Bai2Reader {
  private file: FileHeader | null = null;
  private group: Group | null = null;
  private account: Account | null = null;
  private ended = false;

  constructor(
    private readonly errors: ErrorSink,
    private readonly report: IntegrityReport,
    private readonly unreadable: boolean,
    private readonly table: RecordSink,
    /** Runs the checks only a readable file gets (see StreamedErrors.trusting); they are skipped for an unreadable one anyway. */
    private readonly trusting: (check: () => void) => void = (check) => check(),
  ) {}

  private markBroken(): void {
    for (const scope of [this.file, this.group, this.account]) if (scope) scope.broken = true;
  }

  read(record: LogicalRecord): void {
    const fields = new FieldReader(record);
    if (this.file) this.file.records += record.physicalCount;
    if (this.group) this.group.records += record.physicalCount;
    if (this.account) this.account.records += record.physicalCount;
    if (this.ended) {
      this.error(fields, 0, "a record after the file trailer (99)");
      return;
    }
    switch (record.code) {
      case "01":
        return this.fileHeader(fields);
      case "02":
        return this.groupHeader(fields);
      case "03":
        return this.accountHeader(fields);
      case "16":
        return this.detail(fields);
      case "49":
        return this.accountTrailer(fields);
      case "98":
        return this.groupTrailer(fields);
      case "99":
        return this.fileTrailer(fields);
      default:
        this.markBroken();
        this.errors.add(record.line, `"${record.code}" is not a BAI2 record code (01, 02, 03, 16, 88, 49, 98, 99)`, { column: 1, value: record.code });
    }
  }

  finish(last: LogicalRecord): void {
    if (!this.ended && this.file) this.errors.add(last.line, "the file ends without its file trailer (99)", { column: 1 });
  }

  private error(fields: FieldReader, index: number, message: string, field?: string): void {
    this.markBroken();
    const where = fields.locate(index);
    const value = index > 0 ? fields.field(index) : undefined;
    this.errors.add(where.line, message, { column: where.column, ...(field === undefined ? {} : { field }), ...(value === undefined || value === "" ? {} : { value }) });
  }

  private fileHeader(fields: FieldReader): void {
    if (this.file) return this.error(fields, 0, "a second file header (01) in one file");
    this.file = { creationDate: fields.field(3), id: fields.field(5), total: 0n, records: fields.record.physicalCount, groups: 0, broken: this.unreadable };
  }

  private groupHeader(fields: FieldReader): void {
    if (this.group) this.error(fields, 0, "a group header (02) before the previous group's trailer (98)");
    if (this.file) this.file.groups++;
    const asOfText = fields.field(4);
    let asOfDate: string | null = null;
    if (!/^\d{6}(?:\d\d)?$/.test(asOfText)) this.error(fields, 4, `"${asOfText}" is not a YYMMDD as-of date`, "As-of-Date");
    else {
      asOfDate = bai2Date(asOfText);
      if (asOfDate === null) this.report.warn(fields.locate(4), `"${asOfText}" is not a calendar date; the as-of date is left empty`, "As-of-Date", asOfText);
    }
    const currency = (fields.field(6) || "USD").toUpperCase();
    this.group = { originator: fields.field(2) || null, asOfDate, currency, total: 0n, records: fields.record.physicalCount, accounts: 0, broken: this.unreadable };
  }

  private accountHeader(fields: FieldReader): void {
    if (!this.group) return this.error(fields, 0, "an account record (03) outside a group (02)");
    if (this.account) this.error(fields, 0, "an account record (03) before the previous account's trailer (49)");
    this.group.accounts++;
    const number = fields.field(1) || null;
    const currency = (fields.field(2) || this.group.currency).toUpperCase();
    const known = bai2CurrencyExponent(currency);
    if (known === undefined) this.error(fields, 2, `"${currency}" is not an ISO 4217 currency code`, "Currency Code");
    else if (known.historic) this.report.warn(fields.locate(2), `"${currency}" is a historic ISO 4217 currency code (withdrawn); read with ${known.exponent} minor digits`, "Currency Code", currency);
    const statementId = `${number ?? ""}/${this.file?.creationDate ?? ""}/${this.file?.id ?? ""}`;
    const account: Account = {
      number,
      currency,
      exponent: known?.exponent ?? null,
      statementId,
      total: 0n,
      records: fields.record.physicalCount,
      opening: null,
      closing: null,
      closingAt: null,
      credits: 0n,
      debits: 0n,
      totalCredits: null,
      totalDebits: null,
      details: 0,
      undirected: 0,
      broken: this.unreadable,
    };
    this.account = account;
    this.summaries(fields, account);
  }

  /** The 03's summary groups: type code, amount, item count, funds type [+ its fields]; any of them may be blank. */
  private summaries(fields: FieldReader, account: Account): void {
    let at = 3;
    while (at < fields.count) {
      const typeCode = fields.field(at);
      const amountText = fields.field(at + 1);
      const itemCount = fields.field(at + 2);
      const funds = readFundsType(fields, at + 3);
      if (typeCode !== "" && !/^\d{3}$/.test(typeCode)) this.error(fields, at, `"${typeCode}" is not a three-digit BAI2 type code`, "Type Code");
      if (itemCount !== "" && !/^\d+$/.test(itemCount)) this.error(fields, at + 2, `"${itemCount}" is not an item count`, "Item Count");
      this.checkFunds(fields, at + 3, funds);
      if (amountText !== "") {
        if (!/^[+-]?\d+$/.test(amountText)) this.error(fields, at + 1, `"${amountText}" is not a BAI2 amount (whole minor units, optionally signed)`, "Amount");
        else {
          const amount = BigInt(amountText);
          account.total += amount;
          if (typeCode === OPENING_LEDGER) account.opening = amount;
          if (typeCode === TOTAL_CREDITS) account.totalCredits = amount;
          if (typeCode === TOTAL_DEBITS) account.totalDebits = amount;
          if (typeCode === CLOSING_LEDGER) {
            account.closing = amount;
            account.closingAt = fields.locate(at + 1);
          }
        }
      }
      if (funds.badCount !== undefined) return;
      at = funds.next;
    }
  }

  private checkFunds(fields: FieldReader, at: number, funds: FundsType): void {
    if (!KNOWN_FUNDS_TYPES.has(funds.code)) this.error(fields, at, `"${funds.code}" is not a BAI2 funds type (0, 1, 2, S, V, D, Z or blank)`, "Funds Type");
    if (funds.badCount !== undefined) this.error(fields, funds.badCount, `"${fields.field(funds.badCount)}" is not a number of distributions this record holds`, "Number of Distributions");
    for (const index of funds.amountFields) {
      const text = fields.field(index);
      if (text !== "" && !/^[+-]?\d+$/.test(text)) this.error(fields, index, `"${text}" is not a funds availability amount (whole minor units)`, "Availability Amount");
    }
  }

  private detail(fields: FieldReader): void {
    const group = this.group;
    const account = this.account;
    if (!group || !account) return this.error(fields, 0, "a transaction detail (16) outside an account (03)");
    const typeCode = fields.field(1);
    const amountText = fields.field(2);
    const funds = readFundsType(fields, 3);
    let ok = true;
    if (!/^\d{3}$/.test(typeCode)) {
      this.error(fields, 1, `"${typeCode}" is not a three-digit BAI2 type code`, "Type Code");
      ok = false;
    }
    if (amountText !== "" && !/^\+?\d+$/.test(amountText)) {
      this.error(fields, 2, `"${amountText}" is not an unsigned BAI2 amount (whole minor units)`, "Amount");
      ok = false;
    }
    this.checkFunds(fields, 3, funds);
    if (!ok || funds.badCount !== undefined) return;
    // A blank amount is the default: zero.
    const minor = amountText === "" ? 0n : BigInt(amountText);
    account.total += minor;
    account.details++;
    const code = Number(typeCode);
    const credit = code >= 100 && code <= 399 ? true : code >= 400 && code <= 699 ? false : null;
    if (credit === true) account.credits += minor;
    else if (credit === false) account.debits += minor;
    else account.undirected++;

    let valueDate: string | null = null;
    if (funds.valueDate) {
      valueDate = bai2Date(funds.valueDate);
      if (valueDate === null) this.report.warn(fields.locate(4), `"${funds.valueDate}" is not a YYMMDD calendar date; the value date is left empty`, "Value Date", funds.valueDate);
    }
    const bankReference = fields.field(funds.next) || null;
    const customerReference = fields.field(funds.next + 1) || null;
    const text = detailText(fields, funds.next + 2);
    const exponent = account.exponent;
    const money = (value: bigint | null) => (value === null || exponent === null ? null : formatMinor(value, exponent));
    this.table.add(fields.record.line, {
      "Originator Identification": group.originator,
      "As-of-Date": group.asOfDate,
      "Customer Account Number": account.number,
      "Currency Code": account.currency,
      "Type Code": typeCode,
      Amount: amountText,
      "Funds Type": funds.code || null,
      "Bank Reference Number": bankReference,
      "Customer Reference Number": customerReference,
      Text: text.pieces.join("\n") || null,
      "@amount": credit === null ? null : money(credit ? minor : -minor),
      "@currency": exponent === null ? null : account.currency,
      "@date": group.asOfDate,
      "@value_date": valueDate,
      "@reference": bankReference,
      "@customer_reference": customerReference,
      "@remittance": text.remittance || null,
      "@type_code": typeCode,
      "@account": account.number,
      "@record_type": credit === null ? "other" : credit ? "credit" : "debit",
      "@statement_id": account.statementId,
      "@opening_balance": money(account.opening),
      "@closing_balance": money(account.closing),
    });
  }

  private accountTrailer(fields: FieldReader): void {
    const account = this.account;
    if (!account || !this.group) return this.error(fields, 0, "an account trailer (49) without its account (03)");
    if (!account.broken)
      this.trusting(() => {
        this.checkTotal(fields, 1, account.total, "account");
        this.checkIdentity(fields, account);
      });
    this.checkCount(fields, 2, account.records, "account", "records", "Number of Records");
    this.group.total += account.total;
    this.group.broken ||= account.broken;
    this.account = null;
  }

  private groupTrailer(fields: FieldReader): void {
    const group = this.group;
    if (!group) return this.error(fields, 0, "a group trailer (98) without its group (02)");
    if (this.account && !this.account.broken) this.trusting(() => this.error(fields, 0, "a group trailer (98) before the account's trailer (49)"));
    this.account = null;
    if (!group.broken) this.trusting(() => this.checkTotal(fields, 1, group.total, "group"));
    this.checkCount(fields, 2, group.accounts, "group", "accounts", "Number of Accounts");
    this.checkCount(fields, 3, group.records, "group", "records", "Number of Records");
    if (this.file) {
      this.file.total += group.total;
      this.file.broken ||= group.broken;
    }
    this.group = null;
  }

  private fileTrailer(fields: FieldReader): void {
    const file = this.file;
    if (!file) return;
    // A group left open by a record that could not be read was reported there already.
    if (this.group && !this.group.broken) this.trusting(() => this.error(fields, 0, "a file trailer (99) before the group's trailer (98)"));
    if (this.group) file.broken = true;
    if (!file.broken) this.trusting(() => this.checkTotal(fields, 1, file.total, "file"));
    this.checkCount(fields, 2, file.groups, "file", "groups", "Number of Groups");
    this.checkCount(fields, 3, file.records, "file", "records", "Number of Records");
    this.ended = true;
  }

  private checkTotal(fields: FieldReader, index: number, total: bigint, scope: string): void {
    const text = fields.field(index);
    if (!/^[+-]?\d+$/.test(text)) return this.error(fields, index, `the ${scope} control total "${text}" is not a number`, "Control Total");
    if (BigInt(text) === total) return;
    this.report.integrityBreak(fields.locate(index), `the ${scope} control total says ${text}, but the ${scope}'s amounts add up to ${total}`, "Control Total", text);
  }

  private checkCount(fields: FieldReader, index: number, count: number, scope: string, what: string, field: string): void {
    const text = fields.field(index);
    if (text === "") return; // optional in practice: some banks leave counts blank
    if (!/^\d+$/.test(text)) return this.error(fields, index, `the ${scope} trailer's ${what} "${text}" is not a number`, field);
    if (Number(text) === count) return;
    this.report.integrityBreak(fields.locate(index), `the ${scope} trailer says ${text} ${what}, but the ${scope} has ${count}`, field, text);
  }

  /**
   * Opening ledger + credits − debits = closing ledger, when the 03 gives both
   * balances. The credits and debits are the 03's own totals (100, 400) when it
   * gives them (some banks send details for a subset of entries only), else the
   * details'. An account with neither (balances only) has nothing to check, and
   * one whose details include loan or custom type codes cannot be checked.
   */
  private checkIdentity(fields: FieldReader, account: Account): void {
    if (account.opening === null || account.closing === null || account.exponent === null) return;
    const where = account.closingAt ?? fields.locate(0);
    const byTotals = account.totalCredits !== null || account.totalDebits !== null;
    if (!byTotals && account.details === 0) return;
    if (byTotals) {
      const credits = account.totalCredits ?? 0n;
      const debits = account.totalDebits ?? 0n;
      this.compareLedger(where, account, credits, debits, "total credits (100)", "total debits (400)");
      return;
    }
    if (account.undirected > 0) {
      this.report.warn(where, `the ledger balances were not checked: ${account.undirected} detail${account.undirected === 1 ? " has" : "s have"} a type code with no standard direction (loan or custom)`, "Closing Ledger");
      return;
    }
    this.compareLedger(where, account, account.credits, account.debits, "credits", "debits");
  }

  private compareLedger(where: FieldLocation, account: Account, credits: bigint, debits: bigint, creditsName: string, debitsName: string): void {
    const opening = account.opening!;
    const closing = account.closing!;
    const expected = opening + credits - debits;
    if (expected === closing) return;
    const money = (value: bigint) => formatMinor(value, account.exponent!);
    this.report.integrityBreak(
      where,
      `opening ledger ${money(opening)} + ${creditsName} ${money(credits)} − ${debitsName} ${money(debits)} = ${money(expected)}, but the closing ledger (015) says ${money(closing)}`,
      "Closing Ledger",
      closing.toString(),
    );
  }
}
