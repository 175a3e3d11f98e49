/**
 * One logical bank statement written in every bank format a pack's bank leg
 * must take: camt.053, MT940, BAI2 and bank CSV downloads. The writers are
 * deliberately plain (one entry per line, no wrapping beyond what a format
 * requires), so a difference between the packs' outcomes on them is a
 * difference in how the formats are read, never in what they say.
 */

export interface StatementEntry {
  /** ISO yyyy-mm-dd. */
  bookingDate: string;
  /** Signed minor units: + money in. */
  amountMinor: bigint;
  /** The payer's free text: where payout and settlement ids are. */
  remittance: string;
  /** The payer's end-to-end reference, when it sent one. */
  reference?: string;
  counterparty?: string;
  /** The bank's own id of the entry. */
  bankReference: string;
  /** A bank charge rather than a payment (camt CHRG, SWIFT NCHG, BAI2 698). */
  charge?: boolean;
}

export interface Statement {
  account: string;
  currency: string;
  statementId: string;
  openingMinor: bigint;
  entries: StatementEntry[];
}

export const BANK_FORMATS = [
  "camt053",
  "mt940",
  "bai2",
  "chase_csv",
  "sparkasse_csv",
  "deutsche_bank_csv",
  "debit_credit_csv",
] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

export function writeStatement(
  statement: Statement,
  format: BankFormat
): string {
  switch (format) {
    case "camt053":
      return writeCamt053(statement);
    case "mt940":
      return writeMt940(statement);
    case "bai2":
      return writeBai2(statement);
    case "chase_csv":
      return writeChaseCsv(statement);
    case "sparkasse_csv":
      return writeSparkasseCsv(statement);
    case "deutsche_bank_csv":
      return writeDeutscheBankCsv(statement);
    case "debit_credit_csv":
      return writeDebitCreditCsv(statement);
  }
}

export const FILE_NAMES: Record<BankFormat, string> = {
  camt053: "statement.camt053.xml",
  mt940: "statement.sta",
  bai2: "statement.bai2",
  chase_csv: "statement_chase.csv",
  sparkasse_csv: "statement_sparkasse.csv",
  deutsche_bank_csv: "statement_deutsche_bank.csv",
  debit_credit_csv: "statement_debit_credit.csv",
};

/** Formats without a field for the other party carry its name in the entry's text, as banks write it there. */
function textWithParty(entry: StatementEntry): string {
  return entry.counterparty ? `${entry.remittance} ${entry.counterparty.toUpperCase()}` : entry.remittance;
}

