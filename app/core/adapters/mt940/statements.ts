import { currencyDigits } from "../support/historic-currencies";
import { formatMinor } from "../support/money";
import type { SwiftRecord, StatementKind } from "./columns";
import type { Findings } from "./findings";
import { informationOf } from "./information";
import { sequenceGapOf, type SequenceNumber, sequenceNumberOf } from "./sequence";
import { CHUNK_READ, swiftFields, type SwiftField } from "./tokenizer";
import { balanceOf, dateTimeIndicationOf, entryTotalOf, fieldValue, floorLimitOf, statementLineOf, type Balance, type EntryTotal, type Money } from "./values";

/**
 * Statement assembly: tag fields -> records, one statement at a time.
 *
 * MT940: a statement is :20: [:21:] :25: :28C: :60F:/:60M: (:61: [:86:])*
 * :62F:/:62M: [:64:] [:65:]* [:86:]. It ends at its closing balance: a :61:
 * after it (before the next :20:) is a located error, never added silently
 * to the statement it would unbalance. Its records are held until the closing
 * balance is read (they carry @closing_balance), so memory follows one
 * statement, not the file.
 *
 * MT942: :20: [:21:] :25: :28C: :34F: [:34F:] :13D: (:61: [:86:])* [:90D:]
 * [:90C:] [:86:]; a report ends at the next :20: or the file's end.
 *
 * Integrity (a break is an error under strict, a warning under lenient):
 * opening + entries = closing; a :60M: equals the :62M: of the page before
 * it; balances and totals share the statement's currency; :90D:/:90C: count
 * and sum the debit/credit entries.
 */

interface Statement {
  line: number;
  reference: string;
  related: string | null;
  account: string | null;
  number: string | null;
  dateTime: string | null;
  money: Money | null;
  opening: Balance | null;
  closing: Balance | null;
  debit: { count: number; minor: bigint };
  credit: { count: number; minor: bigint };
  totals: EntryTotal[];
  /** An error was reported inside: integrity checks would only repeat it. */
  incomplete: boolean;
  records: SwiftRecord[];
}

interface PreviousPage {
  closing: Balance | null;
  sequence: SequenceNumber | null;
}

export function readSwiftRecords(text: string | Iterable<string>, kind: StatementKind, findings: Findings): Generator<SwiftRecord> {
  return readSwiftRecordsAndPauses(text, kind, findings, false) as Generator<SwiftRecord>;
}

/** readSwiftRecords that, with `pauses`, also yields CHUNK_READ after each chunk is read (see physicalLines). */
export function* readSwiftRecordsAndPauses(text: string | Iterable<string>, kind: StatementKind, findings: Findings, pauses = true): Generator<SwiftRecord | typeof CHUNK_READ> {
  const reader = new StatementReader(kind, findings);
  let pendingLine: SwiftField | null = null;
  for (const field of swiftFields(text, findings.errors)) {
    if (field === CHUNK_READ) {
      if (pauses) yield field;
      continue;
    }
    // :NS: (non-SWIFT bank data) may sit between a :61: and its :86:; it carries nothing this reader uses.
    if (field.tag === "NS") continue;
    if (pendingLine) {
      reader.statementLine(pendingLine, field.tag === "86" ? field : null);
      pendingLine = null;
      if (field.tag === "86") continue;
    }
    if (field.tag === "61") {
      pendingLine = field;
      continue;
    }
    yield* reader.field(field);
  }
  if (pendingLine) reader.statementLine(pendingLine, null);
  yield* reader.end();
}

class StatementReader {
  private statement: Statement | null = null;
  private readonly previousByAccount = new Map<string, PreviousPage>();

  constructor(
    private readonly kind: StatementKind,
    private readonly findings: Findings,
  ) {}

  *field(field: SwiftField): Generator<SwiftRecord> {
    const statement = this.statement;
    const value = fieldValue(field);
    switch (field.tag) {
      case "20":
        yield* this.end();
        this.statement = newStatement(field.line, value);
        return;
      case "21":
        if (statement) statement.related = value;
        return;
      case "25":
        if (statement) statement.account = value;
        return;
      case "28C":
      case "28":
        if (statement) {
          statement.number = value;
          this.checkSequence(statement, field);
        }
        return;
      case "13D":
        if (statement) statement.dateTime = dateTimeIndicationOf(field, this.findings);
        return;
      case "34F":
        if (statement && !statement.money) {
          statement.money = floorLimitOf(field, this.findings, true);
          if (!statement.money) statement.incomplete = true;
        } else if (statement) this.checkCurrency(statement, floorLimitOf(field, this.findings, false));
        return;
      case "60F":
      case "60M":
        return this.opening(field);
      case "62F":
      case "62M":
        return this.closing(field);
      case "64":
      case "65":
        if (statement) this.checkCurrency(statement, balanceOf(field, this.findings, false));
        return;
      case "90D":
      case "90C": {
        const total = entryTotalOf(field, this.findings);
        if (!statement) return;
        if (total) statement.totals.push(total);
        else statement.incomplete = true;
        return;
      }
      default:
        return;
    }
  }

