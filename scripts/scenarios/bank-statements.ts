import { csvText, major, usDay, utf8, type Random } from "./support";

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
