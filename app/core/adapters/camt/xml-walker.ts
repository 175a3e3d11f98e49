import { SaxesParser } from "saxes";
import type { LocatedErrors } from "../support/located-errors";
import { textChunks } from "./text-chunks";

/** Where an element starts and, for a leaf, what it holds. */
export interface XmlElement {
  /** Local name: a namespace prefix (`ns2:Stmt`) is dropped, so every version and prefix reads alike. */
  name: string;
  /** 1-based line and column of the element's `<`. */
  line: number;
  column: number;
  /** The `Ccy` attribute (amounts carry their currency there), whatever its prefix. */
  currency: string | null;
  /** The namespace this element declares for its own prefix, if it declares one. */
  namespace: string | null;
}

export interface XmlVisitor {
  open(element: XmlElement, path: readonly string[]): void;
  /** `text` is the element's own trimmed text; empty for a parent element. */
  close(element: XmlElement, text: string, path: readonly string[]): void;
}

/**
 * camt nests about 15 deep (an envelope, Document, the message, its block,
 * Ntry, NtryDtls, TxDtls, RltdPties, a party's address line…). Far deeper
 * is not a bank file, and refusing it keeps each element's path short, so
 * that no crafted file can make reading it quadratic.
 */
const MAX_DEPTH = 64;

/**
 * Streams the document through saxes (no DOM: a statement of a million
 * entries holds one entry at a time) and hands each element to the visitor
 * with the path of local names from the document root to it. XML that is
 * not well formed stops reading with its line and column; entities are
 * never resolved from outside (saxes has no external entity support).
 */
export function walkXml(bytes: Uint8Array, fileName: string, errors: LocatedErrors, visitor: XmlVisitor): void {
  const walk = walkXmlChunks(textChunks(bytes), fileName, errors, visitor);
  while (!walk.next().done) continue;
}

/**
 * walkXml over text that comes in pieces (a file read chunk by chunk). It
 * pauses after each piece, so a caller can take what the visitor collected
 * from that piece before the next one is read.
 */
export function* walkXmlChunks(chunks: Iterable<string>, fileName: string, errors: LocatedErrors, visitor: XmlVisitor): Generator<void> {
  const parser = new SaxesParser({ position: true, fileName });
  const path: string[] = [];
  const open: XmlElement[] = [];
  let text = "";

  parser.on("error", (error) => {
    const message = error.message.replace(/^.*?:\d+:\d+: /, "");
    errors.fail(Math.max(1, parser.line), `the XML is not well formed: ${message}`, { column: parser.column + 1 });
  });
  parser.on("opentagstart", (tag) => {
    // saxes has read the name and the character after it.
    const element: XmlElement = { name: localName(tag.name), line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1), currency: null, namespace: null };
    path.push(element.name);
    open.push(element);
    if (path.length > MAX_DEPTH) errors.fail(element.line, `elements nest deeper than ${MAX_DEPTH} levels: this is not a camt message`, { column: element.column, field: element.name });
    text = "";
  });
  parser.on("opentag", (tag) => {
    const element = open[open.length - 1]!;
    const colon = tag.name.indexOf(":");
    const declaration = colon < 0 ? "xmlns" : `xmlns:${tag.name.slice(0, colon)}`;
    // for…in rather than Object.entries: no array per element (this runs for every element of the file).
    for (const attribute in tag.attributes) {
      const value = tag.attributes[attribute]!;
      const text = typeof value === "string" ? value : value.value;
      if (localName(attribute) === "Ccy") element.currency = text.trim();
      else if (attribute === declaration) element.namespace = text.trim();
    }
    visitor.open(element, path);
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("cdata", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", () => {
    const element = open.pop()!;
    const value = text.trim();
    text = "";
    visitor.close(element, value, path);
    path.pop();
  });

  for (const chunk of chunks) {
    parser.write(chunk);
    yield;
  }
  parser.close();
}

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
