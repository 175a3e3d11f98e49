import { LocatedErrors } from "../support/located-errors";
import type { AdapterErrorLocation } from "../types";

/** A huge file with a normalized oddity on every line must not return a million warnings; the count is still told. */
const MAX_WARNINGS = 100;

type Where = { column?: number; field?: string; value?: string | null };

/**
 * What reading a statement file found besides its records: errors (the file
 * is refused), integrity breaks (an error under the strict policy, a warning
 * under lenient, never silence) and warnings (a normalized oddity such as a
 * clamped date or a historic currency).
 */
export class Findings {
  readonly errors: LocatedErrors;
  private readonly warningList: AdapterErrorLocation[] = [];
  private warningCount = 0;

  constructor(
    readonly file: string,
    private readonly policy: "strict" | "lenient",
  ) {
    this.errors = new LocatedErrors(file);
  }

  error(line: number, message: string, where: Where = {}): void {
    this.errors.add(line, message, where);
  }

  warning(line: number, message: string, where: Where = {}): void {
    this.warningCount++;
    if (this.warningList.length >= MAX_WARNINGS) return;
    const warning: AdapterErrorLocation = { file: this.file, line, message };
    if (where.column !== undefined) warning.column = where.column;
    if (where.field !== undefined) warning.field = where.field;
    if (where.value !== undefined && where.value !== null) warning.value = where.value;
    this.warningList.push(warning);
  }

  /** A statement that does not add up: refused under strict, reported under lenient. */
  integrity(line: number, message: string, where: Where = {}): void {
    if (this.policy === "strict") this.error(line, message, where);
    else this.warning(line, message, where);
  }

  /** Warnings in file order, with a last one saying how many more there were. */
  warnings(): AdapterErrorLocation[] {
    const sorted = [...this.warningList].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    const unlisted = this.warningCount - sorted.length;
    if (unlisted > 0) sorted.push({ file: this.file, line: sorted[sorted.length - 1]!.line, message: `and ${unlisted} more warning${unlisted === 1 ? "" : "s"} like these` });
    return sorted;
  }
}
