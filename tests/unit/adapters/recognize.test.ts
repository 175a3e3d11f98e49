import { describe, expect, it } from "vitest";
import { recognizeFormat } from "~/core/adapters";
import { fixtureBytes } from "./support";

function recognized(text: string | Uint8Array) {
  const result = recognizeFormat(typeof text === "string" ? Buffer.from(text, "utf8") : text);
  return result ? { adapter: result.adapter.name, confident: result.confidence >= 0.9 } : undefined;
}

describe("recognizing a file's format from its first bytes", () => {
  it("recognises every adapter fixture with high confidence", () => {
    const cases: Array<[string, string]> = [
      ["stripe_payout_itemized.csv", "stripe_payout_itemized"],
      ["stripe_balance_history.csv", "stripe_balance_history"],
      ["stripe_payouts.csv", "stripe_payouts"],
      ["shopify_orders_export.csv", "shopify_orders"],
      ["amazon_settlement_v2_us.txt", "amazon_settlement_v2"],
      ["adyen_settlement_detail_report_batch_42.csv", "adyen_settlement_details"],
      ["STL-20260302.01.009.CSV", "paypal_stl"],
      ["camt053.xml", "camt053"],
      ["mt940.sta", "mt940"],
      ["bai2.txt", "bai2"],
    ];
    for (const [file, adapter] of cases) {
      const result = recognizeFormat(fixtureBytes(file));
      expect({ file, adapter: result?.adapter.name, confidence: (result?.confidence ?? 0) >= 0.7 }).toEqual({ file, adapter, confidence: true });
    }
  });

  it("recognises a bank CSV by any of its profiles' headers, after a preamble and with ';' between quoted names", () => {
    const sparkasse = '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"Betrag";"Waehrung"\n';
    const deutscheBank = "Umsätze Girokonto;Zeitraum: 01.03.2026 - 12.03.2026\n\nBuchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN;Soll;Haben;Währung\n";
    const debitCredit = "Date,Description,Reference,Debit,Credit,Balance,Currency\n";

    expect([sparkasse, deutscheBank, debitCredit].map((text) => recognized(text)?.adapter)).toEqual(["bank_csv", "bank_csv", "bank_csv"]);
    expect(recognizeFormat(Buffer.from(sparkasse, "utf8"))?.evidence).toBe("the header on line 1 has all 9 signature columns of the Bank account CSV (profiles) (Auftragskonto, Buchungstag, Valutadatum, Buchungstext, …)");
  });

  it("reads a camt.053 Document with a namespace prefix inside an AppHdr envelope", () => {
    const xml =
      '<?xml version="1.0"?>\n<BizMsgEnvlp><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><MsgDefIdr>camt.053.001.08</MsgDefIdr></AppHdr>' +
      '<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><ns2:BkToCstmrStmt><ns2:GrpHdr/></ns2:BkToCstmrStmt></ns2:Document></BizMsgEnvlp>';
    const result = recognizeFormat(Buffer.from(xml));
    expect(result?.adapter.name).toBe("camt053");
    expect(result?.evidence).toContain("camt.053.001.08");
  });

  it("sends camt.052 and camt.054 documents to their own adapters, and no other ISO 20022 message to any", () => {
    const report = recognizeFormat(Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">\n  <BkToCstmrAcctRpt><GrpHdr/></BkToCstmrAcctRpt></Document>'));
    const notification = recognizeFormat(Buffer.from("<Document><BkToCstmrDbtCdtNtfctn></BkToCstmrDbtCdtNtfctn></Document>"));
    expect([report?.adapter.name, report!.confidence >= 0.9, notification?.adapter.name]).toEqual(["camt052", true, "camt054"]);
    expect(recognizeFormat(Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>'))).toBeUndefined();
  });

  it("reads MT940 behind a SWIFT envelope, an SOH byte, a :940: line or bank header lines", () => {
    const body = ":20:STMT1\n:25:NL91ABNA0417164300\n:28C:00001/001\n:60F:C260304EUR100,00\n:61:2603050305C1,00NTRFNONREF\n:62F:C260305EUR101,00\n";
    expect(recognized(`{1:F01ABNANL2AXXXX0000000000}{2:O9400800260309ABNANL2AXXXX00000000002603090800N}{4:\n${body}-}`)).toEqual({ adapter: "mt940", confident: true });
    expect(recognized(`\u0001{1:F01BANKDEFFXXXX0000000000}{4:\n${body}-}\u0003`)).toEqual({ adapter: "mt940", confident: true });
    expect(recognized(`:940:\n${body}`)).toEqual({ adapter: "mt940", confident: true });
    expect(recognized(`ABNANL2A\n940\nABNANL2A\n${body}`)).toEqual({ adapter: "mt940", confident: true });
  });

  it("tells an MT942 interim report from an MT940 statement", () => {
    const result = recognizeFormat(Buffer.from("{2:O942}{4:\n:20:INTRA1\n:25:NL91ABNA0417164300\n:28C:1/1\n:34F:EUR0,\n:13D:2603051200+0100\n:61:2603050305C1,00NTRFNONREF\n-}"));
    expect(result?.evidence).toContain("MT942");
    expect(result?.adapter.name).toBe("mt942");
  });

  it("recognises STL and provider headers in UTF-16 and Windows-1252", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureBytes("STL-20260302.01.009.CSV").toString("utf8"), "utf16le")]);
    expect(recognized(utf16)).toEqual({ adapter: "paypal_stl", confident: true });
    const latin = Buffer.from('Bericht über Auszahlungen\n"Company Account","Merchant Account","Psp Reference","Type","Net Debit (NC)","Net Credit (NC)","Batch Number"\n', "latin1");
    expect(recognized(latin)?.adapter).toBe("adyen_settlement_details");
  });

  it("recognises nothing in a plain table, a CSV whose times contain :20:, or a BAI2-looking line that is not one", () => {
    expect(recognized("id,amount,date\n1,2.00,2026-01-01\n")).toBeUndefined();
    expect(recognized("at,note\n2026-01-01 10:20:33,hello\n:20:x,y\n")).toBeUndefined();
    expect(recognized("01,a,b\n")).toBeUndefined();
  });
});
