import { describe, expect, it } from "vitest";
import { withCanonicalColumns } from "~/core/canonical";
import { canonicalColumns, readFixture } from "./support";

/** The canonical values of the camt adapters on their fixtures, field by field. */
describe("canonical columns: camt adapters", () => {
  it("camt.053: each TxDtls is a line; a batch whose transactions carry no amounts of their own has none to give (lenient: empty and warned)", () => {
    const table = withCanonicalColumns(
      "camt053",
      readFixture("camt053", "camt053.xml"),
      { fileName: "camt053.xml", policy: "lenient" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1140.71", "-250.00", null, null, "-89.90"],
      $currency: ["EUR", "EUR", "EUR", "EUR", "EUR"],
      $booking_date: [
        "2026-04-05",
        "2026-04-05",
        "2026-04-06",
        "2026-04-06",
        "2026-04-06",
      ],
      $value_date: [
        "2026-04-05",
        "2026-04-05",
        "2026-04-06",
        "2026-04-06",
        "2026-04-06",
      ],
      $direction: ["credit", "debit", "credit", "credit", "debit"],
      $description: [
        null,
        "Monthly account fee",
        null,
        null,
        "SEPA DIRECT DEBIT",
      ],
      $remittance: [
        "STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR",
        null,
        "INV 2026-118",
        "RF18539007547034",
        "Return shipping label 2026-04",
      ],
      $reference: [null, null, "E2E-INV-2026-118", "E2E-INV-2026-119", null],
      $bank_reference: [
        "2026040500012345",
        "2026040500012346",
        "2026040600000777",
        "2026040600000777",
        "2026040600000912",
      ],
      $counterparty_name: [
        "Stripe Technology Europe Ltd",
        null,
        "Fjell & Fjord AS",
        "Hutte Outdoor GmbH",
        "Bergsport Versand",
      ],
      $counterparty_account: [null, null, null, null, null],
      $transaction_code: ["PMNT/RCDT/ESCT", "FEE", null, null, null],
      $account: [
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
        "NL91ABNA0417164300",
      ],
      $statement_id: [
        "NL91ABNA0417164300-2026-04-06",
        "NL91ABNA0417164300-2026-04-06",
        "NL91ABNA0417164300-2026-04-06",
        "NL91ABNA0417164300-2026-04-06",
        "NL91ABNA0417164300-2026-04-06",
      ],
    });
    expect(table.warnings).toEqual(
      [75, 80].map((line) => ({
        file: "camt053.xml",
        line,
        field: "$amount",
        message:
          "the record has no amount, which a bank_statement_line requires (camt053 reads it from @amount)",
      }))
    );
  });

  it("camt.052 intraday report: booked and pending entries, a Swiss QR reference as remittance", () => {
    const table = withCanonicalColumns(
      "camt052",
      readFixture("camt052", "camt/camt052-intraday.v13.xml"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1500.00", "-200.00", "-99.99"],
      $currency: ["CHF", "CHF", "CHF"],
      $booking_date: ["2026-06-12", "2026-06-13", "2026-06-12"],
      $value_date: ["2026-06-12", "2026-06-13", "2026-06-12"],
      $direction: ["credit", "debit", "debit"],
      $description: [null, "Standing order, executes tomorrow", null],
      $remittance: [
        "210000000003139471430009017",
        null,
        "Invoice 4471 June ads",
      ],
      $reference: ["PO-2026-330", null, "SUP-4471"],
      $bank_reference: ["ZKB-0612-00041", "ZKB-0612-00052", "ZKB-0612-00057"],
      $counterparty_name: ["Alpenglas AG", null, "Bergbahn Werbung GmbH"],
      $counterparty_account: ["CH5604835012345678009", null, "80-2-2"],
      $transaction_code: ["PMNT/RCDT/DMCT", null, null],
      $account: [
        "CH9300762011623852957",
        "CH9300762011623852957",
        "CH9300762011623852957",
      ],
      $statement_id: [
        "RPT-20260612-1400-CHF",
        "RPT-20260612-1400-CHF",
        "RPT-20260612-1400-CHF",
      ],
    });
  });

  it("camt.054 batch breakdown: one line per collection, a return's counterparty is the other side", () => {
    const table = withCanonicalColumns(
      "camt054",
      readFixture("camt054", "camt/camt054-batch.v08.xml"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: ["129.90", "249.00", "-22.50", "-35.50"],
      $currency: ["EUR", "EUR", "EUR", "EUR"],
      $booking_date: ["2026-05-12", "2026-05-12", "2026-05-12", "2026-05-12"],
      $value_date: ["2026-05-12", "2026-05-12", "2026-05-12", "2026-05-13"],
      $direction: ["credit", "credit", "debit", "debit"],
      $description: [null, null, null, "SEPA Credit Transfer"],
      $remittance: [
        "Order 88120 May subscription",
        "RF71 2026 0451 INV-2026-0451",
        null,
        "Label invoice 2026-19",
      ],
      $reference: ["ORD-88120", "ORD-88121", "ORD-87990", null],
      $bank_reference: [
        "20260512-SDD-4471",
        "20260512-SDD-4471",
        "RTN-0512-009",
        "20260512-SCT-0093",
      ],
      $counterparty_name: [
        "Lena Kowalski",
        "Jonas Berg",
        "Paul Richter",
        "Paketdienst Sued AG",
      ],
      $counterparty_account: [
        "DE02120300000000202051",
        "0532013000",
        "DE89370400440532013000",
        "AT611904300234573201",
      ],
      $transaction_code: [
        "PMNT/RDDT/ESDD",
        "PMNT/RDDT/ESDD",
        "PMNT/RDDT/UPDD",
        "NTRF+116",
      ],
      $account: [
        "DE44500105175407324931",
        "DE44500105175407324931",
        "DE44500105175407324931",
        "DE44500105175407324931",
      ],
      $statement_id: [
        "NTF-20260512-77-1",
        "NTF-20260512-77-1",
        "NTF-20260512-77-1",
        "NTF-20260512-77-1",
      ],
    });
  });

  it("camt.053 banking-cash sample: booking texts, end-to-end ids, counterparties", () => {
    const table = withCanonicalColumns(
      "camt053",
      readFixture(
        "camt053",
        "plugins/banking-cash/samples/statement_2026-01.camt053.xml"
      ),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $amount: [
        "12500.00",
        "-3200.00",
        "8750.50",
        "-15.00",
        "4100.00",
        "-2.50",
        "-5000.00",
        "2300.00",
        "990.00",
        "-7.50",
      ],
      $currency: [
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "EUR",
      ],
      $booking_date: [
        "2026-01-05",
        "2026-01-06",
        "2026-01-09",
        "2026-01-12",
        "2026-01-14",
        "2026-01-20",
        "2026-01-22",
        "2026-01-26",
        "2026-01-29",
        "2026-01-30",
      ],
      $value_date: [
        "2026-01-05",
        "2026-01-06",
        "2026-01-09",
        "2026-01-12",
        "2026-01-14",
        "2026-01-20",
        "2026-01-22",
        "2026-01-26",
        "2026-01-29",
        "2026-01-30",
      ],
      $direction: [
        "credit",
        "debit",
        "credit",
        "debit",
        "credit",
        "debit",
        "debit",
        "credit",
        "credit",
        "debit",
      ],
      $description: [
        null,
        null,
        null,
        "Kontoführungsgebühr Dezember",
        null,
        "Überweisungsgebühr",
        null,
        null,
        null,
        "Gebühr Auslandsüberweisung",
      ],
      $remittance: [
        "INV-2026-001 Hansa Logistik",
        "Rechnung 4711 PAY-7781",
        "INV-2026-002",
        null,
        "Zahlung Rechnung 2026-003 Alpenblick",
        null,
        "Miete Januar 2026 PAY-7790",
        "INV-2026-004",
        "Gutschrift Retoure 5521",
        null,
      ],
      $reference: [
        "INV-2026-001",
        "PAY-7781",
        "INV-2026-002",
        null,
        null,
        null,
        "PAY-7790",
        "INV-2026-004",
        "REFUND-5521",
        null,
      ],
      $bank_reference: [
        "202601000001",
        "202601000002",
        "202601000003",
        "202601000004",
        "202601000005",
        "202601000006",
        "202601000007",
        "202601000008",
        "202601000009",
        "202601000010",
      ],
      $counterparty_name: [
        "Hansa Logistik GmbH",
        "Bürobedarf Schmidt KG",
        "Nordwind Handel AG",
        null,
        "Alpenblick Hotel GmbH",
        null,
        "Immobilien Rhein GmbH",
        "Kranich Werkzeuge KG",
        "Lieferant XY GmbH",
        null,
      ],
      $counterparty_account: [
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      $transaction_code: [
        "PMNT/RCDT/ESCT",
        "PMNT/ICDT/ESCT",
        "PMNT/RCDT/ESCT",
        "ACMT/MDOP/CHRG",
        "PMNT/RCDT/ESCT",
        "ACMT/MDOP/CHRG",
        "PMNT/ICDT/STDO",
        "PMNT/RCDT/ESCT",
        "PMNT/RCDT/ESCT",
        "ACMT/MDOP/CHRG",
      ],
      $account: [
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
        "DE89370400440532013000",
      ],
      $statement_id: [
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
        "DE89370400440532013000-2026-01",
      ],
    });
  });
});
