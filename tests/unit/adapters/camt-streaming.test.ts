import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { CAMT052, CAMT053, CAMT054 } from "~/core/adapters/camt/messages";
import { readCamtRecordChunks } from "~/core/adapters/camt/stream";
import { randomMessage, writeMessage } from "../../support/bank-statements/camt";
import { Random } from "../../support/bank-statements/random";

const MESSAGES = { "052": CAMT052, "053": CAMT053, "054": CAMT054 };
const OPTIONS = { sourceId: "file_test", fileName: "stream.xml" };

/** The text cut into pieces of `size` characters, counting how many the reader has pulled. */
function counted(text: string, size: number): { chunks: Iterable<string>; pulled: () => number; total: number } {
  let pulled = 0;
  function* chunks(): Generator<string> {
    for (let start = 0; start < text.length; start += size) {
      pulled++;
      yield text.slice(start, start + size);
    }
  }
  return { chunks: chunks(), pulled: () => pulled, total: Math.ceil(text.length / size) };
}

/** read()'s table as records, to compare with the streamed ones. */
function tableRecords(number: keyof typeof MESSAGES, text: string) {
  const table = getAdapter(`camt${number}`)!.read(Buffer.from(text, "utf8"), OPTIONS);
  return {
    records: Array.from({ length: table.rowCount }, (_, row) => ({
      line: table.provenance.line[row],
      values: Object.fromEntries(table.columns.map((name, index) => [name, table.cells[index]![row]!])),
    })),
    warnings: (table as { warnings?: unknown[] }).warnings ?? [],
  };
}

describe("camt read from text chunks", () => {
  it("gives read()'s records and warnings for random messages in every dialect, cut anywhere", () => {
    const random = new Random(20261207);
    for (let run = 0; run < 40; run++) {
      const message = randomMessage(random);
      const text = writeMessage(message);
      const whole = tableRecords(message.number, text);
      for (const size of [1, 5, 1000]) {
        const streamed = readCamtRecordChunks(MESSAGES[message.number], counted(text, size).chunks, OPTIONS);
        const records = [...streamed.records].map((record) => ({ line: record.line, values: Object.fromEntries(Object.keys(whole.records[0]?.values ?? {}).map((name) => [name, record.values[name] ?? null])) }));
        expect({ run, size, records }).toEqual({ run, size, records: whole.records });
        expect({ run, size, errors: streamed.errors(), warnings: streamed.warnings() }).toEqual({ run, size, errors: 0, warnings: whole.warnings });
      }
    }
  });

  it("yields the first statement's records before the file's last piece is read", () => {
    const entries = Array.from(
      { length: 300 },
      (_, index) =>
        `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-02</Dt></BookgDt><ValDt><Dt>2026-01-02</Dt></ValDt><AcctSvcrRef>R${index}</AcctSvcrRef></Ntry>`,
    ).join("\n");
    const statement = (id: string, opening: string, closing: string) =>
      `<Stmt><Id>${id}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
      `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${opening}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-02</Dt></Dt></Bal>` +
      `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-02</Dt></Dt></Bal>\n${entries}</Stmt>\n`;
    const text =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-02T06:00:00</CreDtTm></GrpHdr>\n` +
      statement("S1", "10.00", "310.00") +
      statement("S2", "310.00", "610.00") +
      "</BkToCstmrStmt></Document>\n";
    const source = counted(text, 256);
    const { records, errors } = readCamtRecordChunks(CAMT053, source.chunks, OPTIONS);
    const iterator = records[Symbol.iterator]();
    expect(iterator.next().done).toBe(false);
    // Only the pieces up to the first </Ntry> were read: records leave the reader as their entry closes.
    expect(source.pulled()).toBeLessThan(source.total / 10);
    let count = 1;
    while (!iterator.next().done) count++;
    expect(count).toBe(600);
    expect(source.pulled()).toBe(source.total);
    expect(errors()).toBe(0);
  });

  it("counts the errors read() throws: a document that is not camt.053", () => {
    const streamed = readCamtRecordChunks(CAMT053, ['<?xml version="1.0"?><Document><Other/></Document>'], OPTIONS);
    expect([...streamed.records]).toEqual([]);
    expect(streamed.errors()).toBe(1);
  });
});
