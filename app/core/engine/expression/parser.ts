import { ExpressionError } from "./errors";
import { tokenize, type SymbolText, type Token } from "./lexer";
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

const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "in", "is", "null", "true", "false"]);

/**
 * Bare names that only make sense to someone expecting JavaScript. Rejecting
 * them says "this is not JavaScript" at the exact spot instead of silently
 * reading a column that doesn't exist; a real column with such a name is still
 * reachable as `this` or col("this").
 */
const RESERVED: ReadonlySet<string> = new Set([
  "this", "globalThis", "window", "global", "self", "new", "function", "return", "var", "let", "const",
  "typeof", "instanceof", "void", "delete", "class", "import", "export", "await", "yield", "throw",
  "eval", "arguments", "constructor", "prototype", "__proto__", "require", "module",
  // Node's own escape hatches: read as a column they would be harmless, but a rule naming them is an attempt we reject at save.
  "process", "exports", "Function", "Buffer",
]);

const COMPARISONS: ReadonlyMap<string, ComparisonOp> = new Map<string, ComparisonOp>([
  ["=", "="], ["==", "="], ["!=", "!="], ["<>", "!="], ["<", "<"], ["<=", "<="], [">", ">"], [">=", ">="],
]);

export function parse(source: string, limits: ParseLimits): Node {
  if (source.trim() === "") throw new ExpressionError("the expression is empty", 0, source.length);
  return new Parser(tokenize(source), limits).parseAll();
}

