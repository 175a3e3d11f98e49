import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

describe("1:1 keyed passes", () => {
  it("matches rows with equal keys and reports every other row as missing", () => {
    const source = sourceTable([{ id: "A", amount: 100 }, { id: "B", amount: 200 }, { id: "C", amount: 300 }]);
    const target = targetTable([{ id: "B", amount: 200 }, { id: "D", amount: 400 }, { id: "A", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"] }]));

    expect(matchRows(result)).toEqual([
      ["by id", [0], [2]],
      ["by id", [1], [0]],
    ]);
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [2], []],
      ["MISSING_IN_SOURCE", [], [1]],
    ]);
    expect(result.unmatchedSource).toEqual([2]);
    expect(result.unmatchedTarget).toEqual([1]);
    expect(result.matches[0]).toEqual({
      pass: "by id",
      cardinality: "1:1",
      sourceRows: [0],
      targetRows: [2],
      score: 1,
      reason: [
        { field: "id", source: "A", target: "A", outcome: "equal", detail: "same key" },
        { field: "currency", source: "USD", target: "USD", outcome: "equal", detail: "same currency" },
      ],
    });
  });

  it("never matches null or empty keys, not even with each other", () => {
    const source = sourceTable([{ id: null, amount: 100 }, { id: "", amount: 100 }]);
    const target = targetTable([{ id: null, amount: 100 }, { id: "", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"] }]));

    expect(result.matches).toEqual([]);
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_TARGET", [1], []],
      ["MISSING_IN_SOURCE", [], [0]],
      ["MISSING_IN_SOURCE", [], [1]],
    ]);
  });

  it("compares a different field on each side when the key names both", () => {
    const source = sourceTable([{ reference: "#1001" }]);
    const target = targetTable([{ text: { order_ref: "#1001" } }]);

    const result = matchTables(source, target, rules([{ name: "by ref", keys: [{ source: "reference", target: "order_ref" }] }]));

    expect(matchRows(result)).toEqual([["by ref", [0], [0]]]);
    expect(result.matches[0]!.reason[0]).toEqual({ field: "reference/order_ref", source: "#1001", target: "#1001", outcome: "equal", detail: "same key" });
  });

  it("matches on a multi-field key only when every field agrees", () => {
    const source = sourceTable([
      { reference: "INV-1", counterparty: "ACME" },
      { reference: "INV-2", counterparty: "ACME" },
      { reference: "INV-3", counterparty: null },
    ]);
    const target = targetTable([
      { reference: "INV-2", counterparty: "ACME" },
      { reference: "INV-1", counterparty: "GLOBEX" },
      { reference: "INV-3", counterparty: null },
    ]);

    const result = matchTables(source, target, rules([{ name: "ref+cp", keys: ["reference", "counterparty"] }]));

    expect(matchRows(result)).toEqual([["ref+cp", [1], [0]]]);
    expect(result.unmatchedSource).toEqual([0, 2]);
    expect(result.unmatchedTarget).toEqual([1, 2]);
  });

  it("raises AMOUNT_MISMATCH with source minus target when the key matches beyond tolerance, and takes both rows out of the pool", () => {
    const source = sourceTable([{ id: "A", amount: 12000 }]);
    const target = targetTable([{ id: "A", amount: 11305 }, { id: "B", amount: 12000 }]);

    const result = matchTables(
      source,
      target,
      rules([
        { name: "by id", keys: ["id"], amount: { toleranceMinor: 1 } },
        { name: "by amount", amount: {} },
      ]),
    );

    expect(result.matches).toEqual([]);
    expect(result.exceptions[1]).toEqual({
      type: "AMOUNT_MISMATCH",
      severity: "high",
      pass: "by id",
      sourceRows: [0],
      targetRows: [0],
      amountDifferenceMinor: 695,
      currency: "USD",
      message: 'Key "A" matched, but amount: diff 6.95 beyond tolerance 0.01',
      reason: [
        { field: "id", source: "A", target: "A", outcome: "equal", detail: "same key" },
        { field: "currency", source: "USD", target: "USD", outcome: "equal", detail: "same currency" },
        { field: "amount", source: "120.00", target: "113.05", outcome: "different", detail: "diff 6.95 beyond tolerance 0.01" },
      ],
    });
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_SOURCE", [], [1]],
      ["AMOUNT_MISMATCH", [0], [0]],
    ]);
    expect(result.unmatchedSource).toEqual([0]);
    expect(result.unmatchedTarget).toEqual([0, 1]);
  });

  it("leaves a key match beyond tolerance in the pool when mismatchOnKeyMatch is off", () => {
    const source = sourceTable([{ id: "A", amount: 12000 }]);
    const target = targetTable([{ id: "A", amount: 11305 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: { mismatchOnKeyMatch: false } }]));

    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
  });

  it("raises AMOUNT_MISMATCH without a difference when a key-matched row has no amount", () => {
    const source = sourceTable([{ id: "A", amount: null }]);
    const target = targetTable([{ id: "A", amount: 500 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", amountDifferenceMinor: null, message: 'Key "A" matched, but amount: source has no amount' }]);
  });

  it("raises DATE_MISMATCH for a key match outside the window when the pass asks for it", () => {
    const source = sourceTable([{ id: "A", amount: 100, date: "2026-01-05" }]);
    const target = targetTable([{ id: "A", amount: 100, date: "2026-01-10" }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], date: { windowDays: 3, mismatchOnKeyMatch: true } }]));

    expect(result.exceptions).toMatchObject([
      {
        type: "DATE_MISMATCH",
        severity: "low",
        sourceRows: [0],
        targetRows: [0],
        amountDifferenceMinor: 0,
        message: 'Key "A" matched, but date: 5 days apart, beyond 3',
      },
    ]);
  });

  it("leaves a key match outside the date window in the pool by default", () => {
    const source = sourceTable([{ id: "A", amount: 100, date: "2026-01-05" }]);
    const target = targetTable([{ id: "A", amount: 100, date: "2026-01-10" }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], date: { windowDays: 3 } }]));

    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
  });

  it("raises FIELD_MISMATCH and never compares the amounts when currencies differ", () => {
    const source = sourceTable([{ id: "A", amount: 100, currency: "USD" }]);
    const target = targetTable([{ id: "A", amount: 100, currency: "EUR" }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(result.exceptions).toEqual([
      {
        type: "FIELD_MISMATCH",
        severity: "medium",
        pass: "by id",
        sourceRows: [0],
        targetRows: [0],
        amountDifferenceMinor: null,
        currency: null,
        message: 'Key "A" matched, but currency: currencies differ',
        reason: [
          { field: "id", source: "A", target: "A", outcome: "equal", detail: "same key" },
          { field: "currency", source: "USD", target: "EUR", outcome: "different", detail: "currencies differ" },
          { field: "amount", source: "1.00", target: "1.00", outcome: "different", detail: "not compared: currencies differ" },
        ],
      },
    ]);
  });

  it("matches across currencies when the pass does not require the same currency", () => {
    const source = sourceTable([{ id: "A", amount: 100, currency: "USD" }]);
    const target = targetTable([{ id: "A", amount: 100, currency: null }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], requireSameCurrency: false }]));

    expect(matchRows(result)).toEqual([["by id", [0], [0]]]);
  });

  it("raises every row AMBIGUOUS when a source row has two equally good candidates, and picks neither", () => {
    const source = sourceTable([{ id: "A", amount: 100 }]);
    const target = targetTable([{ id: "A", amount: 100 }, { id: "A", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(result.matches).toEqual([]);
    expect(result.exceptions).toEqual([
      {
        type: "AMBIGUOUS",
        severity: "medium",
        pass: "by id",
        sourceRows: [0],
        targetRows: [0, 1],
        amountDifferenceMinor: null,
        currency: "USD",
        message: "1 source row and 2 target rows have no single best pairing: source.csv:2 → target.csv:2 (score 1), target.csv:3 (score 1)",
        reason: [
          { field: "candidate", source: "source.csv:2", target: "target.csv:2", outcome: "equal", detail: "score 1" },
          { field: "candidate", source: "source.csv:2", target: "target.csv:3", outcome: "equal", detail: "score 1" },
        ],
      },
    ]);
    expect(result.unmatchedSource).toEqual([0]);
    expect(result.unmatchedTarget).toEqual([0, 1]);
  });

  it("prefers the candidate with the exact amount over one within tolerance", () => {
    const source = sourceTable([{ id: "A", amount: 10000 }]);
    const target = targetTable([{ id: "A", amount: 10001 }, { id: "A", amount: 10000 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: { toleranceMinor: 1 } }]));

    expect(matchRows(result)).toEqual([["by id", [0], [1]]]);
    expect(result.matches[0]!.score).toBe(1);
    expect(exceptionRows(result)).toEqual([["MISSING_IN_SOURCE", [], [0]]]);
  });

  it("raises equally distant candidates on both sides of the amount AMBIGUOUS", () => {
    const source = sourceTable([{ id: "A", amount: 10000 }]);
    const target = targetTable([{ id: "A", amount: 10001 }, { id: "A", amount: 9999 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: { toleranceMinor: 1 } }]));

    expect(exceptionRows(result)).toEqual([["AMBIGUOUS", [0], [0, 1]]]);
  });

  it("pairs two rows sharing a key each with its own unique best", () => {
    const source = sourceTable([{ id: "A", amount: 100 }, { id: "A", amount: 250 }]);
    const target = targetTable([{ id: "A", amount: 250 }, { id: "A", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(matchRows(result)).toEqual([
      ["by id", [0], [1]],
      ["by id", [1], [0]],
    ]);
    expect(result.exceptions).toEqual([]);
  });

  it("matches in waves: once the best pair is taken, the runner-up pair becomes unique", () => {
    // 10.01 prefers target 10.00 (diff 1) over 10.03 (diff 2), but 10.00 is the exact match of source 10.00.
    const source = sourceTable([{ amount: 1000 }, { amount: 1001 }]);
    const target = targetTable([{ amount: 1003 }, { amount: 1000 }]);

    const result = matchTables(source, target, rules([{ name: "amount", amount: { toleranceMinor: 5 } }]));

    expect(result.matches.map((match) => [match.sourceRows, match.targetRows, match.score])).toEqual([
      [[0], [1], 1],
      [[1], [0], 1 - (0.1 * 2) / 5],
    ]);
  });

  it("keeps the earliest of rows sharing a key and flags the later ones DUPLICATE", () => {
    const source = sourceTable([{ id: "#1001", amount: 5000, date: "2026-01-05" }]);
    const target = targetTable([
      { id: "#1001", amount: 5000, date: "2026-01-06", line: 2 },
      { id: "#1001", amount: 5000, date: "2026-01-05", line: 3 },
      { id: "#1001", amount: 5000, date: "2026-01-05", line: 4 },
    ]);

    const result = matchTables(source, target, rules([{ name: "by order", keys: ["id"], amount: {}, duplicates: "keepEarliest" }]));

    expect(matchRows(result)).toEqual([["by order", [0], [1]]]);
    expect(exceptionRows(result)).toEqual([
      ["DUPLICATE", [], [0]],
      ["DUPLICATE", [], [2]],
    ]);
    expect(result.exceptions[0]).toEqual({
      type: "DUPLICATE",
      severity: "high",
      pass: "by order",
      sourceRows: [],
      targetRows: [0],
      amountDifferenceMinor: null,
      currency: "USD",
      message: 'Duplicate of target row target.csv:3: same key "#1001"; the earlier row is kept as the candidate',
      reason: [{ field: "duplicate_of", source: null, target: "target.csv:3", outcome: "equal", detail: 'same key "#1001" on the target side; the earliest (by date, then line) is kept' }],
    });
  });

  it("does not flag rows sharing a key as duplicates when the key has no counterpart", () => {
    const source = sourceTable([{ id: "B", amount: 100 }]);
    const target = targetTable([{ id: "A", amount: 100 }, { id: "A", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], duplicates: "keepEarliest" }]));

    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
      ["MISSING_IN_SOURCE", [], [1]],
    ]);
  });

  it("raises a key group AMBIGUOUS when none of its rows pair up and some pairing would be a mismatch", () => {
    const source = sourceTable([{ id: "A", amount: 100 }]);
    const target = targetTable([{ id: "A", amount: 500 }, { id: "A", amount: 900 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(result.exceptions).toMatchObject([
      {
        type: "AMBIGUOUS",
        sourceRows: [0],
        targetRows: [0, 1],
        message: 'Key "A" is shared by 1 source row (source.csv:2) and 2 target rows (target.csv:2, target.csv:3): none pair up within the pass\'s checks, so which rows belong together is for a person to decide',
      },
    ]);
  });

  it("raises the last pair of a key group as a mismatch once the other rows have matched", () => {
    const source = sourceTable([{ id: "A", amount: 100 }, { id: "A", amount: 300 }]);
    const target = targetTable([{ id: "A", amount: 100 }, { id: "A", amount: 350 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(matchRows(result)).toEqual([["by id", [0], [0]]]);
    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", sourceRows: [1], targetRows: [1], amountDifferenceMinor: -50 }]);
  });
});
