import type { DateShape } from "./support/dates";
import type { DecimalFormat } from "./support/money";

/**
 * The bank CSV layouts bank_csv reads, each from the bank's own download.
 * A profile names its columns; the header line (found after any preamble of
 * account lines) says which profile a file is, and its delimiter.
 */
export interface BankCsvProfile {
  id: string;
  title: string;
  /** All must be in the header; the first profile that fits is used, so more specific ones come first. */
  columns: readonly string[];
  /**
   * Whether an upload with this header is taken for a bank statement without asking: true for a
   * bank's own download, false for a generic layout (Date, Description, Debit, Credit…) that a
   * ledger export or a hand-made sheet may have too.
   */
  recognizedAtUpload: boolean;
  date: { column: string; shape: DateShape };
  valueDate?: { column: string; shape: DateShape };
  /**
   * One signed column; separate debit and credit columns; or an unsigned
   * amount with a column saying which way it went (ING's "Af Bij").
   */
  amount: { signed: string } | { debit: string; credit: string } | { unsigned: string; sign: { column: string; debit: string; credit: string } };
  /** How the bank writes numbers; "1,234.56" when not given. */
  decimal?: DecimalFormat;
  currency: { column: string } | { fixed: string };
  /** The bank's booking text. */
  description: string;
  /** The payer's free text, when the bank gives it apart from the booking text (else the description is both). */
  remittance?: string;
  reference?: string;
  balance?: string;
  counterparty?: string;
  counterpartyAccount?: string;
  /** The statement's own account, when every row repeats it. */
  account?: string;
  transactionCode?: string;
  /** Lines after the records that are not records (a closing-balance line), by their first field. */
  trailerFirstField?: string;
  /** ING writes SEPA details into one text column as "Naam: … Omschrijving: … IBAN: … Kenmerk: … Valutadatum: …". */
  details?: "ing_mededelingen";
}

const GERMAN_DECIMAL: DecimalFormat = { decimalSeparator: ",", thousandsSeparator: "." };

export const BANK_CSV_PROFILES: readonly BankCsvProfile[] = [
  {
    // Chase "Download account activity" CSV (checking), as the generator writes it: newest rows
    // first in Chase's own download, dates MM/DD/YYYY, one signed Amount, no currency column (USD accounts).
    id: "chase",
    title: "Chase checking account activity",
    recognizedAtUpload: true,
    columns: ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"],
    date: { column: "Posting Date", shape: "mdy-slash" },
    amount: { signed: "Amount" },
    currency: { fixed: "USD" },
    description: "Description",
    reference: "Check or Slip #",
    balance: "Balance",
    transactionCode: "Type",
  },
  {
    // Sparkasse online banking "CSV-CAMT V2" export (also Sparkasse's "CSV-CAMT V8"-style
    // downloads of other savings banks): ";"-separated, every value quoted, Windows-1252,
    // dates dd.mm.yy, one signed Betrag with a decimal comma; the SEPA fields in columns of their own.
    id: "sparkasse_camt",
    title: "Sparkasse CSV-CAMT (Auftragskonto;Buchungstag;Valutadatum;…;Betrag;Waehrung)",
    recognizedAtUpload: true,
    columns: ["Auftragskonto", "Buchungstag", "Valutadatum", "Buchungstext", "Verwendungszweck", "Beguenstigter/Zahlungspflichtiger", "Kontonummer/IBAN", "Betrag", "Waehrung"],
    date: { column: "Buchungstag", shape: "dmy-dot-yy" },
    valueDate: { column: "Valutadatum", shape: "dmy-dot-yy" },
    amount: { signed: "Betrag" },
    decimal: GERMAN_DECIMAL,
    currency: { column: "Waehrung" },
    description: "Buchungstext",
    remittance: "Verwendungszweck",
    reference: "Kundenreferenz (End-to-End)",
    counterparty: "Beguenstigter/Zahlungspflichtiger",
    counterpartyAccount: "Kontonummer/IBAN",
    account: "Auftragskonto",
  },
  {
    // Deutsche Bank online banking "Umsätze" CSV: account and period lines before the header,
    // ";"-separated, Windows-1252, dates dd.mm.yyyy, amounts in Soll (written negative) or Haben,
    // "1.234,56", and a closing "Kontostand;…" line after the records.
    id: "deutsche_bank",
    title: "Deutsche Bank Umsätze (Buchungstag;Wert;Umsatzart;…;Soll;Haben;Währung)",
    recognizedAtUpload: true,
    columns: ["Buchungstag", "Wert", "Umsatzart", "Begünstigter / Auftraggeber", "Verwendungszweck", "IBAN", "Soll", "Haben", "Währung"],
    date: { column: "Buchungstag", shape: "dmy-dot" },
    valueDate: { column: "Wert", shape: "dmy-dot" },
    amount: { debit: "Soll", credit: "Haben" },
    decimal: GERMAN_DECIMAL,
    currency: { column: "Währung" },
    description: "Umsatzart",
    remittance: "Verwendungszweck",
    reference: "Kundenreferenz",
    counterparty: "Begünstigter / Auftraggeber",
    counterpartyAccount: "IBAN",
    trailerFirstField: "Kontostand",
  },
  {
    // ING Netherlands "Af Bij" download (Mijn ING, CSV): dates yyyymmdd, an unsigned
    // "Bedrag (EUR)" with a decimal comma and "Af" (out) or "Bij" (in); "," with every value
    // quoted, or ";" in the newer export that adds "Saldo na mutatie" and "Tag".
    id: "ing_nl",
    title: "ING Netherlands (Datum, Naam / Omschrijving, Rekening, Tegenrekening, Code, Af Bij, Bedrag (EUR), Mutatiesoort, Mededelingen)",
    recognizedAtUpload: true,
    columns: ["Datum", "Naam / Omschrijving", "Rekening", "Tegenrekening", "Code", "Af Bij", "Bedrag (EUR)", "Mutatiesoort", "Mededelingen"],
    date: { column: "Datum", shape: "yyyymmdd" },
    amount: { unsigned: "Bedrag (EUR)", sign: { column: "Af Bij", debit: "Af", credit: "Bij" } },
    decimal: { decimalSeparator: ",", thousandsSeparator: "." },
    currency: { fixed: "EUR" },
    description: "Mutatiesoort",
    remittance: "Mededelingen",
    counterparty: "Naam / Omschrijving",
    counterpartyAccount: "Tegenrekening",
    account: "Rekening",
    balance: "Saldo na mutatie",
    transactionCode: "Code",
    details: "ing_mededelingen",
  },
  // Separate debit and credit columns, ISO dates: the common layout of treasury and EU bank exports.
  genericLayout("debit_credit", { debit: "Debit", credit: "Credit" }),
  genericLayout("signed_amount", { signed: "Amount" }),
];