class Parser {
  private position = 0;
  private nesting = 0;
  private nodeCount = 0;
  /** Tree height per node, kept aside so the AST stays plain data. */
  private readonly heights = new WeakMap<Node, number>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly limits: ParseLimits,
  ) {}

  parseAll(): Node {
    const node = this.parseOr();
    const token = this.peek();
    if (token.kind !== "end") {
      if (token.kind === "symbol" && token.value === ")") throw this.error("unmatched ')'", token);
      if (token.kind === "symbol" && (token.value === "." || token.value === "[")) throw this.memberAccess(token);
      throw this.error(`found ${describe(token)} where an operator or the end of the expression was expected`, token);
    }
    return node;
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), "or")) {
      this.next();
      const right = this.parseAnd();
      left = this.node({ kind: "logical", op: "or", left, right, ...spanOf(left, right) }, [left, right]);
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), "and") || this.isSymbol(this.peek(), "&&")) {
      this.next();
      const right = this.parseNot();
      left = this.node({ kind: "logical", op: "and", left, right, ...spanOf(left, right) }, [left, right]);
    }
    return left;
  }

  /** SQL precedence: `not a = b` negates the comparison, so `not` binds looser than comparisons. */
  private parseNot(): Node {
    const token = this.peek();
    if (this.isKeyword(token, "not") || this.isSymbol(token, "!")) {
      this.next();
      const operand = this.nested(token, () => this.parseNot());
      return this.node({ kind: "unary", op: "not", operand, offset: token.offset, length: end(operand) - token.offset }, [operand]);
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    const left = this.parseConcat();
    const result = this.parseComparisonTail(left);
    if (result !== left) {
      const extra = this.peek();
      if (this.startsComparison(extra)) {
        throw this.error("comparisons cannot be chained: add parentheses, or combine them with 'and'", extra);
      }
    }
    return result;
  }

  private parseComparisonTail(left: Node): Node {
    const token = this.peek();
    if (token.kind === "symbol") {
      const op = COMPARISONS.get(token.value);
      if (op === undefined) return left;
      this.next();
      const right = this.parseConcat();
      return this.node({ kind: "binary", op, left, right, ...spanOf(left, right) }, [left, right]);
    }
    if (this.isKeyword(token, "in")) {
      this.next();
      return this.parseInList(left, false, token);
    }
    if (this.isKeyword(token, "not")) {
      this.next();
      const inToken = this.peek();
      if (!this.isKeyword(inToken, "in")) throw this.error(`expected 'in' after 'not' but found ${describe(inToken)}`, inToken);
      this.next();
      return this.parseInList(left, true, inToken);
    }
    if (this.isKeyword(token, "is")) {
      this.next();
      let negated = false;
      if (this.isKeyword(this.peek(), "not")) {
        this.next();
        negated = true;
      }
      const nullToken = this.peek();
      if (!this.isKeyword(nullToken, "null")) {
        throw this.error(`expected 'null' after '${negated ? "is not" : "is"}' but found ${describe(nullToken)}`, nullToken);
      }
      this.next();
      return this.node(
        { kind: "isNull", negated, operand: left, offset: left.offset, length: nullToken.offset + nullToken.length - left.offset },
        [left],
      );
    }
    return left;
  }

  private parseInList(operand: Node, negated: boolean, inToken: Token): Node {
    const open = this.peek();
    if (!this.isSymbol(open, "(")) throw this.error(`expected '(' after '${negated ? "not in" : "in"}' but found ${describe(open)}`, open);
    this.next();
    const items: LiteralNode[] = [];
    if (this.isSymbol(this.peek(), ")")) throw this.error(`the list after '${negated ? "not in" : "in"}' needs at least one value`, this.peek());
    for (;;) {
      items.push(this.parseListItem());
      const token = this.next();
      if (this.isSymbol(token, ")")) {
        const node: InNode = { kind: "in", negated, operand, items, offset: operand.offset, length: token.offset + 1 - operand.offset };
        return this.node(node, [operand, ...items]);
      }
      if (!this.isSymbol(token, ",")) {
        throw this.error(`expected ',' or ')' in the list after '${this.source(inToken)}' but found ${describe(token)}`, token);
      }
    }
  }

  /** Lists hold literals only, so membership is a fixed set known at compile time. */
  private parseListItem(): LiteralNode {
    const token = this.next();
    if (token.kind === "string" || token.kind === "number") {
      return this.node({ kind: "literal", value: token.value, offset: token.offset, length: token.length }, []);
    }
    if (this.isSymbol(token, "-") && this.peek().kind === "number") {
      const number = this.next();
      return this.node({ kind: "literal", value: negate(number.value as number), offset: token.offset, length: end(number) - token.offset }, []);
    }
    if (token.kind === "identifier") {
      const word = token.value.toLowerCase();
      if (word === "true" || word === "false" || word === "null") {
        return this.node({ kind: "literal", value: word === "null" ? null : word === "true", offset: token.offset, length: token.length }, []);
      }
    }
    throw this.error(`'in' lists may only hold literal values (text, numbers, true, false or null) but found ${describe(token)}`, token);
  }

  private parseConcat(): Node {
    let left = this.parseAdditive();
    while (this.isSymbol(this.peek(), "||")) {
      this.next();
      const right = this.parseAdditive();
      left = this.node({ kind: "binary", op: "||", left, right, ...spanOf(left, right) }, [left, right]);
    }
    return left;
  }

  private parseAdditive(): Node {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isSymbol(token, "+") && !this.isSymbol(token, "-")) return left;
      this.next();
      const right = this.parseMultiplicative();
      left = this.node({ kind: "binary", op: token.value as "+" | "-", left, right, ...spanOf(left, right) }, [left, right]);
    }
  }

  private parseMultiplicative(): Node {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (!this.isSymbol(token, "*") && !this.isSymbol(token, "/") && !this.isSymbol(token, "%")) return left;
      this.next();
      const right = this.parseUnary();
      left = this.node({ kind: "binary", op: token.value as "*" | "/" | "%", left, right, ...spanOf(left, right) }, [left, right]);
    }
  }

  private parseUnary(): Node {
    const token = this.peek();
    if (this.isSymbol(token, "-")) {
      this.next();
      const operand = this.nested(token, () => this.parseUnary());
      // Fold "-5" into one literal so negative numbers cost one node, like any other literal.
      if (operand.kind === "literal" && typeof operand.value === "number") {
        this.nodeCount--;
        return this.node({ kind: "literal", value: negate(operand.value), offset: token.offset, length: end(operand) - token.offset }, []);
      }
      return this.node({ kind: "unary", op: "negate", operand, offset: token.offset, length: end(operand) - token.offset }, [operand]);
    }
    // Inside arithmetic or a comparison operand (`x = not y`), not/! apply to the next operand only.
    if (this.isKeyword(token, "not") || this.isSymbol(token, "!")) {
      this.next();
      const operand = this.nested(token, () => this.parseUnary());
      return this.node({ kind: "unary", op: "not", operand, offset: token.offset, length: end(operand) - token.offset }, [operand]);
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Node {
    const first = this.peek();
    const node = this.parsePrimary();
    const token = this.peek();
    // Member access first: for `constructor.constructor(…)` the '.' is the real problem, not the name.
    if (this.isSymbol(token, ".") || this.isSymbol(token, "[")) throw this.memberAccess(token);
    if (this.isSymbol(token, "(")) throw this.error("only functions can be called, by their name, like upper(x)", token);
    if (first.kind === "identifier" && node.kind === "identifier" && RESERVED.has(node.name)) {
      throw this.error(
        `'${node.name}' is not available: expressions are not JavaScript and only read columns; a column named ${node.name} is written \`${node.name}\``,
        first,
      );
    }
    return node;
  }

  private parsePrimary(): Node {
    const token = this.next();
    switch (token.kind) {
      case "number":
      case "string":
        return this.node({ kind: "literal", value: token.value, offset: token.offset, length: token.length }, []);
      case "quoted":
        return this.node({ kind: "identifier", name: token.value, offset: token.offset, length: token.length }, []);
      case "identifier":
        return this.parseName(token);
      case "symbol":
        if (token.value === "(") {
          const inner = this.nested(token, () => this.parseOr());
          const close = this.next();
          if (!this.isSymbol(close, ")")) throw this.error(`expected ')' to close the '(' at offset ${token.offset} but found ${describe(close)}`, close);
          return inner;
        }
        if (token.value === "." && this.peek().kind === "number") {
          throw this.error("a number must start with a digit: write 0.5, not .5", token);
        }
        if (token.value === "." || token.value === "[") throw this.memberAccess(token);
        throw this.error(`expected a value but found ${describe(token)}`, token);
      case "end":
        throw this.error("the expression ends too early: expected a value", token);
    }
  }

  private parseName(token: Token & { kind: "identifier" }): Node {
    const word = token.value.toLowerCase();
    if (word === "true" || word === "false") {
      return this.node({ kind: "literal", value: word === "true", offset: token.offset, length: token.length }, []);
    }
    if (word === "null") return this.node({ kind: "literal", value: null, offset: token.offset, length: token.length }, []);
    if (KEYWORDS.has(word)) throw this.error(`expected a value but found the keyword '${token.value}'`, token);
    if (this.isSymbol(this.peek(), "(")) return this.parseCall(token);
    return this.node({ kind: "identifier", name: token.value, offset: token.offset, length: token.length }, []);
  }

  private parseCall(name: Token & { kind: "identifier" }): Node {
    const open = this.next();
    const args: Node[] = [];
    return this.nested(open, () => {
      if (!this.isSymbol(this.peek(), ")")) {
        for (;;) {
          args.push(this.parseOr());
          const token = this.peek();
          if (this.isSymbol(token, ",")) {
            this.next();
            continue;
          }
          if (this.isSymbol(token, ")")) break;
          throw this.error(`expected ',' or ')' in the call to ${name.value}() but found ${describe(token)}`, token);
        }
      }
      const close = this.next();
      return this.node({ kind: "call", name: name.value, args, offset: name.offset, length: close.offset + 1 - name.offset }, args);
    });
  }

  /** Counts nesting while parsing, so a run of "((((" fails with a located error rather than a stack overflow. */
  private nested<T>(at: Token, parse: () => T): T {
    if (++this.nesting > this.limits.maxDepth) throw this.error(tooDeep(this.limits.maxDepth), at);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private node<T extends Node>(node: T, children: readonly Node[]): T {
    if (++this.nodeCount > this.limits.maxNodes) {
      throw new ExpressionError(`the expression is too large: more than ${this.limits.maxNodes} parts`, node.offset, node.length);
    }
    let height = 1;
    for (const child of children) height = Math.max(height, (this.heights.get(child) ?? 1) + 1);
    // Left-associative chains (a + b + c + …) grow the tree without recursing in the parser.
    if (height > this.limits.maxDepth) throw new ExpressionError(tooDeep(this.limits.maxDepth), node.offset, node.length);
    this.heights.set(node, height);
    return node;
  }

  private startsComparison(token: Token): boolean {
    if (token.kind === "symbol") return COMPARISONS.has(token.value);
    return this.isKeyword(token, "in") || this.isKeyword(token, "is") || this.isKeyword(token, "not");
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.tokens[this.position]!;
    if (token.kind !== "end") this.position++;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === "identifier" && token.value.toLowerCase() === word;
  }

  private isSymbol(token: Token, symbol: SymbolText): boolean {
    return token.kind === "symbol" && token.value === symbol;
  }

  private source(token: Token): string {
    return token.kind === "end" ? "" : String(token.value);
  }

  private memberAccess(token: Token): ExpressionError {
    return this.error("member access is not allowed: expressions read columns by name, like `Order ID` or col(\"Order ID\")", token);
  }

  private error(message: string, token: Token): ExpressionError {
    return new ExpressionError(message, token.offset, token.length);
  }
}

function tooDeep(maxDepth: number): string {
  return `the expression is nested too deeply: more than ${maxDepth} levels`;
}

function negate(value: number): number {
  // -0 would print as "0" but compare differently under Object.is; keep zero unsigned.
  return value === 0 ? 0 : -value;
}

function end(span: Span): number {
  return span.offset + span.length;
}

function spanOf(left: Span, right: Span): Span {
  return { offset: left.offset, length: end(right) - left.offset };
}

function describe(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "string":
      return `the text ${JSON.stringify(token.value)}`;
    case "number":
      return `the number ${token.value}`;
    case "quoted":
      return `the column \`${token.value}\``;
    case "identifier":
      return KEYWORDS.has(token.value.toLowerCase()) ? `the keyword '${token.value}'` : `the name '${token.value}'`;
    case "symbol":
      return `'${token.value}'`;
  }
}
