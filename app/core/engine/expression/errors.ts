/**
 * Every problem with an expression, at compile time or at run time, is an
 * ExpressionError pointing at the part of the source at fault, so an editor
 * can underline it next to the message.
 */
export class ExpressionError extends Error {
  /** 0-based offset into the expression's source. */
  offset: number;
  /** How many characters from offset are at fault (at least 1, except at the end of the source). */
  length: number;

  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = "ExpressionError";
    this.offset = offset;
    this.length = length;
  }
}