function closingOf(statement: Statement): bigint {
  return statement.entries.reduce(
    (sum, entry) => sum + entry.amountMinor,
    statement.openingMinor
  );
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** "1234.50" (separator "." or ","), unsigned. */
function major(minor: bigint, separator = "."): string {
  const digits = abs(minor).toString().padStart(3, "0");
  return `${digits.slice(0, -2)}${separator}${digits.slice(-2)}`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function byDate(statement: Statement): StatementEntry[] {
  return [...statement.entries].sort((a, b) =>
    a.bookingDate.localeCompare(b.bookingDate)
  );
}

function firstDate(statement: Statement): string {
  return byDate(statement)[0]!.bookingDate;
}

function lastDate(statement: Statement): string {
  return byDate(statement).at(-1)!.bookingDate;
}

function writeCamt053(statement: Statement): string {
  const balance = (code: string, minor: bigint, date: string) =>
    `      <Bal>\n        <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>\n        <Amt Ccy="${
      statement.currency
    }">${major(minor)}</Amt>\n        <CdtDbtInd>${
      minor < 0n ? "DBIT" : "CRDT"
    }</CdtDbtInd>\n        <Dt><Dt>${date}</Dt></Dt>\n      </Bal>`;
  const entries = statement.entries.map((entry, index) => {
    const code = entry.charge
      ? "<Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn>"
      : `<Domn><Cd>PMNT</Cd><Fmly><Cd>${
          entry.amountMinor < 0n ? "ICDT" : "RCDT"
        }</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>`;
    const party = entry.counterparty
      ? `<RltdPties><${entry.amountMinor < 0n ? "Cdtr" : "Dbtr"}><Pty><Nm>${xml(
          entry.counterparty
        )}</Nm></Pty></${entry.amountMinor < 0n ? "Cdtr" : "Dbtr"}></RltdPties>`
      : "";
    return [
      "      <Ntry>",
      `        <NtryRef>${index + 1}</NtryRef>`,
      `        <Amt Ccy="${statement.currency}">${major(
        entry.amountMinor
      )}</Amt>`,
      `        <CdtDbtInd>${
        entry.amountMinor < 0n ? "DBIT" : "CRDT"
      }</CdtDbtInd>`,
      "        <Sts><Cd>BOOK</Cd></Sts>",
      `        <BookgDt><Dt>${entry.bookingDate}</Dt></BookgDt>`,
      `        <ValDt><Dt>${entry.bookingDate}</Dt></ValDt>`,
      `        <AcctSvcrRef>${entry.bankReference}</AcctSvcrRef>`,
      `        <BkTxCd>${code}</BkTxCd>`,
      "        <NtryDtls>",
      "          <TxDtls>",
      `            <Refs><EndToEndId>${xml(
        entry.reference ?? "NOTPROVIDED"
      )}</EndToEndId></Refs>`,
      party ? `            ${party}` : null,
      `            <RmtInf><Ustrd>${xml(entry.remittance)}</Ustrd></RmtInf>`,
      "          </TxDtls>",
      "        </NtryDtls>",
      "      </Ntry>",
    ]
      .filter((line) => line !== null)
      .join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
    "  <BkToCstmrStmt>",
    `    <GrpHdr><MsgId>${statement.statementId}</MsgId><CreDtTm>${lastDate(
      statement
    )}T06:00:00Z</CreDtTm></GrpHdr>`,
    "    <Stmt>",
    `      <Id>${statement.statementId}</Id>`,
    `      <Acct><Id><IBAN>${statement.account}</IBAN></Id><Ccy>${statement.currency}</Ccy></Acct>`,
    balance("OPBD", statement.openingMinor, firstDate(statement)),
    balance("CLBD", closingOf(statement), lastDate(statement)),
    ...entries,
    "    </Stmt>",
    "  </BkToCstmrStmt>",
    "</Document>",
    "",
  ].join("\n");
}

function swiftDate(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

/** :86: is at most 6 lines of 65 characters; the reader joins the lines as they are. */
function swiftLines(text: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < text.length && lines.length < 6; at += 65)
    lines.push(text.slice(at, at + 65));
  return lines;
}

function writeMt940(statement: Statement): string {
  const balance = (tag: string, minor: bigint, date: string) =>
    `:${tag}:${minor < 0n ? "D" : "C"}${swiftDate(date)}${
      statement.currency
    }${major(minor, ",")}`;
  const lines = [
    ":20:" + statement.statementId.slice(0, 16),
    `:25:${statement.account}`,
    ":28C:00001/001",
    balance("60F", statement.openingMinor, firstDate(statement)),
  ];
  for (const entry of statement.entries) {
    const date = swiftDate(entry.bookingDate);
    const type = entry.charge ? "NCHG" : "NTRF";
    const customerReference = (entry.reference ?? "NONREF").slice(0, 16);
    lines.push(
      `:61:${date}${date.slice(2)}${entry.amountMinor < 0n ? "D" : "C"}${major(
        entry.amountMinor,
        ","
      )}${type}${customerReference}//${entry.bankReference.slice(0, 16)}`
    );
    const information = swiftLines(textWithParty(entry));
    lines.push(`:86:${information[0]}`, ...information.slice(1));
  }
  lines.push(balance("62F", closingOf(statement), lastDate(statement)));
  return lines.join("\n") + "\n";
}

/**
 * BAI2 has no date per transaction: a group's as-of date is the date of its
 * details, so every booking day is a group of its own. Control totals add
 * the amounts as written (unsigned); record counts include the headers and
 * trailers they close.
 */
function writeBai2(statement: Statement): string {
  const days = new Map<string, StatementEntry[]>();
  for (const entry of byDate(statement))
    days.set(entry.bookingDate, [
      ...(days.get(entry.bookingDate) ?? []),
      entry,
    ]);
  const lines = [
    `01,021000021,RECONSTREAM,${swiftDate(lastDate(statement))},0600,1,,,2/`,
  ];
  let fileTotal = 0n;
  for (const [day, entries] of days) {
    const details = entries.map((entry) => {
      const code = entry.charge
        ? "698"
        : entry.amountMinor < 0n
        ? "451"
        : "165";
      return `16,${code},${abs(entry.amountMinor)},0,${entry.bankReference},${
        entry.reference ?? ""
      },${textWithParty(entry)}`;
    });
    const accountTotal = entries.reduce(
      (sum, entry) => sum + abs(entry.amountMinor),
      0n
    );
    const accountRecords = 1 + details.length + 1;
    lines.push(
      `02,RECONSTREAM,021000021,1,${swiftDate(day)},2400,${
        statement.currency
      },2/`,
      `03,${statement.account},${statement.currency}/`,
      ...details,
      `49,${accountTotal},${accountRecords}/`
    );
    lines.push(`98,${accountTotal},1,${accountRecords + 2}/`);
    fileTotal += accountTotal;
  }
  lines.push(`99,${fileTotal},${days.size},${lines.length + 1}/`);
  return lines.join("\n") + "\n";
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

/** Chase's download: US dates, one signed Amount, no currency column (its profile fixes USD). */
function writeChaseCsv(statement: Statement): string {
  if (statement.currency !== "USD")
    throw new Error("a Chase download is a USD account's");
  let balance = statement.openingMinor;
  const rows = statement.entries.map((entry) => {
    balance += entry.amountMinor;
    const sign = entry.amountMinor < 0n ? "-" : "";
    return [
      entry.amountMinor < 0n ? "DEBIT" : "CREDIT",
      usDate(entry.bookingDate),
      csvCell(textWithParty(entry)),
      `${sign}${major(entry.amountMinor)}`,
      entry.amountMinor < 0n ? "ACH_DEBIT" : "ACH_CREDIT",
      `${balance < 0n ? "-" : ""}${major(balance)}`,
      "",
    ].join(",");
  });
  return [
    "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #",
    ...rows,
    "",
  ].join("\n");
}

/** The debit/credit layout of treasury and EU bank exports: ISO dates, a currency column. */
function writeDebitCreditCsv(statement: Statement): string {
  let balance = statement.openingMinor;
  const rows = statement.entries.map((entry) => {
    balance += entry.amountMinor;
    const debit = entry.amountMinor < 0n ? major(entry.amountMinor) : "";
    const credit = entry.amountMinor < 0n ? "" : major(entry.amountMinor);
    return [
      entry.bookingDate,
      csvCell(textWithParty(entry)),
      csvCell(entry.reference ?? ""),
      debit,
      credit,
      `${balance < 0n ? "-" : ""}${major(balance)}`,
      statement.currency,
    ].join(",");
  });
  return [
    "Date,Description,Reference,Debit,Credit,Balance,Currency",
    ...rows,
    "",
  ].join("\n");
}

/** "1.234,56" with a leading "-" for money out, as German banks write amounts. */
function germanAmount(minor: bigint): string {
  const [whole, cents] = major(minor).split(".") as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${minor < 0n ? "-" : ""}${grouped},${cents}`;
}

function germanDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(2, 4)}`;
}

/** Sparkasse's "CSV-CAMT V2" download: ";" between quoted values, dd.mm.yy, a decimal comma, the SEPA fields in their own columns. */
function writeSparkasseCsv(statement: Statement): string {
  const header = [
    "Auftragskonto",
    "Buchungstag",
    "Valutadatum",
    "Buchungstext",
    "Verwendungszweck",
    "Glaeubiger ID",
    "Mandatsreferenz",
    "Kundenreferenz (End-to-End)",
    "Sammlerreferenz",
    "Lastschrift Ursprungsbetrag",
    "Auslagenersatz Ruecklastschrift",
    "Beguenstigter/Zahlungspflichtiger",
    "Kontonummer/IBAN",
    "BIC (SWIFT-Code)",
    "Betrag",
    "Waehrung",
    "Info",
  ];
  const quoted = (values: string[]) =>
    values.map((value) => `"${value.replace(/"/g, '""')}"`).join(";");
  const rows = statement.entries.map((entry) => {
    const text = entry.charge
      ? "ENTGELT"
      : entry.amountMinor < 0n
      ? "LASTSCHRIFT"
      : "GUTSCHR. UEBERWEISUNG";
    const date = germanDate(entry.bookingDate);
    return quoted([
      statement.account,
      date,
      date,
      text,
      entry.remittance,
      "",
      "",
      entry.reference ?? "",
      "",
      "",
      "",
      entry.counterparty ?? "",
      "",
      "",
      germanAmount(entry.amountMinor),
      statement.currency,
      "Umsatz gebucht",
    ]);
  });
  return [quoted(header), ...rows, ""].join("\n");
}

function germanLongDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** Deutsche Bank's "Umsätze" download: account lines before the header, ";", dd.mm.yyyy, Soll (negative) or Haben. */
function writeDeutscheBankCsv(statement: Statement): string {
  const preamble = ["Umsätze Girokonto;Zeitraum: " + germanLongDate(firstDate(statement)) + " - " + germanLongDate(lastDate(statement)), "Neuester Kontostand;;;;" + germanAmount(closingOf(statement)) + ";" + statement.currency, "", ""];
  const header = "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;Mandatsreferenz ;Gläubiger ID;Fremde Gebühren;Betrag;Abweichender Empfänger;Anzahl der Aufträge;Anzahl der Schecks;Soll;Haben;Währung";
  const rows = statement.entries.map((entry) => {
    const kind = entry.charge ? "Entgelt" : entry.amountMinor < 0n ? "SEPA-Lastschrift" : "SEPA-Überweisung";
    const date = germanLongDate(entry.bookingDate);
    const debit = entry.amountMinor < 0n ? germanAmount(entry.amountMinor) : "";
    const credit = entry.amountMinor < 0n ? "" : germanAmount(entry.amountMinor);
    return [date, date, kind, entry.counterparty ?? "", entry.remittance.replace(/;/g, ","), "", "", entry.reference ?? "", "", "", "", "", "", "", "", debit, credit, statement.currency].join(";");
  });
  return [...preamble, header, ...rows, `Kontostand;${germanLongDate(lastDate(statement))};;;${germanAmount(closingOf(statement))};${statement.currency}`, ""].join("\n");
}
