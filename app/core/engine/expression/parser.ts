import { ExpressionError } from "./errors";
import type { InNode, LiteralNode, Node, ParseLimits } from "./ast";
import { tokenize, type SymbolText, type Token } from "./lexer";
import { COMPARISONS, KEYWORDS, RESERVED, describe, end, negate, spanOf, tooDeep } from "./syntax";

// The node types moved to ./ast; re-exported so importers of the parser keep working.
export type { ArithmeticOp, BinaryNode, CallNode, ComparisonOp, IdentifierNode, InNode, IsNullNode, LiteralNode, LogicalNode, Node, ParseLimits, UnaryNode } from "./ast";

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

