import type { ErrorSink } from "./error-sink";
import type { AdapterErrorLocation } from "../types";
import type { FieldLocation } from "./logical-records";

/**
 * Where a break of the file's own arithmetic goes (a control total or
 * record count that does not add up, opening + entries ≠ closing): an error
 * under the strict policy, a located warning under lenient. Oddities the
 * reader normalized (an impossible date, a historic currency) are always
 * warnings.
 */
export class IntegrityReport {
  readonly warnings: AdapterErrorLocation[] = [];

  constructor(
    private readonly errors: ErrorSink,
    private readonly policy: "strict" | "lenient",
  ) {}

  integrityBreak(where: FieldLocation, message: string, field: string, value?: string): void {
    if (this.policy === "strict") this.errors.add(where.line, message, { column: where.column, field, value: value ?? null });
    else this.warn(where, message, field, value);
  }

  warn(where: FieldLocation, message: string, field?: string, value?: string): void {
    const warning: AdapterErrorLocation = { file: this.errors.file, line: where.line, column: where.column, message };
    if (field !== undefined) warning.field = field;
    if (value !== undefined) warning.value = value;
    this.warnings.push(warning);
  }
}
