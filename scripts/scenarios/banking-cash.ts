import { AnswerKeyBuilder, addBusinessDays, addDays, csvText, day, germanDay, isoDay, isWeekend, major, Random, utf8, windows1252, type GeneratorOptions, type ScenarioGenerator } from "./support";

/**
 * Bank ↔ GL cash scenarios: a camt.053.001.08 statement for January (entries
 * with and without end-to-end ids, a batch booking of a payment run with one
 * TxDtls per payment, bank charges booked as ACMT/MDOP/CHRG entries, debtor
 * names with umlauts) against a German ERP's GL export (semicolons, decimal
 * commas, dd.MM.yyyy, Windows-1252, another bank account's lines mixed in).
 * Conditions follow the runbook: timing differences at month end, bank
 * entries not booked in the GL, duplicate GL postings, postings far from
 * the bank date, short payments, and the month's fees against the GL's fee
 * booking.
 */
const DEBTORS = ["Hansa Logistik GmbH", "Nordwind Handel AG", "Alpenblick Hotel GmbH", "Kranich Werkzeuge KG", "Seeblick GmbH", "Müller & Söhne OHG", "Bäckerei Großmann", "Rhein-Main Büroservice"];
const CREDITORS = ["Bürobedarf Schmidt KG", "Stadtwerke München", "Druckerei Weber", "Immobilien Kaiser GmbH", "Spedition Förster", "Telekom Deutschland GmbH"];

const CONDITIONS = [
  "receipt quoting its own end-to-end id",
  "receipt with no reference (NOTPROVIDED)",
  "payment run booked as one batch entry",
  "deposit in transit at month end",
  "outstanding cheque",
  "bank entry not booked in the GL",
  "duplicate GL posting",
  "posted far from the bank date",
  "short payment",
] as const;

type Condition = (typeof CONDITIONS)[number] | "ordinary receipt" | "ordinary payment";

export interface Entry {
  ref: string;
  amountMinor: number;
  bookingDay: number;
  domain: string;
  text?: string;
  transactions: Array<{ endToEndId: string; amountMinor: number; party: string; remittance: string[] }>;
}