  private opening(field: SwiftField): void {
    const statement = this.statement;
    if (!statement) return;
    if (statement.closing) {
      this.findings.error(field.line, `an opening balance after the statement's closing balance (line ${statement.closing.line}): a new statement starts with :20:`, { field: `:${field.tag}:` });
      return;
    }
    const opening = balanceOf(field, this.findings, true);
    if (!opening) {
      statement.incomplete = true;
      return;
    }
    statement.opening = opening;
    statement.money ??= opening;
    if (opening.tag !== "60M" || statement.account === null) return;
    // An intermediate opening balance continues the page before it: it must be that page's :62M:.
    const previous = this.previousByAccount.get(statement.account)?.closing;
    if (!previous || previous.tag !== "62M") return;
    if (previous.currency !== opening.currency || previous.minor !== opening.minor) {
      this.findings.integrity(field.line, `the intermediate opening balance ${describe(opening)} is not the previous page's closing balance ${describe(previous)} (line ${previous.line})`, {
        field: ":60M:",
        value: fieldValue(field),
      });
    }
  }

  private closing(field: SwiftField): void {
    const statement = this.statement;
    if (!statement) return;
    const closing = balanceOf(field, this.findings, false);
    if (!closing) {
      statement.incomplete = true;
      statement.closing = { tag: field.tag, minor: 0n, currency: "", exponent: 0, line: field.line, currencyColumn: field.valueColumn };
      return;
    }
    statement.closing = closing;
    if (!statement.opening || statement.incomplete) return;
    if (!this.checkCurrency(statement, closing)) return;
    const expected = statement.opening.minor + statement.debit.minor + statement.credit.minor;
    if (expected !== closing.minor) {
      const format = (minor: bigint) => formatMinor(minor, closing.exponent);
      this.findings.integrity(field.line, `the closing balance ${format(closing.minor)} is not the opening balance plus the statement lines (${format(expected)})`, {
        field: `:${field.tag}:`,
        value: fieldValue(field),
      });
    }
  }

  /** A balance or total in another currency than the statement's is located; false when it differs. */
  private checkCurrency(statement: Statement, money: (Money & { line: number; tag: string; currencyColumn: number }) | null): boolean {
    if (!money || !statement.money || money.currency === statement.money.currency) return true;
    this.findings.integrity(money.line, `the currency ${money.currency} differs from the statement's ${statement.money.currency}`, { column: money.currencyColumn, field: `:${money.tag}:`, value: money.currency });
    return false;
  }

  private checkSequence(statement: Statement, field: SwiftField): void {
    const sequence = sequenceNumberOf(statement.number ?? "");
    if (!sequence || statement.account === null) return;
    const previous = this.previousByAccount.get(statement.account)?.sequence ?? null;
    const gap = previous ? sequenceGapOf(previous, sequence) : null;
    if (gap) this.findings.warning(field.line, gap, { field: `:${field.tag}:`, value: statement.number });
  }

  statementLine(field: SwiftField, information: SwiftField | null): void {
    const statement = this.statement;
    if (!statement || (this.kind === "mt940" && !statement.opening && !statement.incomplete)) {
      if (!statement?.incomplete) this.findings.error(field.line, "a :61: statement line comes before the statement's :20: and :60F: opening balance", { field: ":61:" });
      return;
    }
    if (statement.closing && this.kind === "mt940") {
      this.findings.error(field.line, `a :61: statement line comes after the statement's closing balance (line ${statement.closing.line}): it belongs to no statement`, { field: ":61:" });
      return;
    }
    const money = statement.money;
    if (!money) {
      if (!statement.incomplete) this.findings.error(field.line, "a :61: statement line comes before the report's :34F: floor limit, which gives its currency", { field: ":61:" });
      return;
    }
    const entry = statementLineOf(field, money, this.findings);
    if (!entry || entry.minor === null) {
      statement.incomplete = true;
      if (!entry) return;
    }
    const signed = entry.minor;
    const credit = entry.mark === "C" || entry.mark === "RD";
    if (signed !== null) {
      // By mark, not by sign: a D 0,00 entry is still one of the debit entries :90D: counts.
      const side = credit ? statement.credit : statement.debit;
      side.count++;
      side.minor += signed;
    }
    const details = informationOf(information?.lines ?? []);
    const endToEnd = details.columns[":86:end_to_end_id"];
    const customerReference = entry.customerReference === "NONREF" ? null : entry.customerReference;
    statement.records.push({
      line: field.line,
      values: {
        ":61:value_date": entry.valueText,
        ":61:entry_date": entry.entryText,
        ":61:mark": entry.mark,
        ":61:funds_code": entry.fundsCode,
        ":61:amount": entry.amountText,
        ":61:type": entry.type,
        ":61:customer_reference": entry.customerReference,
        ":61:bank_reference": entry.bankReference,
        ":61:supplementary": entry.supplementary,
        ":86:": information ? information.lines.join("\n") : null,
        ...details.columns,
        "@amount": signed === null ? null : formatMinor(signed, money.exponent),
        "@currency": money.currency,
        "@date": entry.entryDate ?? entry.valueDate,
        "@value_date": entry.valueDate,
        "@reference": entry.bankReference ?? customerReference ?? (endToEnd === "NOTPROVIDED" ? null : (endToEnd ?? null)),
        "@remittance": details.remittance,
        "@counterparty": details.columns[":86:counterparty_name"] ?? null,
        "@record_type": credit ? "credit" : "debit",
      },
    });
  }

