import { compileExpression, ExpressionError } from "./expression";
import type { RuleSetDefinition } from "./rule-set";

/**
 * Compiles every expression of a definition without any file: syntax
 * errors, unknown functions and the names expressions may not use
 * (`require`, `process`, …) are the author's to fix when the rule set is
 * saved, not a surprise when it first runs. Unknown column names need the
 * files, so they are checked later (validateSideAgainstColumns). Regular
 * expressions of transforms are checked by the schema itself; those inside
 * expressions (regexMatch(x, "…")) are compiled here with them.
 */
export interface SyntaxProblem {
  /** JSON pointer into the definition, e.g. "/source/mappings/0/transforms/1/expression". */
  pointer: string;
  message: string;
  /** 1-based character position within the expression. */
  position: number;
}

export function findSyntaxProblems(definition: RuleSetDefinition): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const side of ["source", "target"] as const) {
    const sideDefinition = definition[side];
    if (sideDefinition.filter !== undefined) checkExpression(sideDefinition.filter, `/${side}/filter`, problems);
    sideDefinition.mappings.forEach((mapping, mappingIndex) => {
      mapping.transforms.forEach((transform, transformIndex) => {
        if (transform.op !== "expression") return;
        checkExpression(transform.expression, `/${side}/mappings/${mappingIndex}/transforms/${transformIndex}/expression`, problems);
      });
    });
  }
  return problems;
}

function checkExpression(source: string, pointer: string, problems: SyntaxProblem[]): void {
  try {
    compileExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    problems.push({ pointer, message: `${error.message} (at character ${error.offset + 1})`, position: error.offset + 1 });
  }
}
