import { closeSync, openSync, writeSync } from "node:fs";
import { randomEntry, writeMt940, type EntryModel, type FileModel, type InformationModel } from "./mt940";
import { Random } from "./random";

/**
 * Large bank-statement files for `npm run bench:ingest`: a deterministic
 * stream of daily statements (eight EUR accounts, 20-250 entries each,
 * realistic :86: / remittance text), written as an MT940 file of about N
 * lines or a camt.053 file of N entries, plus the same entries as a CSV file
 * for the DuckDB baseline. Each file is written statement by statement, so
 * the generator's memory does not grow with N either.
 *
 * The manifest is what the generator knows it wrote; the bench checks the
 * reader's checksum against it as well as against DuckDB's.
 */
export interface BankManifest {
  /** Physical lines of the statement file. */
  lines: number;
  entries: number;
  statements: number;
  /** Sum of the signed entry amounts in minor units (cents), as a decimal string (bigint in JSON). */
  amountMinor: string;
}

const ACCOUNTS = 8;
const FIRST_DAY = Date.UTC(2024, 0, 1);
const CSV_HEADER = "account,statement_id,value_date,amount,currency,reference,remittance\n";
/** Flush the output every this many characters: one write per few hundred entries, not per entry. */
const FLUSH_CHARS = 1 << 20;

/** Statements in the order a bank sends them: every account's statement for a day, then the next day. */
function* benchStatements(seed: number): Generator<FileModel> {
  const random = new Random(seed);
  const accounts = Array.from({ length: ACCOUNTS }, (_, index) => ({
    iban: `DE${String(10 + index * 7)}${String(50_010_517 + index)}${String(5_400_000_000 + index * 1_234_567)}`,
    balance: BigInt(random.int(0, 50_000_000)),
    number: 0,
  }));
  for (let day = 0; ; day++) {
    const date = new Date(FIRST_DAY + day * 86_400_000);
    const calendar = {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    };
    for (const [index, account] of accounts.entries()) {
      const entries: EntryModel[] = [];
      for (let count = random.int(20, 250); count > 0; count--) entries.push(randomEntry(random, calendar.year, calendar.month));
      const opening = account.balance;
      for (const entry of entries) account.balance += signedMinor(entry);
      account.number++;
      yield {
        account: account.iban,
        accountSuffix: "",
        currency: "EUR",
        exponent: 2,
        historic: false,
        // Half the accounts come in FIN envelopes, as a bank's SWIFT channel delivers them.
        dialect: {
          envelope: index % 2 === 0 ? "lines" : "none",
          header: "none",
          lineEnd: "\r\n",
          trailingBlanks: false,
          atSeparators: false,
        },
        pages: [
          {
            reference: `STMT${day}-${index}`,
            statementNumber: account.number,
            page: 1,
            openingTag: "60F",
            closingTag: "62F",
            opening,
            entries,
            date: calendar,
          },
        ],
      };
    }
  }
}

function signedMinor(entry: EntryModel): bigint {
  return entry.mark === "C" || entry.mark === "RD" ? entry.minor : -entry.minor;
}

function decimal(minor: bigint): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(3, "0");
  return `${minor < 0n ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function isoDate(date: { year: number; month: number; day: number }): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

function remittanceOf(information: InformationModel | null): string {
  if (information === null) return "";
  if (information.kind === "free") return information.text;
  if (information.kind === "swift") return information.remittance;
  return information.purpose.join("");
}

function referenceOf(entry: EntryModel): string {
  return entry.bankReference ?? (entry.customerReference === "NONREF" ? "" : entry.customerReference);
}

/** Buffered appends to a file, so a million entries are a few hundred writes. */
class Output {
  private readonly fd: number;
  private pending = "";

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

class Totals {
  entries = 0;
  statements = 0;
  amountMinor = 0n;

  constructor(private readonly csv: Output) {
    csv.write(CSV_HEADER);
  }

  add(model: FileModel): void {
    this.statements++;
    const page = model.pages[0]!;
    for (const entry of page.entries) {
      const signed = signedMinor(entry);
      this.entries++;
      this.amountMinor += signed;
      this.csv.write(`${model.account},${page.statementNumber},${isoDate(entry.value)},${decimal(signed)},EUR,${referenceOf(entry)},"${remittanceOf(entry.information)}"\n`);
    }
  }

  manifest(lines: number): BankManifest {
    return {
      lines,
      entries: this.entries,
      statements: this.statements,
      amountMinor: this.amountMinor.toString(),
    };
  }
}

/** An MT940 file of at least `lines` lines (the statement that reaches the count is finished). */
export function writeMt940BenchFile(statementPath: string, csvPath: string, lines: number, seed: number): BankManifest {
  const out = new Output(statementPath);
  const csv = new Output(csvPath);
  const totals = new Totals(csv);
  let written = 0;
  for (const model of benchStatements(seed)) {
    if (written >= lines) break;
    const { text } = writeMt940(model);
    out.write(text);
    // Every line ends with CRLF.
    written += text.split("\r\n").length - 1;
    totals.add(model);
  }
  out.close();
  csv.close();
  return totals.manifest(written);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function camtBalance(code: "OPBD" | "CLBD", minor: bigint, date: string): string {
  const amount = decimal(minor < 0n ? -minor : minor);
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${
    minor < 0n ? "DBIT" : "CRDT"
  }</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>\n`;
}