  /** Ends the open statement: checks what only its end can tell, then yields its records. */
  *end(): Generator<SwiftRecord> {
    const statement = this.statement;
    if (!statement) return;
    this.statement = null;
    if (this.kind === "mt940" && !statement.opening && !statement.incomplete) {
      this.findings.error(statement.line, "the statement has no :60F: or :60M: opening balance", { field: ":20:", value: statement.reference });
    } else if (this.kind === "mt940" && !statement.closing && !statement.incomplete) {
      this.findings.error(statement.line, "the statement has no :62F: or :62M: closing balance", { field: ":20:", value: statement.reference });
    }
    if (this.kind === "mt942" && !statement.incomplete) this.checkTotals(statement);
    if (statement.account !== null) {
      const previous = this.previousByAccount.get(statement.account);
      this.previousByAccount.set(statement.account, {
        // A closing balance that could not be read (currency "") chains nothing: its error is already reported.
        closing: (statement.closing?.currency ? statement.closing : null) ?? previous?.closing ?? null,
        sequence: sequenceNumberOf(statement.number ?? "") ?? previous?.sequence ?? null,
      });
    }
    const shared: Record<string, string | null> = {
      ":20:": statement.reference,
      ":21:": statement.related,
      ":25:": statement.account,
      ":28C:": statement.number,
      "@account": statement.account === null ? null : accountOf(statement.account),
      "@statement_id": statement.number,
      "@opening_balance": statement.opening ? formatMinor(statement.opening.minor, statement.opening.exponent) : null,
      "@closing_balance": statement.closing?.currency ? formatMinor(statement.closing.minor, statement.closing.exponent) : null,
    };
    if (this.kind === "mt942") shared[":13D:"] = statement.dateTime;
    for (const record of statement.records) {
      Object.assign(record.values, shared);
      yield record;
    }
  }

  private checkTotals(statement: Statement): void {
    for (const total of statement.totals) {
      if (!this.checkCurrency(statement, total)) continue;
      const side = total.tag === "90D" ? statement.debit : statement.credit;
      const sum = side.minor < 0n ? -side.minor : side.minor;
      if (total.count !== side.count || total.minor !== sum) {
        const kind = total.tag === "90D" ? "debit" : "credit";
        this.findings.integrity(total.line, `:${total.tag}: declares ${total.count} ${kind} entries for ${formatMinor(total.minor, total.exponent)}, the report has ${side.count} for ${formatMinor(sum, total.exponent)}`, {
          field: `:${total.tag}:`,
        });
      }
    }
  }
}

function newStatement(line: number, reference: string): Statement {
  return {
    line,
    reference,
    related: null,
    account: null,
    number: null,
    dateTime: null,
    money: null,
    opening: null,
    closing: null,
    debit: { count: 0, minor: 0n },
    credit: { count: 0, minor: 0n },
    totals: [],
    incomplete: false,
    records: [],
  };
}

/**
 * :25: is the account as the bank writes it; some append the currency
 * ("NL20INGB0001234567EUR", Rabobank "NL91RABO0123456789 EUR"). @account drops
 * it, so one account is one @account whichever export it came from.
 */
function accountOf(written: string): string {
  const match = /^(.*\d)\s*([A-Z]{3})$/.exec(written.trim());
  return match && currencyDigits(match[2]!) ? match[1]! : written.trim();
}

function describe(balance: Balance): string {
  return `${balance.currency} ${formatMinor(balance.minor, balance.exponent)}`;
}
