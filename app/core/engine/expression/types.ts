/** What an expression reads and produces. Amounts arrive as text and are turned into minor units by the `parseAmount` transform, never here. */
export type Value = string | number | boolean | null;

/** Columns and mapped fields by name; unknown names return null. */
export interface ExpressionScope {
  get(name: string): Value;
}

/** A stretch of the expression's source: 0-based offset and length in UTF-16 code units. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}
