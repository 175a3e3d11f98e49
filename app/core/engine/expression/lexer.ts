import { ExpressionError } from "./errors";

/** Operators and punctuation, longest first where one is a prefix of another. */
export type SymbolText =
  | "||" | "&&" | "==" | "!=" | "<>" | "<=" | ">="
  | "(" | ")" | "," | "+" | "-" | "*" | "/" | "%" | "=" | "<" | ">" | "!" | "." | "[" | "]";

export type Token =
  | { readonly kind: "number"; readonly value: number; readonly offset: number; readonly length: number }
  | { readonly kind: "string"; readonly value: string; readonly offset: number; readonly length: number }
  /** A bare name: a column, a function, or a keyword (keywords are recognized by the parser, case-insensitively). */
  | { readonly kind: "identifier"; readonly value: string; readonly offset: number; readonly length: number }
  /** A backtick-quoted column name; never a keyword or a function. */
  | { readonly kind: "quoted"; readonly value: string; readonly offset: number; readonly length: number }
  | { readonly kind: "symbol"; readonly value: SymbolText; readonly offset: number; readonly length: number }
  | { readonly kind: "end"; readonly value: ""; readonly offset: number; readonly length: 0 };

const TWO_CHAR_SYMBOLS: ReadonlySet<string> = new Set(["||", "&&", "==", "!=", "<>", "<=", ">="]);
const ONE_CHAR_SYMBOLS: ReadonlySet<string> = new Set(["(", ")", ",", "+", "-", "*", "/", "%", "=", "<", ">", "!", ".", "[", "]"]);

/** JavaScript habits that would otherwise surface as a confusing "expected an expression" two tokens later. */
const JS_OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ["===", "'===' is not an operator: use '=' (or '==') to compare"],
  ["!==", "'!==' is not an operator: use '!=' (or '<>') to compare"],
  ["||=", "assignment ('||=') is not supported: an expression only computes a value"],
  ["&&=", "assignment ('&&=') is not supported: an expression only computes a value"],
  ["=>", "arrow functions ('=>') are not supported"],
  ["+=", "assignment ('+=') is not supported: an expression only computes a value"],
  ["-=", "assignment ('-=') is not supported: an expression only computes a value"],
  ["*=", "assignment ('*=') is not supported: an expression only computes a value"],
  ["/=", "assignment ('/=') is not supported: an expression only computes a value"],
  ["%=", "assignment ('%=') is not supported: an expression only computes a value"],
  ["++", "'++' is not supported: an expression only computes a value"],
  ["--", "'--' is not supported: write '- -x' to negate twice, or '-(-x)'"],
];

const CHARACTER_HINTS: ReadonlyMap<string, string> = new Map([
  [";", "';' is not allowed: an expression is a single formula, not a list of statements"],
  ["&", "unexpected '&': use 'and' (or '&&')"],
  ["|", "unexpected '|': use '||' to join text, or 'or' to combine conditions"],
  ["?", "the '? :' conditional is not supported: use if(condition, then, else)"],
  ["{", "unexpected '{': objects and blocks are not supported"],
  ["}", "unexpected '}': objects and blocks are not supported"],
  ["$", "unexpected '$': template literals are not supported; use '||' or concat() to build text"],
]);

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["\\", "\\"],
  ['"', '"'],
  ["'", "'"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isIdentifierStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isIdentifierPart = (c: string | undefined): boolean => isIdentifierStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i = readNumber(source, i, tokens);
    } else if (isIdentifierStart(c)) {
      while (isIdentifierPart(source[i])) i++;
      tokens.push({ kind: "identifier", value: source.slice(start, i), offset: start, length: i - start });
    } else if (c === '"' || c === "'") {
      i = readString(source, i, tokens);
    } else if (c === "`") {
      i = readQuotedName(source, i, tokens);
    } else {
      const misuse = JS_OPERATORS.find(([text]) => source.startsWith(text, i));
      if (misuse) throw new ExpressionError(misuse[1], i, misuse[0].length);
      const two = source.slice(i, i + 2);
      if (TWO_CHAR_SYMBOLS.has(two)) {
        tokens.push({ kind: "symbol", value: two as SymbolText, offset: i, length: 2 });
        i += 2;
      } else if (ONE_CHAR_SYMBOLS.has(c)) {
        tokens.push({ kind: "symbol", value: c as SymbolText, offset: i, length: 1 });
        i++;
      } else {
        throw unexpectedCharacter(source, i);
      }
    }
  }
  tokens.push({ kind: "end", value: "", offset: source.length, length: 0 });
  return tokens;
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(source[i])) i++;
  // "1." with no digits after is left alone so "1.x" reports member access rather than a malformed number.
  if (source[i] === "." && isDigit(source[i + 1])) {
    i++;
    while (isDigit(source[i])) i++;
  }
  if ((source[i] === "e" || source[i] === "E") && (isDigit(source[i + 1]) || ((source[i + 1] === "+" || source[i + 1] === "-") && isDigit(source[i + 2])))) {
    i += 2;
    while (isDigit(source[i])) i++;
  }
  if (isIdentifierPart(source[i])) {
    // 0x10, 1_000, 12abc: one clear error instead of "unexpected identifier 'x10'".
    let end = i;
    while (isIdentifierPart(source[end])) end++;
    throw new ExpressionError(`invalid number '${source.slice(start, end)}': numbers are written in decimal, like 12 or 0.5`, start, end - start);
  }
  const text = source.slice(start, i);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExpressionError(`number '${text}' is too large`, start, i - start);
  tokens.push({ kind: "number", value, offset: start, length: i - start });
  return i;
}

function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start]!;
  let value = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === quote) {
      tokens.push({ kind: "string", value, offset: start, length: i + 1 - start });
      return i + 1;
    }
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined) break;
      const hex = next === "u" ? source.slice(i + 2, i + 6) : "";
      if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      // Any other escape is kept as written, so regular expressions read naturally: "\d+" is the pattern \d+.
      value += ESCAPES.get(next) ?? `\\${next}`;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new ExpressionError(`unterminated string: missing closing ${quote}`, start, source.length - start);
}

function readQuotedName(source: string, start: number, tokens: Token[]): number {
  let value = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "`") {
      // A doubled backtick stands for one, as in SQL dialects that quote names with backticks.
      if (source[i + 1] === "`") {
        value += "`";
        i += 2;
        continue;
      }
      if (value === "") throw new ExpressionError("empty column name ``", start, 2);
      tokens.push({ kind: "quoted", value, offset: start, length: i + 1 - start });
      return i + 1;
    }
    if (c === "$" && source[i + 1] === "{") {
      throw new ExpressionError("template literals are not supported: backticks quote a column name; use '||' or concat() to build text", i, 2);
    }
    if (c === "\n" || c === "\r") break;
    value += c;
    i++;
  }
  throw new ExpressionError("unterminated column name: missing closing `", start, i - start);
}

function unexpectedCharacter(source: string, offset: number): ExpressionError {
  const codePoint = source.codePointAt(offset)!;
  const character = String.fromCodePoint(codePoint);
  const hint = CHARACTER_HINTS.get(character);
  if (hint) return new ExpressionError(hint, offset, character.length);
  const shown = codePoint < 0x20 || codePoint === 0x7f ? `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}` : `'${character}'`;
  const advice = /\p{L}/u.test(character) ? "; quote a column name with other characters in backticks, like `Montant €`" : "";
  return new ExpressionError(`unexpected character ${shown}${advice}`, offset, character.length);
}
