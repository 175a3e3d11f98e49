import { AdapterError, type AdapterErrorLocation } from "../types";

/** Enough to fix a file without drowning the reader; the count still says how many there were. */
const MAX_REPORTED_ERRORS = 100;

/**
 * Collects located errors while an adapter reads the whole file, so one
 * upload reports every broken row at once instead of one per attempt.
 */
export class LocatedErrors {
  private readonly errors: AdapterErrorLocation[] = [];
  private count = 0;

  constructor(readonly file: string) {}

  add(line: number, message: string, where: { column?: number; field?: string; value?: string | null } = {}): void {
    this.count++;
    if (this.errors.length >= MAX_REPORTED_ERRORS) return;
    const error: AdapterErrorLocation = { file: this.file, line, message };
    if (where.column !== undefined) error.column = where.column;
    if (where.field !== undefined) error.field = where.field;
    if (where.value !== undefined && where.value !== null) error.value = where.value;
    this.errors.push(error);
  }

  /** Errors the source stopped listing (the delimited reader keeps the first 100 ragged lines); they still count. */
  countUnlisted(count: number): void {
    this.count += count;
  }

  /** The errors kept (the first 100), in the order they came. */
  listed(): readonly AdapterErrorLocation[] {
    return this.errors;
  }

  get size(): number {
    return this.count;
  }

  /** Throws when anything was collected; errors are sorted into file order. */
  throwIfAny(): void {
    if (this.count === 0) return;
    const sorted = [...this.errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    throw new AdapterError(sorted, this.count);
  }

  /** One error that stops reading at once (no header, not this format at all). */
  fail(line: number, message: string, where: { column?: number; field?: string; value?: string | null } = {}): never {
    this.add(line, message, where);
    this.throwIfAny();
    throw new Error("unreachable");
  }
}
