import { fileError } from "../errors";
import { ingestLimits, limitExceeded } from "../limits";

/**
 * Cutting JSON arrays and NDJSON into record texts without parsing them,
 * across chunk boundaries, and finding where a value ends in a record text.
 */

export interface JsonRecord {
  /** NDJSON: physical line; JSON array: 1-based index. */
  line: number;
  /** The physical line the record starts on. */
  physicalLine: number;
  text: string;
}

export function isWhitespace(char: string): boolean {
  return char === " " || char === "\n" || char === "\r" || char === "\t";
}

/** Cuts a top-level JSON array into element texts without parsing them, across chunk boundaries. */
export class JsonArraySplitter {
  private state: "start" | "first" | "next" | "element" | "afterElement" | "end" = "start";
  /** The element's text from earlier chunks. */
  private pending = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private elementLine = 0;
  private index = 0;
  private readonly limits = ingestLimits();

  constructor(
    private readonly fileName: string,
    private readonly onRecord: (record: JsonRecord) => void,
  ) {}

  private fail(message: string): never {
    throw fileError(this.fileName, message, this.index + 1);
  }

  private endElement(text: string, from: number, to: number): void {
    this.index++;
    this.onRecord({ line: this.index, physicalLine: this.elementLine, text: this.pending + text.slice(from, to) });
    this.pending = "";
    this.state = "afterElement";
  }

  push(text: string): void {
    let elementStart = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (char === "\n") this.line++;
      if (this.state === "element") {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (char === "\\") this.escaped = true;
          else if (char === '"') this.inString = false;
          continue;
        }
        if (char === '"') {
          this.inString = true;
          continue;
        }
        if (char === "{" || char === "[") {
          // Checked here, before any JSON.parse or JSON.stringify: stringify recurses, and a deep enough record overflows the stack.
          if (++this.depth > this.limits.maxJsonDepth) throw limitExceeded(this.fileName, "maxJsonDepth", `the nesting of element ${this.index + 1}`, this.line);
          continue;
        }
        if ((char === "}" || char === "]") && this.depth > 0) {
          this.depth--;
          if (this.depth === 0) this.endElement(text, elementStart, i + 1);
          continue;
        }
        if (this.depth > 0 || !(char === "," || char === "]" || isWhitespace(char))) continue;
        // A number, true, false or null ends at the first character that is not part of it.
        this.endElement(text, elementStart, i);
      }
      if (isWhitespace(char) || char === "\ufeff") continue;
      switch (this.state) {
        case "start":
          if (char !== "[") this.fail("a JSON file must be an array of objects");
          this.state = "first";
          break;
        case "first":
        case "next":
          if (char === "]") {
            if (this.state === "next") this.fail(`a comma after element ${this.index} is followed by "]"`);
            this.state = "end";
            break;
          }
          this.state = "element";
          this.elementLine = this.line;
          this.depth = char === "{" || char === "[" ? 1 : 0;
          this.inString = char === '"';
          elementStart = i;
          break;
        case "afterElement":
          if (char === ",") this.state = "next";
          else if (char === "]") this.state = "end";
          else this.fail(`expected "," or "]" after element ${this.index} (line ${this.line})`);
          break;
        case "element":
          break;
        case "end":
          this.fail(`unexpected text after the array ends (line ${this.line})`);
      }
    }
    if (this.state === "element") {
      this.pending += text.slice(elementStart);
      if (this.pending.length > this.limits.maxLineBytes) throw limitExceeded(this.fileName, "maxLineBytes", `element ${this.index + 1}`, this.elementLine);
    }
  }

  finish(): void {
    if (this.state !== "end") this.fail(this.state === "start" ? "the file is empty" : "the JSON array is never closed");
  }
}

/** Splits NDJSON into lines (CRLF or LF), skipping blank ones, across chunk boundaries. */
export class NdjsonSplitter {
  private carry = "";
  private line = 0;
  private readonly limits = ingestLimits();

  constructor(
    private readonly fileName: string,
    private readonly onRecord: (record: JsonRecord) => void,
  ) {}

  push(text: string): void {
    const lines = (this.carry + text).split("\n");
    this.carry = lines.pop()!;
    for (const line of lines) this.emit(line);
    if (this.carry.length > this.limits.maxLineBytes) throw limitExceeded(this.fileName, "maxLineBytes", "a line", this.line + 1);
  }

  finish(): void {
    if (this.carry.length > 0) this.emit(this.carry);
    this.carry = "";
  }

  private emit(raw: string): void {
    this.line++;
    const text = (this.line === 1 ? raw.replace(/^\ufeff/, "") : raw).replace(/\r$/, "");
    if (text.trim().length === 0) return;
    if (text.length > this.limits.maxLineBytes) throw limitExceeded(this.fileName, "maxLineBytes", "a line", this.line);
    // Before any JSON.parse or JSON.stringify of the line: stringify recurses, and a deep enough record overflows the stack.
    const deepAt = nestingPassedAt(text, this.limits.maxJsonDepth);
    if (deepAt >= 0) throw limitExceeded(this.fileName, "maxJsonDepth", "the nesting of a record", this.line, deepAt + 1);
    this.onRecord({ line: this.line, physicalLine: this.line, text });
  }
}

/** Where the nesting of arrays and objects first passes `max` (an offset), or -1. Brackets inside strings do not count. */
export function nestingPassedAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      i = stringEnd(text, i) - 1;
      continue;
    }
    if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return i;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return -1;
}

export function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text[i]!)) i++;
  return i;
}

export function stringEnd(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "\\") i += 2;
    else if (char === '"') return i + 1;
    else i++;
  }
  return i;
}

export function valueEnd(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return stringEnd(text, from);
  if (first === "{" || first === "[") {
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i = stringEnd(text, i);
        continue;
      }
      if (char === "{" || char === "[") depth++;
      else if (char === "}" || char === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  let i = from;
  while (i < text.length && text[i] !== "," && text[i] !== "}" && !isWhitespace(text[i]!)) i++;
  return i;
}
