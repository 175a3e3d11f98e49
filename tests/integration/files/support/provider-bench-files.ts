import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Large provider files for the memory tests, written in blocks so the test
 * process never holds one whole: every row valid, the totals and counts
 * adding up, so a complete read is "ready" with exactly `rows` records.
 */

function writeRows(filePath: string, head: string, rows: number, row: (i: number) => string, tail = "", encoding: BufferEncoding = "utf8"): void {
  const fd = openSync(filePath, "w");
  writeSync(fd, Buffer.from(head, encoding));
  let block: string[] = [];
  for (let i = 0; i < rows; i++) {
    block.push(row(i));
    if (block.length === 10_000 || i === rows - 1) {
      writeSync(fd, Buffer.from(block.join(""), encoding));
      block = [];
    }
  }
  writeSync(fd, Buffer.from(tail, encoding));
  closeSync(fd);
}

/**
 * A Deutsche Bank "Umsätze" download in Windows-1252: account lines before the header, ";", Soll/Haben
 * with decimal commas, and the closing "Kontostand" line, so the header search and the trailer run on every line.
 */
export function writeDeutscheBankBenchFile(filePath: string, rows: number): { path: string; records: number } {
  const head = "Ums\u00e4tze Girokonto;Zeitraum: 01.01.2026 - 31.01.2026;\r\nNeuer Kontostand;;;;1.000,00;EUR\r\n\r\nBuchungstag;Wert;Umsatzart;Beg\u00fcnstigter / Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;Soll;Haben;W\u00e4hrung\r\n";
  const day = (i: number) => `${String((i % 28) + 1).padStart(2, "0")}.01.2026`;
  const amount = (i: number) => `${(i % 99) + 1},${String(i % 100).padStart(2, "0")}`;
  writeRows(
    filePath,
    head,
    rows,
    (i) => `${day(i)};${day(i)};Sepa-Gutschrift;Stripe Technology Europe Ltd;STRIPE PAYOUT ${i} M\u00fcller;IE29AIBK93115212345678;AIBKIE2D;E2E-${i};${i % 3 === 0 ? `-${amount(i)}` : ""};${i % 3 === 0 ? "" : amount(i)};EUR\r\n`,
    "Kontostand;31.01.2026;;;1.000,00;EUR\r\n",
    "latin1",
  );
  return { path: filePath, records: rows };
}

/** An Amazon V2 settlement (tab-separated): the summary row, then `rows` amount lines whose sum is its total. */
export function writeAmazonBenchFile(filePath: string, rows: number): { path: string; records: number } {
  const columns = ["settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency", "transaction-type", "order-id", "amount-type", "amount-description", "amount", "posted-date"];
  const cents = (i: number) => 100 + (i % 9_900);
  let total = 0;
  for (let i = 0; i < rows; i++) total += cents(i);
  const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
  const head = `${columns.join("\t")}\n1234567890\t2026-02-01\t2026-02-15\t2026-02-17\t${decimal(total)}\tUSD\t\t\t\t\t\t\n`;
  writeRows(filePath, head, rows, (i) => `1234567890\t\t\t\t\t\tOrder\t111-${String(i).padStart(7, "0")}-0000001\tItemPrice\tPrincipal\t${decimal(cents(i))}\t2026-02-${String((i % 14) + 1).padStart(2, "0")}\n`);
  return { path: filePath, records: rows + 1 };
}

/** A PayPal STL report with one section of `rows` SB rows, its counts right. */
export function writePaypalStlBenchFile(filePath: string, rows: number): { path: string; records: number } {
  const head = [
    '"RH","2026/03/03 02:11:09 -0800","A","QW7EXAMPLE9XS",2',
    '"FH",01',
    '"SH","2026/03/02 00:00:00 -0800","2026/03/02 23:59:59 -0800","QW7EXAMPLE9XS",""',
    '"CH","Transaction ID","Invoice ID","Transaction Event Code","Transaction Initiation Date","Transaction Completion Date","Transaction  Debit or Credit","Gross Transaction Amount","Gross Transaction Currency","Fee Debit or Credit","Fee Amount","Fee Currency","Custom Field"',
    "",
  ].join("\n");
  const tail = `"SC",${rows}\n"RC",${rows}\n"FF",${rows + 8}\n`;
  writeRows(
    filePath,
    head,
    rows,
    (i) => `"SB","TX${String(i).padStart(15, "0")}","INV-${i}","T0006","2026/03/02 06:15:30 -0800","2026/03/02 06:15:31 -0800","CR",${1000 + (i % 9000)},"USD","DR",${30 + (i % 50)},"USD","order ${i}, ""rush"""\n`,
    tail,
  );
  return { path: filePath, records: rows };
}
