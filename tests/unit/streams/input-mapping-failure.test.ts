import { describe, expect, it } from "vitest";
import { NormalizeDefinitionError } from "~/core/engine/normalize";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { inputMappingFailure } from "~/modules/streams/runtime/step-work/input-mapping-failure";
import { classifyFailure } from "~/modules/streams/runtime/failure";

/** A step whose mapping does not fit its input fails in words a person can act on: step, input, file, columns. */
const definition = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "payout_id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }] },
  target: { mappings: [{ field: "id", column: "reference" }, { field: "amount", column: "value", transforms: [{ op: "parseAmount" }] }] },
  passes: [{ name: "id", keys: ["id"] }],
});

const inputs = {
  source: { table: { columns: ["Booking day", "Text", "amount"] }, resolved: { kind: "FILE", parameter: "payouts", fileId: "file_1", fileName: "statement.csv", sha256: "x", rowCount: 3 } },
  target: { table: { columns: ["reference", "value"] }, resolved: { kind: "FILE", parameter: "ledger", fileId: "file_2", fileName: "ledger.csv", sha256: "y", rowCount: 2 } },
};

describe("input mapping failures", () => {
  it("name the step, the input, the file and the missing columns, and say which file to choose again", () => {
    const error = new NormalizeDefinitionError([{ pointer: "/source/mappings/0/column", message: 'no column "payout_id" in the file; its columns are "Booking day", "Text", "amount"' }]);
    const failure = classifyFailure(inputMappingFailure(error, { stepKey: "payouts_ledger", stepName: "Payouts to ledger", definition, inputs }));
    expect(failure).toEqual({
      classification: "permanent",
      code: "input_columns_missing",
      message: "Step “Payouts to ledger” (payouts_ledger) cannot read its source, the “payouts” file statement.csv: it has no column “payout_id”, which the rule set maps. Choose another file for “payouts”.",
      errors: [
        {
          pointer: "/source/mappings/0/column",
          message: 'no column "payout_id" in the file; its columns are "Booking day", "Text", "amount"',
          file: "statement.csv",
          field: "the “payouts” file",
          step: "payouts_ledger",
          parameter: "payouts",
          missingColumns: ["payout_id"],
        },
      ],
    });
  });

  it("keep the engine's rule_error, with the step and both files, when no column is missing", () => {
    const error = new NormalizeDefinitionError([{ pointer: "/target/mappings/1/transforms/0", message: "bad transform" }]);
    const failure = classifyFailure(inputMappingFailure(error, { stepKey: "payouts_ledger", stepName: "Payouts to ledger", definition, inputs: { ...inputs, source: { ...inputs.source, table: { columns: ["payout_id", "amount"] } } } }));
    expect(failure.code).toBe("rule_error");
    expect(failure.message).toBe("Step “Payouts to ledger” (payouts_ledger): its rule set's mapping does not fit its inputs (source statement.csv, target ledger.csv): 1 problem in the mapping definition");
    expect(failure.errors).toEqual([{ pointer: "/target/mappings/1/transforms/0", message: "bad transform", file: "ledger.csv", field: "the “ledger” file", step: "payouts_ledger", parameter: "ledger" }]);
  });
});
