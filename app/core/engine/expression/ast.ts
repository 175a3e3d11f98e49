/** The parsed expression tree: plain data the evaluator and function builders walk. */
import type { Span, Value } from "./types";

/** Every node carries the span of source it was parsed from, for located errors at compile and run time. */
export interface LiteralNode extends Span {
  readonly kind: "literal";
  readonly value: Value;
}
export interface IdentifierNode extends Span {
  readonly kind: "identifier";
  readonly name: string;
}
export interface UnaryNode extends Span {
  readonly kind: "unary";
  readonly op: "not" | "negate";
  readonly operand: Node;
}
export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
export type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
export interface BinaryNode extends Span {
  readonly kind: "binary";
  readonly op: ArithmeticOp | ComparisonOp | "||";
  readonly left: Node;
  readonly right: Node;
}
export interface LogicalNode extends Span {
  readonly kind: "logical";
  readonly op: "and" | "or";
  readonly left: Node;
  readonly right: Node;
}
export interface InNode extends Span {
  readonly kind: "in";
  readonly negated: boolean;
  readonly operand: Node;
  readonly items: readonly LiteralNode[];
}
export interface IsNullNode extends Span {
  readonly kind: "isNull";
  readonly negated: boolean;
  readonly operand: Node;
}
export interface CallNode extends Span {
  readonly kind: "call";
  /** As written; functions are looked up case-insensitively. The name starts at the node's offset. */
  readonly name: string;
  readonly args: readonly Node[];
}
export type Node = LiteralNode | IdentifierNode | UnaryNode | BinaryNode | LogicalNode | InNode | IsNullNode | CallNode;

export interface ParseLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
}
