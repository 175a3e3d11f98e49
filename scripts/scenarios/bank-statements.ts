import { camt053Statement, type Entry } from "./banking-cash";
import { csvText, germanDay, isoDay, major, usDay, utf8, windows1252, type Random } from "./support";

/**
 * A US checking account's "Download account activity" CSV, as Chase writes
 * it: newest first, MM/DD/YYYY, one signed Amount, a running Balance, ACH
 * credits with the originator's remittance text (ORIG CO NAME, TRACE#,
 * IND ID) in Description. Several providers pay into the one account, as in
 * a real store's books, so each stream sees the other providers' lines too.
 */
export interface BankLine {
  postingDay: number;
  description: string;
  amountMinor: number;
  type: string;
}

export const CHASE_HEADER = ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"];

/** The logical id of a bank line: no bank gives one, so the day, the amount and the text together. */
export function bankLineId(line: BankLine): string {
  return `${usDay(line.postingDay)}/${major(line.amountMinor)}/${line.description}`;
}

export class ChaseStatement {
  readonly lines: BankLine[] = [];
  constructor(private readonly random: Random) {}

  add(line: BankLine): string {
    this.lines.push(line);
    return bankLineId(line);
  }

  /** An ACH credit's remittance text the way Chase prints a CCD entry; `individualId` is where a payout id goes. */
  achText(originator: string, originatorId: string, postingDay: number, entryDescription: string, individualId: string | null): string {
    const date = usDay(postingDay).replace(/^(\d\d)\/(\d\d)\/\d\d(\d\d)$/, "$3$1$2");
    const trace = this.random.digits(15);
    const individual = individualId === null ? "" : ` IND ID:${individualId}`;
    return `ORIG CO NAME:${originator} ORIG ID:${originatorId} DESC DATE:${date} CO ENTRY DESCR:${entryDescription} SEC:CCD TRACE#:${trace} EED:${date}${individual} IND NAME:TRAILHEAD GOODS LLC`;
  }

  /** Everyday debits that are in every statement and in no reconciliation. */
  addNoise(fromDay: number, toDay: number, count: number): void {
    const payees = ["ADP PAYROLL", "VERIZON WIRELESS PAYMENTS", "GUSTO TAX", "AMEX EPAYMENT ACH PMT", "COMCAST BUSINESS"];
    for (let i = 0; i < count; i++) {
      const postingDay = fromDay + this.random.int(0, Math.max(0, Math.round((toDay - fromDay) / 86_400_000))) * 86_400_000;
      this.lines.push({ postingDay, description: this.random.pick(payees), amountMinor: -this.random.int(2_000, 400_000), type: "ACH_DEBIT" });
    }
  }

  bytes(openingMinor: number): Uint8Array {
    const ordered = [...this.lines].sort((a, b) => a.postingDay - b.postingDay);
    let balance = openingMinor;
    const rows = ordered.map((line) => {
      balance += line.amountMinor;
      return { Details: line.amountMinor < 0 ? "DEBIT" : "CREDIT", "Posting Date": usDay(line.postingDay), Description: line.description, Amount: major(line.amountMinor), Type: line.type, Balance: major(balance), "Check or Slip #": "" };
    });
    // Chase lists the newest activity first.
    return utf8(csvText({ header: CHASE_HEADER, rows: rows.reverse() }));
  }
}

/**
 * A euro account in Germany, in the format its owner downloads: the Deutsche Bank "Umsätze" CSV
 * (preamble, semicolons, Windows-1252, Soll/Haben with decimal commas, a closing Kontostand line),
 * the camt.053 statement, or an MT940 with German `:86:` subfields (purpose split into 27-character
 * `?20`–`?29` pieces, joined with nothing when read).
 */
export type EuroStatementFormat = "deutsche_bank_csv" | "camt053" | "mt940";

export interface EuroLine {
  postingDay: number;
  counterparty: string;
  remittance: string;
  amountMinor: number;
}

const DEUTSCHE_BANK_HEADER = ["Buchungstag", "Wert", "Umsatzart", "Begünstigter / Auftraggeber", "Verwendungszweck", "IBAN", "BIC", "Kundenreferenz", "Mandatsreferenz", "Gläubiger ID", "Fremde Gebühren", "Betrag", "Abweichender Empfänger", "Anzahl der Aufträge", "Anzahl der Schecks", "Soll", "Haben", "Währung"];

