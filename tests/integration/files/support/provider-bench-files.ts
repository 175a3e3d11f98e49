import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Large provider files for the memory tests, written in blocks so the test
 * process never holds one whole: every row valid, the totals and counts
 * adding up, so a complete read is "ready" with exactly `rows` records.
 */

function writeRows(filePath: string, head: string, rows: number, row: (i: number) => string, tail = ""): void {
  const fd = openSync(filePath, "w");
  writeSync(fd, head);
  let block: string[] = [];
  for (let i = 0; i < rows; i++) {
    block.push(row(i));
    if (block.length === 10_000 || i === rows - 1) {
      writeSync(fd, block.join(""));
      block = [];
    }
  }
  writeSync(fd, tail);
  closeSync(fd);
}

/** A bank CSV of the debit/credit profile: credits of 1.00 to 99.99 USD. */
export function writeBankCsvBenchFile(filePath: string, rows: number): { path: string; records: number } {
  const header = "Date,Description,Debit,Credit,Currency,Reference,Balance\n";
  writeRows(filePath, header, rows, (i) => `2026-01-${String((i % 28) + 1).padStart(2, "0")},"PAYOUT ${i}, STRIPE TRANSFER",,${(i % 99) + 1}.${String(i % 100).padStart(2, "0")},USD,REF${i},\n`);
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
