import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { recognizeAdapter, recognizeFormat } from "~/core/adapters";
import { column, errorsOf, fixtureBytes, lines, readWith } from "./support";

const canonicalFixture = (file: string) => readFileSync(`tests/fixtures/canonical/${file}`);
const cp1252 = (text: string) => iconv.encode(text, "win1252");

describe("bank_csv German and Dutch dialects", () => {
  it("reads a Deutsche Bank export in Windows-1252: the preamble and the closing Kontostand line are skipped, lines kept", () => {
    const table = readWith("bank_csv", canonicalFixture("statement.deutsche-bank.csv"), "db.csv");
    expect(lines(table)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(table.columns.slice(0, 6)).toEqual(["Buchungstag", "Wert", "Umsatzart", "Begünstigter / Auftraggeber", "Verwendungszweck", "IBAN"]);
    expect(column(table, "@profile")).toEqual(Array(8).fill("deutsche_bank"));
    expect(column(table, "@amount")).toEqual(["1140.71", "-250.00", "3450.00", "-1234.56", "89.90", "-35.50", "12000.00", "-19.75"]);
    expect(column(table, "@value_date")).toEqual(["2026-04-01", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-03", "2026-04-02", "2026-04-06", "2026-04-06"]);
    expect(column(table, "@description").slice(0, 2)).toEqual(["Sepa-Gutschrift", "Entgelt"]);
    expect(column(table, "@remittance").slice(0, 2)).toEqual(["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", "ACCOUNT FEE APRIL"]);
    expect(column(table, "@counterparty").slice(0, 2)).toEqual(["Stripe Technology Europe Ltd", null]);
    expect(column(table, "@account")).toEqual(Array(8).fill(null));
  });

  it("reads a Sparkasse CSV-CAMT export: quoted ';' fields, dd.mm.yy dates, decimal commas, the SEPA columns", () => {
    const table = readWith("bank_csv", canonicalFixture("statement.sparkasse.csv"), "sparkasse.csv");
    expect(lines(table)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(column(table, "@profile")).toEqual(Array(8).fill("sparkasse_camt"));
    expect(column(table, "@date").slice(2, 4)).toEqual(["2026-04-02", "2026-04-02"]);
    expect(column(table, "@value_date").slice(2, 4)).toEqual(["2026-04-02", "2026-04-03"]);
    expect(column(table, "@amount").slice(2, 4)).toEqual(["3450.00", "-1234.56"]);
    expect(column(table, "@reference").slice(2, 4)).toEqual([null, "INV-2026-0042"]);
    expect(column(table, "@counterparty_account").slice(2, 4)).toEqual([null, "DE02120300000000202051"]);
    expect(column(table, "@account")).toEqual(Array(8).fill("DE89370400440532013000"));
    expect(column(table, "@description").slice(2, 4)).toEqual(["SAMMLER-GUTSCHRIFT", "SEPA-UEBERWEISUNG"]);
  });

  it("reads an ING download: Af is money out, the SEPA details come out of Mededelingen, a fee has no counterparty", () => {
    const table = readWith("bank_csv", canonicalFixture("statement.ing.csv"), "ing.csv");
    expect(column(table, "@profile")).toEqual(Array(8).fill("ing_nl"));
    expect(column(table, "@amount").slice(0, 4)).toEqual(["1140.71", "-250.00", "3450.00", "-1234.56"]);
    expect(column(table, "@record_type").slice(0, 4)).toEqual(["credit", "debit", "credit", "debit"]);
    expect(column(table, "@date").slice(0, 4)).toEqual(["2026-04-01", "2026-04-01", "2026-04-02", "2026-04-02"]);
    expect(column(table, "@value_date").slice(0, 4)).toEqual(["2026-04-01", "2026-04-01", "2026-04-02", "2026-04-03"]);
    expect(column(table, "@remittance").slice(0, 2)).toEqual(["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", "ACCOUNT FEE APRIL"]);
    expect(column(table, "@reference").slice(0, 2)).toEqual(["E2E-PO-4471", null]);
    expect(column(table, "@counterparty").slice(0, 2)).toEqual(["Stripe Technology Europe Ltd", null]);
    expect(column(table, "@transaction_code").slice(0, 2)).toEqual(["OV", "DV"]);
    expect(column(table, "@description").slice(0, 2)).toEqual(["Overschrijving", "Diversen"]);
  });

  it("reads ING's newer ';' export with its balance after each line, and free text that has no SEPA keys", () => {
    const text = [
      "Datum;Naam / Omschrijving;Rekening;Tegenrekening;Code;Af Bij;Bedrag (EUR);Mutatiesoort;Mededelingen;Saldo na mutatie;Tag",
      "20260407;Albert Heijn 1403;NL20INGB0001234567;;BA;Af;12,45;Betaalautomaat;Pasvolgnr: 003 07-04-2026 12:01 Transactie: 5K1L2M;1.987,55;",
    ].join("\n");
    const table = readWith("bank_csv", text, "ing.csv");
    expect(column(table, "@amount")).toEqual(["-12.45"]);
    expect(column(table, "@balance")).toEqual(["1987.55"]);
    expect(column(table, "@remittance")).toEqual(["Pasvolgnr: 003 07-04-2026 12:01 Transactie: 5K1L2M"]);
    expect(column(table, "@counterparty")).toEqual([null]);
    expect(column(table, "@value_date")).toEqual([null]);
  });

  it("reports an Af Bij value that is neither, at its line and column", () => {
    const text = ['"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"', '"20260401","X","NL20INGB0001234567","","DV","Debit","1,00","Diversen","Omschrijving: FEE"'].join("\n");
    expect(errorsOf("bank_csv", text, "ing.csv")).toEqual([{ file: "ing.csv", line: 2, column: 6, field: "Af Bij", value: "Debit", message: '"Debit" is neither "Af" (money out) nor "Bij" (money in)' }]);
  });

  it("reports a Deutsche Bank row with both Soll and Haben and a date in the wrong form, at their physical lines", () => {
    const header = "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;Soll;Haben;Währung";
    const text = ["Umsätze Girokonto;Zeitraum: 01.04.2026 - 06.04.2026;", "", header, "01.04.2026;01.04.2026;Entgelt;;FEE;;;;-1,00;2,00;EUR", "2026-04-02;02.04.2026;Entgelt;;FEE;;;;-1,00;;EUR", "Kontostand;06.04.2026;;;25.140,80;EUR"].join("\r\n");
    expect(errorsOf("bank_csv", cp1252(text), "db.csv")).toEqual([
      { file: "db.csv", line: 4, column: 10, field: "Haben", message: "the row has both a debit and a credit amount" },
      { file: "db.csv", line: 5, column: 1, field: "Buchungstag", value: "2026-04-02", message: '"2026-04-02" is not a date in the dd.mm.yyyy form this format uses' },
    ]);
  });

  it("looks for the header only among the first 30 lines", () => {
    const header = "Date,Description,Amount,Currency";
    const late = `${"Account statement\n".repeat(30)}${header}\n2026-05-02,FEE,-1.00,USD\n`;
    expect(errorsOf("bank_csv", late, "late.csv")[0]).toMatchObject({ line: 1, message: expect.stringContaining("the header fits no bank CSV profile") });
    const inTime = `${"Account statement\n".repeat(29)}${header}\n2026-05-02,FEE,-1.00,USD\n`;
    expect(lines(readWith("bank_csv", inTime, "ok.csv"))).toEqual([31]);
  });

  it("recognizes the banks' own downloads at upload, but not a generic debit/credit layout a ledger export may share", () => {
    for (const file of ["statement.deutsche-bank.csv", "statement.sparkasse.csv", "statement.ing.csv"]) {
      expect(recognizeFormat(canonicalFixture(file))?.adapter.name).toBe("bank_csv");
    }
    expect(recognizeFormat(canonicalFixture("statement.ing.csv"))?.evidence).toBe("the header on line 1 has all 9 signature columns of the Bank account CSV (profiles) (Datum, Naam / Omschrijving, Rekening, Tegenrekening, …)");
    expect(recognizeFormat(fixtureBytes("bank_debit_credit.csv"))).toBeUndefined();
    expect(recognizeAdapter(["Buchungstag", "Wert", "Umsatzart", "Begünstigter / Auftraggeber", "Verwendungszweck", "IBAN", "BIC", "Soll", "Haben", "Währung"], "")?.name).toBe("bank_csv");
  });
});