export class EuroStatement {
  readonly lines: EuroLine[] = [];
  constructor(readonly format: EuroStatementFormat) {}

  add(line: EuroLine): void {
    this.lines.push(line);
  }

  fileName(): string {
    return { deutsche_bank_csv: "Kontoumsaetze_400_1234567_00_20260331.csv", camt053: "DE89370400440532013000_2026-03.camt053.xml", mt940: "MT940_DE89370400440532013000_202603.sta" }[this.format];
  }

  bytes(openingMinor: number): Uint8Array {
    const ordered = [...this.lines].sort((a, b) => a.postingDay - b.postingDay);
    const closingMinor = ordered.reduce((sum, line) => sum + line.amountMinor, openingMinor);
    if (this.format === "camt053") {
      const entries: Entry[] = ordered.map((line, index) => ({
        ref: `2026030${String(index + 1).padStart(5, "0")}`,
        amountMinor: line.amountMinor,
        bookingDay: line.postingDay,
        domain: line.amountMinor < 0 ? "PMNT/IDDT/ESDD" : "PMNT/RCDT/ESCT",
        transactions: [{ endToEndId: "NOTPROVIDED", amountMinor: line.amountMinor, party: line.counterparty, remittance: [line.remittance] }],
      }));
      return utf8(camt053Statement(entries, openingMinor, "2026-03"));
    }
    if (this.format === "mt940") return windows1252(mt940Text(ordered, openingMinor, closingMinor));
    const rows = ordered.map((line) => ({
      Buchungstag: germanDay(line.postingDay),
      Wert: germanDay(line.postingDay),
      Umsatzart: line.amountMinor < 0 ? "SEPA-Lastschrift" : "SEPA-Überweisung von",
      "Begünstigter / Auftraggeber": line.counterparty,
      Verwendungszweck: line.remittance,
      Soll: line.amountMinor < 0 ? major(line.amountMinor, "comma-thousands") : "",
      Haben: line.amountMinor >= 0 ? major(line.amountMinor, "comma-thousands") : "",
      Währung: "EUR",
    }));
    const preamble = ["Umsätze Girokonto;Zeitraum: 01.03.2026 - 31.03.2026;", `Neuer Kontostand;;;;${major(closingMinor, "comma-thousands")};EUR`, "", `Letzter Kontostand;;;;${major(openingMinor, "comma-thousands")};EUR`];
    const text = csvText({ header: DEUTSCHE_BANK_HEADER, rows, delimiter: ";", crlf: true, preamble }) + `Kontostand;31.03.2026;;;${major(closingMinor, "comma-thousands")};EUR\r\n`;
    return windows1252(text);
  }
}

function mt940Amount(minor: number): string {
  return major(Math.abs(minor), "comma");
}

function mt940Text(lines: EuroLine[], openingMinor: number, closingMinor: number): string {
  const yymmdd = (time: number) => isoDay(time).slice(2).replace(/-/g, "");
  const out = [":20:STARTUMS", ":25:37040044/0532013000", ":28C:3/1", `:60F:${openingMinor < 0 ? "D" : "C"}260301EUR${mt940Amount(openingMinor)}`];
  for (const line of lines) {
    const date = yymmdd(line.postingDay);
    out.push(`:61:${date}${date.slice(2)}${line.amountMinor < 0 ? "D" : "C"}${mt940Amount(line.amountMinor)}N${line.amountMinor < 0 ? "DDT" : "TRF"}NONREF`);
    const purpose = `SVWZ+${line.remittance}`;
    const pieces: string[] = [];
    for (let start = 0; start < purpose.length; start += 27) pieces.push(purpose.slice(start, start + 27));
    const fields = [line.amountMinor < 0 ? "105?00SEPA-BASISLASTSCHRIFT" : "166?00SEPA-GUTSCHRIFT", "?109310", ...pieces.map((piece, index) => `?${20 + index}${piece}`), `?32${line.counterparty.slice(0, 27)}`].join("");
    // :86: lines are cut at 65 characters; the reader joins them with nothing.
    for (let start = 0; start < fields.length; start += 65) out.push(`${start === 0 ? ":86:" : ""}${fields.slice(start, start + 65)}`);
  }
  out.push(`:62F:${closingMinor < 0 ? "D" : "C"}260331EUR${mt940Amount(closingMinor)}`, "-");
  return out.join("\r\n") + "\r\n";
}
