import type { NormalizeDefinitionError } from "~/core/engine/normalize";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { ProblemLocation } from "~/core/errors/domain-errors";
import type { ResolvedInput } from "~/core/streams/runtime-types";
import { columnsReadBySide } from "../../definition/input-fit";
import { StepInputError } from "../failure";

/**
 * A step whose rule set maps columns its input does not have fails before
 * any row is matched. The engine says "2 problems in the mapping
 * definition"; a person needs the step, the input (which run parameter),
 * the file and the columns, to choose another file rather than retry a step
 * that would fail the same way. Code `input_columns_missing` when columns
 * are missing (the UI offers "Choose another file" for it), else the
 * engine's `rule_error`, both located on the file.
 */
export const INPUT_COLUMNS_MISSING = "input_columns_missing";

interface SideInput {
  table: { columns: readonly string[] };
  resolved: ResolvedInput;
}

export function inputMappingFailure(
  error: NormalizeDefinitionError,
  step: { stepKey: string; stepName: string; definition: RuleSetDefinition; inputs: Record<"source" | "target", SideInput> },
): StepInputError {
  const stepLabel = `Step “${step.stepName}” (${step.stepKey})`;
  const sides = (["source", "target"] as const).map((side) => {
    const input = step.inputs[side];
    const columns = new Set(input.table.columns);
    const missing = columnsReadBySide(step.definition[side]).filter((column) => !columns.has(column));
    return { side, input, missing, label: inputLabel(input.resolved) };
  });
  const errors: ProblemLocation[] = error.issues.map((issue) => {
    const side = sides.find((candidate) => issue.pointer.startsWith(`/${candidate.side}/`));
    return { pointer: issue.pointer, message: issue.message, ...(side ? { file: side.input.resolved.fileName, field: side.label, step: step.stepKey, ...(side.input.resolved.parameter !== undefined ? { parameter: side.input.resolved.parameter } : {}), ...(side.missing.length > 0 ? { missingColumns: side.missing } : {}) } : {}) };
  });
  const lacking = sides.filter((side) => side.missing.length > 0);
  if (lacking.length === 0) {
    const files = sides.map((side) => `${side.side} ${side.input.resolved.fileName}`).join(", ");
    return new StepInputError(`${stepLabel}: its rule set's mapping does not fit its inputs (${files}): ${error.message}`, "rule_error", "permanent", errors);
  }
  const sentences = lacking.map(
    (side) =>
      `${stepLabel} cannot read its ${side.side}, ${side.label} ${side.input.resolved.fileName}: ` +
      `it has no column${side.missing.length === 1 ? "" : "s"} ${side.missing.map((column) => `“${column}”`).join(", ")}, which the rule set maps.`,
  );
  const choosable = lacking.filter((side) => side.input.resolved.parameter !== undefined).map((side) => `“${side.input.resolved.parameter}”`);
  const advice = choosable.length > 0 ? ` Choose another file for ${choosable.join(" and ")}.` : "";
  return new StepInputError(`${sentences.join(" ")}${advice}`, INPUT_COLUMNS_MISSING, "permanent", errors);
}

/** "the “payouts” file", "the newest file of inbox “bank”", "the unmatched source of step “x”". */
function inputLabel(resolved: ResolvedInput): string {
  if (resolved.parameter !== undefined) return `the “${resolved.parameter}” file`;
  if (resolved.inbox !== undefined) return `the newest file of inbox “${resolved.inbox}”`;
  if (resolved.dataSourceId !== undefined) return "the data source snapshot";
  if (resolved.kind.startsWith("STEP_OUTPUT_")) return `the ${resolved.kind.slice("STEP_OUTPUT_".length).toLowerCase().replace("_", " ")} output`;
  return "the file";
}
