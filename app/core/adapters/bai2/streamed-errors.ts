import { LocatedErrors } from "../support/located-errors";
import type { ErrorSink } from "./error-sink";

/**
 * The errors of a BAI2 file read in chunks, as reading its whole bytes
 * reports them. Reading whole bytes splits every record first and only then
 * reads them, knowing whether any text was unreadable (then no total is
 * checked); a stream learns that only at its end. So the errors are kept by
 * stage (physical records, 88 continuations, reading), and those of the
 * checks only a readable file gets (`trusting`) are dropped at the end when
 * the file was not readable. The stages are joined in whole-bytes order, so
 * the same first 100 are listed.
 */
export class StreamedErrors {
  private readonly physicalErrors: LocatedErrors;
  private readonly logicalErrors: LocatedErrors;
  /** Every reading error, and those outside trusted checks only. */
  private readonly readingAll: LocatedErrors;
  private readonly readingPlain: LocatedErrors;
  private inTrustedCheck = false;
  readonly physical: ErrorSink;
  readonly logical: ErrorSink;
  readonly reading: ErrorSink;

  constructor(readonly file: string) {
    this.physicalErrors = new LocatedErrors(file);
    this.logicalErrors = new LocatedErrors(file);
    this.readingAll = new LocatedErrors(file);
    this.readingPlain = new LocatedErrors(file);
    this.physical = this.physicalErrors;
    this.logical = this.logicalErrors;
    this.reading = {
      file,
      add: (line, message, where) => {
        this.readingAll.add(line, message, where);
        if (!this.inTrustedCheck) this.readingPlain.add(line, message, where);
      },
    };
  }

  readonly trusting = (check: () => void): void => {
    this.inTrustedCheck = true;
    try {
      check();
    } finally {
      this.inTrustedCheck = false;
    }
  };

  /** Throws the AdapterError reading the whole bytes would throw, if any. */
  throwIfAny(): void {
    const unreadable = this.physicalErrors.size + this.logicalErrors.size > 0;
    const merged = new LocatedErrors(this.file);
    for (const stage of [this.physicalErrors, this.logicalErrors, unreadable ? this.readingPlain : this.readingAll]) {
      const listed = stage.listed();
      for (const error of listed) merged.add(error.line, error.message, { column: error.column, field: error.field, value: error.value });
      merged.countUnlisted(stage.size - listed.length);
    }
    merged.throwIfAny();
  }
}
