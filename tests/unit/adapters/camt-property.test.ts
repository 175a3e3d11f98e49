import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { expectedRecords, randomMessage, writeMessage, type MessageModel } from "../../support/bank-statements/camt";
import { Random } from "../../support/bank-statements/random";
import { column } from "./support";

const CASES = 300;
const CHECKED = ["@amount", "@currency", "@date", "@status", "@statement_id", "@account", "@opening_balance", "@closing_balance", "@entry_ref", "@entry_amount", "@batch_id", "@tx_index", "@end_to_end_id", "@counterparty", "@remittance", "@record_type"];

function read(message: MessageModel, text: string) {
  return getAdapter(`camt${message.number}`)!.read(Buffer.from(text, "utf8"), { sourceId: "file_generated", fileName: "generated.xml" });
}

describe("camt property: parse(write(statement)) gives the statement back, and its balances hold", () => {
  it(`holds for ${CASES} random messages in random dialects`, () => {
    const seed = Number(process.env.CAMT_PROPERTY_SEED ?? 20261207);
    const random = new Random(seed);
    for (let run = 0; run < CASES; run++) {
      const message = randomMessage(random);
      const text = writeMessage(message);
      const table = read(message, text);
      const expected = expectedRecords(message);
      const actual = Array.from({ length: table.rowCount }, (_, row) => Object.fromEntries(CHECKED.map((name) => [name, column(table, name)[row]])));
      expect({ seed, run, records: actual }).toEqual({ seed, run, records: expected.map((record) => Object.fromEntries(CHECKED.map((name) => [name, record[name]]))) });
      // A statement (camt.053) without balances cannot be checked, and says so; a batch kept whole because
      // not every transaction has an amount says so; nothing else warns.
      const unchecked = message.number === "053" ? message.blocks.filter((block) => !block.opening).length : 0;
      const keptWhole = message.blocks.flatMap((block) => block.entries).filter((entry) => entry.transactions.length > 1 && entry.transactions.some((transaction) => transaction.minor === null)).length;
      expect({ seed, run, warnings: table.warnings?.length ?? 0 }).toEqual({ seed, run, warnings: unchecked + keptWhole });

      // The identity, recomputed from the records alone: opening + booked entries = closing, per statement.
      const byStatement = new Map<string, { opening: string | null; closing: string | null; entries: Map<string, string> }>();
      for (let row = 0; row < table.rowCount; row++) {
        const key = `${column(table, "@statement_id")[row]}`;
        const statement = byStatement.get(key) ?? { opening: column(table, "@opening_balance")[row]!, closing: column(table, "@closing_balance")[row]!, entries: new Map() };
        if (column(table, "@status")[row] === "BOOK") statement.entries.set(column(table, "@entry_ref")[row]!, column(table, "@entry_amount")[row]!);
        byStatement.set(key, statement);
      }
      for (const [id, statement] of byStatement) {
        if (statement.opening === null || statement.closing === null) continue;
        const minor = (text: string) => BigInt(text.replace(".", ""));
        const booked = [...statement.entries.values()].reduce((sum, amount) => sum + minor(amount), 0n);
        expect({ seed, run, id, closing: minor(statement.opening) + booked }).toEqual({ seed, run, id, closing: minor(statement.closing) });
      }

      // Any one booked entry changed by one minor unit breaks the identity, where the statement has balances.
      const target = message.blocks.find((block) => block.opening && block.entries.some((entry) => entry.status === "BOOK" && entry.transactions.length <= 1));
      if (target) {
        target.closing!.signed += 1n;
        expect(() => read(message, writeMessage(message))).toThrow(/is not the opening balance/);
      }
    }
  });
});
