import { describe, expect, it } from "vitest";
import { readWith } from "./support";
import { column } from "./support";

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>BIG</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>BIG-1</Id>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
`;
const TAIL = "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";

function entry(cents: number, remittance: string): string {
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  return `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-01</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>${remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`;
}

function balance(code: string, cents: number): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>\n`;
}

describe("camt053 on large files", () => {
  it("reads a statement of 30,000 entries entry by entry, with its balance identity", () => {
    const count = 30_000;
    const entries = Array.from({ length: count }, (_, index) => entry(100 + (index % 997), `payout ${index}`)).join("");
    const total = Array.from({ length: count }, (_, index) => 100 + (index % 997)).reduce((sum, cents) => sum + cents, 0);
    const text = HEAD + balance("OPBD", 0) + balance("CLBD", total) + entries + TAIL;
    const table = readWith("camt053", text, "big.xml");
    expect(table.rowCount).toBe(count);
    expect(column(table, "@remittance")[count - 1]).toBe(`payout ${count - 1}`);
    expect(() => readWith("camt053", text.replace(balance("CLBD", total), balance("CLBD", total + 1)), "big.xml")).toThrow(/is not the opening balance/);
  });

  it("keeps a UTF-8 character whole where the file is cut into decoding slices", () => {
    // The reader decodes 1 MiB slices; put a three-byte "€" across the first slice boundary.
    const prefix = HEAD + balance("OPBD", 0) + balance("CLBD", 100);
    const before = `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-01</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>`;
    const padding = "x".repeat((1 << 20) - 1 - Buffer.byteLength(prefix + before));
    const text = `${prefix}${before}${padding}€ 1.00</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n${TAIL}`;
    expect(Buffer.from(text).subarray((1 << 20) - 1, (1 << 20) + 2).toString("utf8")).toBe("€");
    const table = readWith("camt053", text, "slices.xml");
    expect(column(table, "@remittance")[0]).toBe(`${padding}€ 1.00`);
  });
});
