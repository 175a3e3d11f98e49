import { ValidationFailed } from "~/core/errors/domain-errors";

/** A cell a transform could not handle. The cell becomes null; the row stays. */
export interface NormalizeIssue {
  /** Row index in the side's tables. */
  row: number;
  /** 1-based line (or record number) of the row in its source file. */
  line: number;
  /** The mapped field, or "filter" for the scope filter. */
  field: string;
  /** The mapping's column; null when its chain starts without one (constant, concat, coalesce, expression) and for the filter. */
  column: string | null;
  /** The value the failing step received, as text; null when it had none. */
  value: string | null;
  /** Which step failed and why, e.g. `parseAmount: has more than 2 decimal places`. */
  message: string;
}

/** A problem with the side definition itself, found before any row is read. */
export interface DefinitionIssue {
  /** JSON pointer into the rule-set definition, e.g. "/source/mappings/2/column". */
  pointer: string;
  message: string;
}

/**
 * The side definition cannot run against this table: a column it names is
 * missing, a lookup table does not exist, or an expression does not compile.
 * A ValidationFailed, so the API reports every issue with its pointer as
 * problem+json without further mapping.
 */
export class NormalizeDefinitionError extends ValidationFailed {
  readonly issues: DefinitionIssue[];

  constructor(issues: DefinitionIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the mapping definition`, {
      errors: issues.map((issue) => ({ pointer: issue.pointer, message: issue.message })),
    });
    this.issues = issues;
  }
}
