import { describe, expect, it } from "vitest";
import { withCanonicalColumns } from "~/core/canonical";
import { canonicalColumns, readFixture } from "./support";

/** The canonical values of the MT940, MT942, BAI2 and bank CSV on their fixtures, field by field. */
describe("canonical columns: MT940, MT942, BAI2 and bank CSV", () => {
  it("MT940: signed amounts, entry date over value date, NONREF dropped from the reference", () => {
    const table = withCanonicalColumns(
      "mt940",
      readFixture("mt940", "mt940.sta"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1140.71", "-250.00", "300.00", "-89.90", "-15.00"],
      $currency: ["EUR", "EUR", "EUR", "EUR", "EUR"],
      $booking_date: [
        "2026-03-05",
        "2026-03-05",
        "2026-03-06",
        "2026-03-06",
        "2025-12-31",
      ],
      $value_date: [
        "2026-03-05",
        "2026-03-05",
        "2026-03-06",
        "2026-03-06",
        "2026-03-09",
      ],
      $direction: ["credit", "debit", "credit", "debit", "debit"],
      $description: [null, null, null, null, null],
      $remittance: [
        "STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR STRIPE TECHNOLOGY EUROPE LTD",
        "MONTHLY ACCOUNT FEE",
        "INV 2026-118 AND INV 2026-119 ACME GOODS",
        "REVERSAL OF CREDIT 2026-03-01",
        "CARD FEE DECEMBER",
      ],
      $reference: [null, null, "INV2026-118", "REF-998", null],
      $bank_reference: [
        "2026030500012345",
        null,
        "2026030600000777",
        null,
        null,
      ],
      $counterparty_name: [null, null, null, null, null],
      $counterparty_account: [null, null, null, null, null],
      $transaction_code: ["NTRF", "NMSC", "NTRF", "NTRF", "NCHG"],
      $account: [
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
      ],
      $statement_id: [
        "00064/001",
        "00064/001",
        "00064/001",
        "00064/001",
        "00065/001",
      ],
    });
  });

  it("MT942 interim report: German :86: posting text, EREF and SVWZ", () => {
    const table = withCanonicalColumns(
      "mt942",
      readFixture("mt942", "mt942/interim.sta"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1200.00", "-80.25", "-19.75"],
      $currency: ["EUR", "EUR", "EUR"],
      $booking_date: ["2026-03-06", "2026-03-06", "2026-03-06"],
      $value_date: ["2026-03-06", "2026-03-06", "2026-03-06"],
      $direction: ["credit", "debit", "debit"],
      $description: ["SEPA-GUTSCHRIFT", "SEPA-LASTSCHRIFT", "ENTGELT"],
      $remittance: ["STRIPE PAYOUT 0306", "HOSTING MAERZ", "ENTGELT"],
      $reference: ["PO-2026-0306", null, null],
      $bank_reference: ["PAY-991", null, null],
      $counterparty_name: ["STRIPE PAYMENTS EUROPE", "CLOUD GMBH", null],
      $counterparty_account: [null, null, null],
      $transaction_code: ["166", "105", "805"],
      $account: [
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
      ],
      $statement_id: ["00012/00001", "00012/00001", "00012/00001"],
    });
  });

  it("MT940 German :86: subfields (GVC, name, account, purpose); historic DEM keeps its digits", () => {
    const table = withCanonicalColumns(
      "mt940",
      readFixture("mt940", "mt940/german.sta"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["-1500.00", "250.00", "-750.00"],
      $currency: ["DEM", "DEM", "DEM"],
      $booking_date: ["1998-02-27", "1998-02-27", "1998-02-27"],
      $value_date: ["1998-02-28", "1998-02-27", "1998-02-27"],
      $direction: ["debit", "credit", "debit"],
      $description: ["UEBERWEISUNG", "GUTSCHRIFT", "ENTGELT"],
      $remittance: [
        "RECHNUNG 4711 VOM 20.02.1998",
        "RECHNUNG 7 VIELEN DANK",
        "KONTOFUEHRUNG",
      ],
      $reference: [null, "RE-2026-7", null],
      $bank_reference: [null, null, null],
      $counterparty_name: ["MUELLER GMBH", "HANS SCHMIDT", null],
      $counterparty_account: ["9876543210", null, null],
      $transaction_code: ["020", "051", "805"],
      $account: [
        "10020030/1234567890",
        "10020030/1234567890",
        "10020030/1234567890",
      ],
      $statement_id: ["00027/001", "00027/001", "00027/002"],
    });
  });

  it("MT940 ING tags (/EREF/ /REMI/ /CNTP/): counterparty IBAN and name", () => {
    const table = withCanonicalColumns(
      "mt940",
      readFixture("mt940", "mt940/ing.sta"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["3000.00", "-120.00"],
      $currency: ["EUR", "EUR"],
      $booking_date: ["2026-03-06", "2026-03-06"],
      $value_date: ["2026-03-06", "2026-03-06"],
      $direction: ["credit", "debit"],
      $description: [null, null],
      $remittance: ["PAYOUT 55 MARCH", "CUR/RF18539007547034"],
      $reference: ["SHOP-PAYOUT-55", "SUB-991"],
      $bank_reference: ["00000000001001", "00000000001002"],
      $counterparty_name: ["SHOPIFY INTERNATIONAL", "CLOUD HOSTING GMBH"],
      $counterparty_account: ["NL44RABO0123456789", "DE89370400440532013000"],
      $transaction_code: ["NTRF", "NDDT"],
      $account: ["NL20INGB0001234567", "NL20INGB0001234567"],
      $statement_id: ["00066", "00066"],
    });
  });

  it("BAI2: type code direction, value date from funds type V, customer and bank references", () => {
    const table = withCanonicalColumns(
      "bai2",
      readFixture("bai2", "bai2/funds-types.txt"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: [
        "100.00",
        "100.00",
        "100.00",
        "150.00",
        "100.00",
        "50.00",
        "-250.00",
        "-150.00",
      ],
      $currency: ["USD", "USD", "USD", "USD", "USD", "USD", "USD", "USD"],
      $booking_date: [
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
        "2026-03-05",
      ],
      $value_date: [null, null, null, null, "2026-03-07", null, null, null],
      $direction: [
        "credit",
        "credit",
        "credit",
        "credit",
        "credit",
        "credit",
        "debit",
        "debit",
      ],
      $description: [null, null, null, null, null, null, null, null],
      $remittance: [
        "IMMEDIATE",
        "ONE DAY",
        "TWO DAY",
        "SPLIT",
        "VALUE DATED",
        "DISTRIBUTED",
        "UNKNOWN AVAIL",
        "BLANK FUNDS",
      ],
      $reference: [null, null, null, null, null, null, null, "C7"],
      $bank_reference: ["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7"],
      $counterparty_name: [null, null, null, null, null, null, null, null],
      $counterparty_account: [null, null, null, null, null, null, null, null],
      $transaction_code: [
        "142",
        "165",
        "174",
        "195",
        "201",
        "206",
        "451",
        "475",
      ],
      $account: [
        "555000111",
        "555000111",
        "555000111",
        "555000111",
        "555000111",
        "555000111",
        "555000111",
        "555000111",
      ],
      $statement_id: [
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
        "555000111/260306/9",
      ],
    });
  });

  it("bank_csv chase profile: no value date, no counterparty; the check number is the reference", () => {
    const table = withCanonicalColumns(
      "bank_csv",
      readFixture("bank_csv", "bank_chase.csv"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1144.88", "-212.40", "-125.00", "2210.05"],
      $currency: ["USD", "USD", "USD", "USD"],
      $booking_date: ["2026-03-06", "2026-03-06", "2026-03-09", "2026-03-09"],
      $value_date: [null, null, null, null],
      $direction: ["credit", "debit", "debit", "credit"],
      $description: [
        "ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD TRACE#:021000021004417 IND ID:po_1QbZ9yX8wV7uT6sR IND NAME:ACME GOODS LLC",
        "ADP PAYROLL FEES, ADP FEES",
        "CHECK 1042",
        "STRIPE TRANSFER",
      ],
      $remittance: [
        "ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD TRACE#:021000021004417 IND ID:po_1QbZ9yX8wV7uT6sR IND NAME:ACME GOODS LLC",
        "ADP PAYROLL FEES, ADP FEES",
        "CHECK 1042",
        "STRIPE TRANSFER",
      ],
      $reference: [null, null, "1042", null],
      $bank_reference: [null, null, null, null],
      $counterparty_name: [null, null, null, null],
      $counterparty_account: [null, null, null, null],
      $transaction_code: [
        "ACH_CREDIT",
        "ACH_DEBIT",
        "CHECK_PAID",
        "ACH_CREDIT",
      ],
      $account: [null, null, null, null],
      $statement_id: [null, null, null, null],
    });
  });
});
