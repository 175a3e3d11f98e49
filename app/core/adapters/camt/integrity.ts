import type { LocatedErrors } from "../support/located-errors";
import type { AdapterErrorLocation } from "../types";

type Where = { column?: number; field?: string; value?: string | null };

/**
 * Where a break of the statement's own arithmetic goes (opening + entries !=
 * closing, a TxsSummry or batch total that does not add up): an error that
 * refuses the file under the strict policy, a located warning on the result
 * under the lenient one. Oddities the reader normalizes are always warnings.
 */
export class IntegrityChecks {
  readonly warnings: AdapterErrorLocation[] = [];

  constructor(
    private readonly errors: LocatedErrors,
    private readonly file: string,
    private readonly policy: "strict" | "lenient",
  ) {}

  break(line: number, message: string, where: Where): void {
    if (this.policy === "strict") this.errors.add(line, message, where);
    else this.warn(line, message, where);
  }

  warn(line: number, message: string, where: Where): void {
    const warning: AdapterErrorLocation = { file: this.file, line, message };
    if (where.column !== undefined) warning.column = where.column;
    if (where.field !== undefined) warning.field = where.field;
    if (where.value !== undefined && where.value !== null) warning.value = where.value;
    this.warnings.push(warning);
  }
}