export const generateBankingCash: ScenarioGenerator = (options: GeneratorOptions) => {
  const random = new Random(options.seed);
  const key = new AnswerKeyBuilder("banking-cash", options);
  const files = { statement: "statement_2026-01.camt053.xml", gl_cash: "gl_cash_2026-01.csv" };
  key.identify(files.statement, { columns: ["Ntry/AcctSvcrRef", "@tx_index"] });
  key.identify(files.gl_cash, { columns: ["Journal"] });
  const stream = key.stream("cash-reconciliation", files);
  // Odd seeds: an SAP export on German settings (semicolons, "12.500,00"); even seeds: the same ERP on English settings.
  const germanLocale = options.seed % 2 === 1;

  const entries: Entry[] = [];
  const glRows: Array<Record<string, string | number>> = [];
  const usedAmounts = new Set<number>();
  let entryNumber = 0;
  let journal = 1000 + random.int(0, 500);
  let invoice = random.int(1, 300);
  let paymentRef = 7000 + random.int(0, 900);

  // Distinct amounts: the by-amount pass pairs equal amounts, so an accidental twin is a wrong answer in the key.
  const amount = (min: number, max: number) => {
    let value = random.int(min, max);
    while (usedAmounts.has(value)) value = random.int(min, max);
    usedAmounts.add(value);
    return value;
  };
  const bankDay = (from: number, to: number) => {
    let value = addDays(day("2026-01-01"), random.int(from, to));
    while (isWeekend(value)) value = addDays(value, 1);
    return value;
  };
  const addEntry = (entry: Omit<Entry, "ref">) => {
    const ref = `2026010${String(++entryNumber).padStart(5, "0")}`;
    entries.push({ ...entry, ref });
    return ref;
  };
  const addGl = (postingDay: number, reference: string, text: string, category: string, amountMinor: number, account = "1200") => {
    const id = `JE-${++journal}`;
    glRows.push({ Journal: id, Line: 1, "Posting Date": germanDay(postingDay), Account: account, Document: `${category === "receipt" ? "DR" : "KR"}-${random.digits(3)}`, Reference: reference, Text: text, Category: category, "Amount (EUR)": major(amountMinor, germanLocale ? "comma-thousands" : "dot") });
    return id;
  };

  const conditions: Condition[] = [...CONDITIONS];
  for (let i = 0; i < options.size; i++) conditions.push(random.chance(0.6) ? "ordinary receipt" : "ordinary payment");
  random.shuffle(conditions);
  for (const condition of conditions) {
    const debtor = random.pick(DEBTORS);
    const creditor = random.pick(CREDITORS);
    const booked = bankDay(1, 26);
    const invoiceRef = `INV-2026-${String(++invoice).padStart(3, "0")}`;
    const payRef = `PAY-${++paymentRef}`;
    if (condition === "ordinary receipt" || condition === "posted far from the bank date" || condition === "short payment") {
      const paid = amount(5_000, 2_500_000);
      const invoiced = condition === "short payment" ? paid + random.int(1, 50) * 100 : paid;
      const bankRef = addEntry({ amountMinor: paid, bookingDay: booked, domain: "PMNT/RCDT/ESCT", transactions: [{ endToEndId: invoiceRef, amountMinor: paid, party: debtor, remittance: [`${invoiceRef} ${debtor}`] }] });
      // Booked at invoice date, two weeks before the money came: beyond the 5-business-day window.
      const posted = condition === "posted far from the bank date" ? addDays(booked, -14) : addBusinessDays(booked, random.int(0, 2));
      const glRef = addGl(posted, invoiceRef, `Zahlungseingang ${debtor}`, "receipt", invoiced);
      const type = condition === "posted far from the bank date" ? "DATE_MISMATCH" : condition === "short payment" ? "AMOUNT_MISMATCH" : "";
      if (type) stream.exception("by_reference", type, [`${bankRef}/1`, glRef], condition);
      else stream.match("by_reference", [`${bankRef}/1`, glRef]);
    } else if (condition === "ordinary payment" || condition === "duplicate GL posting") {
      const paid = amount(5_000, 900_000);
      const bankRef = addEntry({ amountMinor: -paid, bookingDay: booked, domain: "PMNT/ICDT/ESCT", transactions: [{ endToEndId: payRef, amountMinor: -paid, party: creditor, remittance: [`Rechnung ${random.digits(4)}`, payRef] }] });
      const posted = addBusinessDays(booked, random.int(0, 1));
      const glRef = addGl(posted, payRef, `Zahlung ${creditor}`, "payment", -paid);
      stream.match("by_reference", [`${bankRef}/1`, glRef]);
      if (condition === "duplicate GL posting") stream.exception("by_reference", "DUPLICATE", [addGl(posted, payRef, `Zahlung ${creditor}`, "payment", -paid)], condition);
    } else if (condition === "receipt quoting its own end-to-end id" || condition === "receipt with no reference (NOTPROVIDED)") {
      const paid = amount(5_000, 2_500_000);
      const endToEndId = condition === "receipt with no reference (NOTPROVIDED)" ? "NOTPROVIDED" : `E2E${random.digits(10)}`;
      const bankRef = addEntry({ amountMinor: paid, bookingDay: booked, domain: "PMNT/RCDT/ESCT", transactions: [{ endToEndId, amountMinor: paid, party: debtor, remittance: [`Zahlung Rechnung ${invoiceRef.slice(4)} ${debtor}`] }] });
      const glRef = addGl(addBusinessDays(booked, random.int(0, 2)), invoiceRef, `Zahlungseingang ${debtor}`, "receipt", paid);
      if (endToEndId === "NOTPROVIDED") stream.match("by_amount", [`${bankRef}/1`, glRef]);
      else {
        // The runbook's guard: a bank entry and a GL posting that carry different references are never
        // paired by amount, even when the payer's reference is its own and not a wrong one. Both stay open.
        stream.exception("by_amount", "MISSING_IN_TARGET", [`${bankRef}/1`], condition);
        stream.exception("by_amount", "MISSING_IN_SOURCE", [glRef], condition);
      }
    } else if (condition === "payment run booked as one batch entry") {
      const payments = Array.from({ length: random.int(2, 4) }, () => ({ ref: `PAY-${++paymentRef}`, amount: amount(5_000, 400_000), party: random.pick(CREDITORS) }));
      const total = payments.reduce((sum, payment) => sum + payment.amount, 0);
      const bankRef = addEntry({
        amountMinor: -total,
        bookingDay: booked,
        domain: "PMNT/ICDT/ESCT",
        text: `SAMMLER ${payments.length} POSTEN`,
        transactions: payments.map((payment) => ({ endToEndId: payment.ref, amountMinor: -payment.amount, party: payment.party, remittance: [payment.ref] })),
      });
      payments.forEach((payment, index) => {
        const glRef = addGl(booked, payment.ref, `Zahlung ${payment.party}`, "payment", -payment.amount);
        stream.match("by_reference", [`${bankRef}/${index + 1}`, glRef]);
      });
    } else if (condition === "deposit in transit at month end" || condition === "outstanding cheque") {
      // Booked in the GL at month end; the bank books it in February, so it is not on this statement.
      const value = amount(5_000, 900_000);
      const posted = day(`2026-01-${random.pick(["29", "30"])}`);
      const glRef =
        condition === "outstanding cheque"
          ? addGl(posted, `CHK-${random.digits(4)}`, `Scheck ${random.digits(4)} ${creditor}`, "payment", -value)
          : addGl(posted, invoiceRef, `Zahlungseingang ${debtor} (avisiert)`, "receipt", value);
      stream.exception("by_amount", "MISSING_IN_SOURCE", [glRef], condition);
    } else {
      const value = amount(1_000, 150_000);
      const incoming = random.chance(0.5);
      const bankRef = addEntry({
        amountMinor: incoming ? value : -value,
        bookingDay: booked,
        domain: incoming ? "PMNT/RCDT/ESCT" : "PMNT/IDDT/ESDD",
        transactions: [{ endToEndId: incoming ? `E2E${random.digits(10)}` : `MNDT${random.digits(8)}`, amountMinor: incoming ? value : -value, party: incoming ? random.pick(DEBTORS) : creditor, remittance: [incoming ? "Gutschrift Erstattung" : `Lastschrift ${creditor}`] }],
      });
      stream.exception("by_amount", "MISSING_IN_TARGET", [`${bankRef}/1`], condition);
    }
  }

  // Bank charges: a few CHRG entries through the month against one GL booking of the month's fees.
  const fees = Array.from({ length: random.int(2, 4) }, () => ({ amount: random.int(150, 2_500), booked: bankDay(2, 30) }));
  const feeRefs = fees.map((fee) => addEntry({ amountMinor: -fee.amount, bookingDay: fee.booked, domain: "ACMT/MDOP/CHRG", text: random.pick(["Kontoführungsgebühr", "Entgelt SEPA-Überweisung", "Porto Kontoauszug"]), transactions: [] }));
  const feeTotal = fees.reduce((sum, fee) => sum + fee.amount, 0);
  const feesMisbooked = random.chance(0.5);
  const glFee = addGl(day("2026-01-31"), "BANKFEES-2026-01", "Bankgebühren Januar", "bank_fee", -(feesMisbooked ? feeTotal + 500 : feeTotal));
  // A charge entry has no TxDtls, so no transaction index: its id is the entry's AcctSvcrRef and "/".
  if (feesMisbooked) stream.exception("by_reference", "AMOUNT_MISMATCH", [...feeRefs.map((ref) => `${ref}/`), glFee], "a fee missed in the GL's fee booking");
  else stream.match("by_reference", [...feeRefs.map((ref) => `${ref}/`), glFee]);

  // Another bank account's lines in the same export: out of scope by the pack's account filter.
  for (let i = 0; i < 2; i++) addGl(bankDay(3, 25), `PAY-${++paymentRef}`, "Zahlung Festgeldkonto", "payment", -amount(10_000, 90_000), "1210");

  entries.sort((a, b) => a.bookingDay - b.bookingDay);
  // The ERP lists the account by posting date, then journal number: a second posting comes after the first.
  const sortable = (row: Record<string, string | number>) => `${String(row["Posting Date"]).split(".").reverse().join("")} ${row.Journal}`;
  glRows.sort((a, b) => sortable(a).localeCompare(sortable(b)));
  const glHeader = ["Journal", "Line", "Posting Date", "Account", "Document", "Reference", "Text", "Category", "Amount (EUR)"];
  return {
    files: new Map([
      [files.statement, utf8(camt053Statement(entries, random.int(2_000_000, 9_000_000)))],
      [files.gl_cash, windows1252(csvText({ header: glHeader, rows: glRows, delimiter: germanLocale ? ";" : ",", crlf: true }))],
    ]),
    answerKey: key.key,
  };
};

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** camt.053.001.08 as German banks send it (DK Anlage 3): balances, one Ntry per booking, a Btch for payment runs. */
export function camt053Statement(entries: Entry[], openingMinor: number, month = "2026-01"): string {
  const closing = entries.reduce((sum, entry) => sum + entry.amountMinor, openingMinor);
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const lastDay = isoDay(Date.UTC(year, monthNumber, 0));
  const created = `${isoDay(Date.UTC(year, monthNumber, 1))}T06:00:00+01:00`;
  const balance = (code: string, minor: number, date: string) =>
    `      <Bal>\n        <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>\n        <Amt Ccy="EUR">${major(Math.abs(minor))}</Amt>\n        <CdtDbtInd>${minor < 0 ? "DBIT" : "CRDT"}</CdtDbtInd>\n        <Dt><Dt>${date}</Dt></Dt>\n      </Bal>`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `  <BkToCstmrStmt>`,
    `    <GrpHdr>\n      <MsgId>STMT-${lastDay.replace(/-/g, "")}-0001</MsgId>\n      <CreDtTm>${created}</CreDtTm>\n    </GrpHdr>`,
    `    <Stmt>`,
    `      <Id>DE89370400440532013000-${month}</Id>\n      <ElctrncSeqNb>1</ElctrncSeqNb>\n      <CreDtTm>${created}</CreDtTm>`,
    `      <Acct>\n        <Id><IBAN>DE89370400440532013000</IBAN></Id>\n        <Ccy>EUR</Ccy>\n      </Acct>`,
    balance("OPBD", openingMinor, `${month}-01`),
    balance("CLBD", closing, lastDay),
  ];
  for (const entry of entries) {
    const [domain, family, subFamily] = entry.domain.split("/");
    const direction = entry.amountMinor < 0 ? "DBIT" : "CRDT";
    lines.push(`      <Ntry>`);
    lines.push(`        <NtryRef>${entry.ref.slice(-5)}</NtryRef>`);
    lines.push(`        <Amt Ccy="EUR">${major(Math.abs(entry.amountMinor))}</Amt>\n        <CdtDbtInd>${direction}</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>`);
    lines.push(`        <BookgDt><Dt>${isoDay(entry.bookingDay)}</Dt></BookgDt>\n        <ValDt><Dt>${isoDay(entry.bookingDay)}</Dt></ValDt>`);
    lines.push(`        <AcctSvcrRef>${entry.ref}</AcctSvcrRef>`);
    lines.push(`        <BkTxCd><Domn><Cd>${domain}</Cd><Fmly><Cd>${family}</Cd><SubFmlyCd>${subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>`);
    if (entry.transactions.length > 0) {
      lines.push(`        <NtryDtls>`);
      if (entry.transactions.length > 1) {
        lines.push(`          <Btch>\n            <PmtInfId>ZAHLLAUF-${entry.ref.slice(-5)}</PmtInfId>\n            <NbOfTxs>${entry.transactions.length}</NbOfTxs>\n            <TtlAmt Ccy="EUR">${major(Math.abs(entry.amountMinor))}</TtlAmt>\n            <CdtDbtInd>${direction}</CdtDbtInd>\n          </Btch>`);
      }
      for (const transaction of entry.transactions) {
        const party = transaction.amountMinor < 0 ? "Cdtr" : "Dbtr";
        lines.push(`          <TxDtls>`);
        lines.push(`            <Refs><EndToEndId>${escapeXml(transaction.endToEndId)}</EndToEndId></Refs>`);
        lines.push(`            <Amt Ccy="EUR">${major(Math.abs(transaction.amountMinor))}</Amt>\n            <CdtDbtInd>${transaction.amountMinor < 0 ? "DBIT" : "CRDT"}</CdtDbtInd>`);
        lines.push(`            <RltdPties><${party}><Pty><Nm>${escapeXml(transaction.party)}</Nm></Pty></${party}></RltdPties>`);
        lines.push(`            <RmtInf>\n${transaction.remittance.map((line) => `              <Ustrd>${escapeXml(line)}</Ustrd>`).join("\n")}\n            </RmtInf>`);
        lines.push(`          </TxDtls>`);
      }
      lines.push(`        </NtryDtls>`);
    }
    if (entry.text) lines.push(`        <AddtlNtryInf>${escapeXml(entry.text)}</AddtlNtryInf>`);
    lines.push(`      </Ntry>`);
  }
  lines.push(`    </Stmt>`, `  </BkToCstmrStmt>`, `</Document>`);
  return lines.join("\n") + "\n";
}