/**
 * The generic layouts (a ledger export or a hand-made sheet may share them, so they are read only when
 * bank_csv is named): ISO dates, a Currency column, an optional Reference and Balance; they differ only
 * in how the amount is written.
 */
function genericLayout(id: string, amount: { signed: string } | { debit: string; credit: string }): BankCsvProfile {
  const signed = "signed" in amount;
  const columns = ["Date", "Description", ...(signed ? [amount.signed] : [amount.debit, amount.credit]), "Currency"];
  return {
    id,
    title: `${columns.join(", ")} (ISO dates${signed ? ", signed amount" : ""})`,
    recognizedAtUpload: false,
    columns,
    date: { column: "Date", shape: "ymd" },
    amount,
    currency: { column: "Currency" },
    description: "Description",
    reference: "Reference",
    balance: "Balance",
  };
}

export interface IngDetails {
  counterparty: string | null;
  remittance: string | null;
  counterpartyAccount: string | null;
  reference: string | null;
  valueDate: string | null;
}

const ING_KEYS = ["Naam", "Omschrijving", "IBAN", "Kenmerk", "Machtiging ID", "Incassant ID", "Valutadatum"] as const;

/**
 * ING's Mededelingen for a SEPA transfer: "Naam: X Omschrijving: Y IBAN: Z
 * Kenmerk: K Valutadatum: dd-mm-yyyy", each key once, in this order or
 * without some. Text without the keys (card payments, "Pasvolgnr:…") is
 * the remittance as written.
 */
export function ingDetailsOf(text: string): IngDetails {
  const pattern = new RegExp(`(?:^|\\s)(${ING_KEYS.join("|")}): `, "g");
  const found = [...text.matchAll(pattern)];
  if (found.length === 0) return { counterparty: null, remittance: text.trim() || null, counterpartyAccount: null, reference: null, valueDate: null };
  const values = new Map<string, string>();
  found.forEach((match, index) => {
    const start = match.index + match[0].length;
    const end = index + 1 < found.length ? found[index + 1]!.index : text.length;
    const value = text.slice(start, end).trim();
    if (value !== "") values.set(match[1]!, value);
  });
  return {
    counterparty: values.get("Naam") ?? null,
    remittance: values.get("Omschrijving") ?? null,
    counterpartyAccount: values.get("IBAN") ?? null,
    reference: values.get("Kenmerk") ?? null,
    valueDate: values.get("Valutadatum") ?? null,
  };
}
