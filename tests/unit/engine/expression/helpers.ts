import { compileExpression, ExpressionError, type ExpressionScope, type Value } from "~/core/engine/expression";

export type Row = Record<string, Value>;

/** A well-behaved scope: a Map, so only the row's own names exist. */
export function scopeOf(row: Row = {}): ExpressionScope {
  const values = new Map(Object.entries(row));
  return { get: (name) => values.get(name) ?? null };
}

export function evaluate(source: string, row: Row = {}): Value {
  return compileExpression(source).run(scopeOf(row));
}

export interface Located {
  message: string;
  offset: number;
  length: number;
}

function located(error: unknown): Located {
  if (error instanceof ExpressionError) return { message: error.message, offset: error.offset, length: error.length };
  throw error;
}

export function compileError(source: string, options?: { maxLength?: number; maxDepth?: number }): Located {
  try {
    compileExpression(source, options);
  } catch (error) {
    return located(error);
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

export function runError(source: string, row: Row = {}): Located {
  const compiled = compileExpression(source);
  try {
    compiled.run(scopeOf(row));
  } catch (error) {
    return located(error);
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail at run time`);
}