function camtEntry(entry: EntryModel, bookingDate: string): string {
  const signed = signedMinor(entry);
  const information = entry.information;
  const reference = referenceOf(entry);
  const endToEnd = information?.kind === "swift" ? information.endToEnd : "NOTPROVIDED";
  const party = information?.kind === "swift" ? information.name : information?.kind === "german" ? information.name : null;
  const partyXml = party ? `<RltdPties><${signed < 0n ? "Cdtr" : "Dbtr"}><Nm>${escapeXml(party)}</Nm></${signed < 0n ? "Cdtr" : "Dbtr"}></RltdPties>` : "";
  const remittance = remittanceOf(information);
  const remittanceXml = remittance ? `<RmtInf><Ustrd>${escapeXml(remittance.slice(0, 140))}</Ustrd></RmtInf>` : "";
  return (
    `<Ntry><Amt Ccy="EUR">${decimal(signed < 0n ? -signed : signed)}</Amt><CdtDbtInd>${signed < 0n ? "DBIT" : "CRDT"}</CdtDbtInd><Sts>BOOK</Sts>` +
    `<BookgDt><Dt>${bookingDate}</Dt></BookgDt><ValDt><Dt>${isoDate(entry.value)}</Dt></ValDt>${reference ? `<AcctSvcrRef>${reference}</AcctSvcrRef>` : ""}` +
    `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${signed < 0n ? "ICDT" : "RCDT"}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
    `<NtryDtls><TxDtls><Refs><EndToEndId>${endToEnd}</EndToEndId></Refs>${partyXml}${remittanceXml}</TxDtls></NtryDtls></Ntry>\n`
  );
}

/** A camt.053.001.02 file of at least `entries` entries, several <Stmt> in one message. */
export function writeCamt053BenchFile(statementPath: string, csvPath: string, entries: number, seed: number): BankManifest {
  const out = new Output(statementPath);
  const csv = new Output(csvPath);
  const totals = new Totals(csv);
  out.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n' +
      "<GrpHdr><MsgId>BENCH-053</MsgId><CreDtTm>2026-01-02T06:00:00</CreDtTm></GrpHdr>\n"
  );
  for (const model of benchStatements(seed)) {
    if (totals.entries >= entries) break;
    const page = model.pages[0]!;
    const date = isoDate(page.date);
    const closing = page.entries.reduce((sum, entry) => sum + signedMinor(entry), page.opening);
    out.write(
      `<Stmt><Id>${page.reference}</Id><ElctrncSeqNb>${page.statementNumber}</ElctrncSeqNb><CreDtTm>${date}T06:00:00</CreDtTm>` +
        `<Acct><Id><IBAN>${model.account}</IBAN></Id><Ccy>EUR</Ccy></Acct>\n` +
        camtBalance("OPBD", page.opening, date) +
        camtBalance("CLBD", closing, date)
    );
    for (const entry of page.entries) out.write(camtEntry(entry, date));
    out.write("</Stmt>\n");
    totals.add(model);
  }
  out.write("</BkToCstmrStmt>\n</Document>\n");
  out.close();
  csv.close();
  return totals.manifest(0);
}
