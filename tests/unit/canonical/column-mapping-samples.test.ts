import { describe, expect, it } from "vitest";
import { applyColumnMapping, canonicalColumnsOf, columnMappingSchema, type ColumnMapping } from "~/core/canonical";
import { canonicalColumns, plainTable, sampleText } from "./support";

/** Saved mappings for real layouts: the packs' sample exports and a German ERP ledger export. */

const APPLY = { fileName: "upload.csv" };

describe("column mappings on real layouts", () => {
  it("map a German semicolon ledger export (dd.MM.yyyy, 1.234,56, Soll and Haben) to ledger entries: Soll is a debit posting, positive", () => {
    const text = [
      "Belegdatum;Buchungsdatum;Konto;Belegnummer;Buchungstext;Referenz;Soll;Haben;Währung",
      "04.04.2026;05.04.2026;1200;DR-601;Zahlungseingang Stripe;E2E-PO-4471;1.140,71;;EUR",
      "05.04.2026;05.04.2026;1200;BK-04;Kontoführung April;;;250,00;EUR",
      "06.04.2026;06.04.2026;1200;KR-415;Zahlung Bergsport Versand;INV-2026-0042;;1.234,56;EUR",
    ].join("\r\n");
    const mapping = columnMappingSchema.parse({
      schema: "ledger_entry",
      signature: { columns: ["Belegdatum", "Buchungsdatum", "Konto", "Belegnummer", "Soll", "Haben"] },
      fields: {
        amount: { debit: "Soll", credit: "Haben", decimalSeparator: ",", thousandsSeparator: "." },
        currency: { column: "Währung" },
        posting_date: { column: "Buchungsdatum", format: "dd.MM.yyyy" },
        entry_id: { column: "Belegnummer" },
        account: { column: "Konto" },
        reference: { column: "Referenz" },
        description: { column: "Buchungstext" },
      },
    });
    const table = applyColumnMapping(plainTable(text, ";"), mapping, APPLY);
    expect(table.columns.slice(9)).toEqual(canonicalColumnsOf("ledger_entry"));
    expect(canonicalColumns(table)).toEqual({
      $amount: ["1140.71", "-250.00", "-1234.56"],
      $currency: ["EUR", "EUR", "EUR"],
      $posting_date: ["2026-04-05", "2026-04-05", "2026-04-06"],
      $entry_id: ["DR-601", "BK-04", "KR-415"],
      $account: ["1200", "1200", "1200"],
      $reference: ["E2E-PO-4471", null, "INV-2026-0042"],
      $description: ["Zahlungseingang Stripe", "Kontoführung April", "Zahlung Bergsport Versand"],
      $category: [null, null, null],
    });
  });

  it("map the banking-cash GL export to ledger entries with a fixed currency its export leaves out of the columns", () => {
    const mapping: ColumnMapping = {
      schema: "ledger_entry",
      signature: { columns: ["Journal", "Posting Date", "Account", "Amount (EUR)"] },
      fields: {
        amount: { column: "Amount (EUR)" },
        currency: { fixed: "EUR" },
        posting_date: { column: "Posting Date", format: "dd.MM.yyyy" },
        entry_id: { column: "Journal" },
        account: { column: "Account" },
        reference: { column: "Reference" },
        description: { column: "Text" },
        category: { column: "Category" },
      },
    };
    const columns = canonicalColumns(applyColumnMapping(plainTable(sampleText("plugins/banking-cash/samples/gl_cash_2026-01.csv")), mapping, APPLY));
    expect(columns.$amount).toEqual(["12500.00", "-3200.00", "8750.50", "4100.00", "2300.00", "-5000.00", "-5000.00", "-1250.00", "6400.00", "-25.00"]);
    expect(columns.$posting_date!.slice(0, 3)).toEqual(["2026-01-05", "2026-01-06", "2026-01-08"]);
    expect(columns.$currency).toEqual(Array(10).fill("EUR"));
    expect(columns.$reference!.slice(-2)).toEqual(["INV-2026-005", "BANKFEES-2026-01"]);
    expect(columns.$category!.slice(-2)).toEqual(["receipt", "bank_fee"]);
  });

  it("map purchase order lines: the unit price stays a decimal with its own digits, the date ISO", () => {
    const mapping: ColumnMapping = {
      schema: "po_line",
      signature: { columns: ["PO Number", "Line", "Item", "Qty Ordered"] },
      fields: {
        po_number: { column: "PO Number" },
        line: { column: "Line" },
        item: { column: "Item" },
        quantity: { column: "Qty Ordered" },
        vendor: { column: "Vendor" },
        unit_price: { column: "Unit Price" },
        currency: { column: "Currency" },
        date: { column: "PO Date", format: "yyyy-MM-dd" },
      },
    };
    const columns = canonicalColumns(applyColumnMapping(plainTable(sampleText("plugins/supply-chain-three-way/samples/purchase_orders.csv")), mapping, APPLY));
    expect(Object.fromEntries(Object.entries(columns).map(([name, cells]) => [name, cells.slice(0, 3)]))).toEqual({
      $po_number: ["PO-00123", "PO-00123", "PO-00124"],
      $item: ["BOLT-M8", "NUT-M8", "BOX-40"],
      $quantity: ["500", "500", "200"],
      $line: ["1", "2", "1"],
      $vendor: ["Acme Industrial Supply Inc.", "Acme Industrial Supply Inc.", "Northwind Packaging LLC"],
      $unit_price: ["0.42", "0.11", "1.85"],
      $amount: [null, null, null],
      $currency: ["USD", "USD", "USD"],
      $date: ["2026-01-05", "2026-01-05", "2026-01-06"],
    });
  });

  it("map goods receipt lines, keeping the PO reference as the note writes it", () => {
    const mapping: ColumnMapping = {
      schema: "goods_receipt_line",
      signature: { columns: ["GRN", "PO Ref", "Qty Received"] },
      fields: {
        receipt_id: { column: "GRN" },
        item: { column: "Item" },
        quantity: { column: "Qty Received" },
        po_number: { column: "PO Ref" },
        date: { column: "Receipt Date", format: "yyyy-MM-dd" },
        vendor: { column: "Vendor Name" },
      },
    };
    const columns = canonicalColumns(applyColumnMapping(plainTable(sampleText("plugins/supply-chain-three-way/samples/goods_receipts.csv")), mapping, APPLY));
    expect(columns.$receipt_id!.slice(0, 3)).toEqual(["GR-5001", "GR-5002", "GR-5003"]);
    expect(columns.$po_number!.slice(0, 5)).toEqual(["po123", "po123", "PO 124", "po125", "po-126"]);
    expect(columns.$quantity!.slice(0, 4)).toEqual(["300", "500", "200", "38"]);
    expect(columns.$date!.slice(0, 3)).toEqual(["2026-01-09", "2026-01-09", "2026-01-10"]);
  });

  it("map invoice lines: four-decimal unit prices normalized, line amounts in the currency's digits", () => {
    const mapping: ColumnMapping = {
      schema: "invoice_line",
      signature: { columns: ["Invoice No", "Qty Billed", "Line Amount"] },
      fields: {
        invoice_number: { column: "Invoice No" },
        item: { column: "Item" },
        quantity: { column: "Qty Billed" },
        po_number: { column: "PO" },
        vendor: { column: "Supplier" },
        unit_price: { column: "Unit Price" },
        amount: { column: "Line Amount" },
        currency: { column: "Currency" },
        date: { column: "Invoice Date", format: "yyyy-MM-dd" },
      },
    };
    const columns = canonicalColumns(applyColumnMapping(plainTable(sampleText("plugins/supply-chain-three-way/samples/invoices.csv")), mapping, APPLY));
    expect(columns.$unit_price!.slice(0, 4)).toEqual(["0.42", "0.112", "1.99", "38.5"]);
    expect(columns.$amount!.slice(0, 4)).toEqual(["210.00", "56.00", "398.00", "1540.00"]);
    expect(columns.$po_number!.slice(4, 7)).toEqual(["00126", null, "129"]);
  });
});
