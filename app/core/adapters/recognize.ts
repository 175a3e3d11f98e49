import { decodeText } from "./support/text";
import type { FormatAdapter } from "./types";

/**
 * Which adapter an uploaded file needs, from its first bytes alone (a
 * sample, already gunzipped). Structural markers come first: an XML
 * `Document` whose first child is a bank-to-customer message, a SWIFT
 * envelope or tag sequence, BAI2's `01,` file header, STL's `RH` row. Then
 * provider CSV headers, looked for in the first lines (some exports put a
 * title line or two above the header).
 *
 * Confidence is how sure the evidence makes us, 0 to 1: a marker backed by
 * the records that must follow it is near certain; a marker alone, or a
 * header whose every signature column is present, less so (a header with
 * Stripe's payouts columns may be a hand-made spreadsheet).
 */
export interface Recognition {
  adapter: FormatAdapter;
  confidence: number;
  evidence: string;
}

/** What the sniffers look at: the first 64 KiB hold every marker and header these formats have. */
export const RECOGNITION_SAMPLE_BYTES = 64 * 1024;
/** Header lines may follow a title or bank banner; this many lines are tried. */
const HEADER_SEARCH_LINES = 10;
/** MT940 exports may put bank header lines before the first :20:. */
const MT_SEARCH_LINES = 20;

type Lookup = (name: string) => FormatAdapter | undefined;

/** Bytes are decoded as the adapters decode them (BOM, UTF-16, else UTF-8 or Windows-1252). */
export function recognizeSample(sample: Uint8Array, adapters: readonly FormatAdapter[]): Recognition | undefined {
  return recognizeText(decodeText(sample), adapters);
}

export function recognizeText(text: string, adapters: readonly FormatAdapter[]): Recognition | undefined {
  return recognizeStructure(text, adapters) ?? recognizeHeader(text, adapters);
}

/** The formats a marker in the text identifies, whatever their header (if they have one at all). */
export function recognizeStructure(text: string, adapters: readonly FormatAdapter[]): Recognition | undefined {
  const lookup: Lookup = (name) => adapters.find((adapter) => adapter.name === name);
  const body = text.replace(/^\uFEFF/, "");
  return recognizeXml(body, lookup) ?? recognizeSwift(body, lookup) ?? recognizeBai2(body, lookup) ?? recognizeStl(body, lookup);
}

const ISO_20022_ROOTS: Record<string, { message: string; adapter: string }> = {
  BkToCstmrStmt: { message: "camt.053 statement", adapter: "camt053" },
  BkToCstmrAcctRpt: { message: "camt.052 account report", adapter: "camt052" },
  BkToCstmrDbtCdtNtfctn: { message: "camt.054 debit/credit notification", adapter: "camt054" },
};

/** Namespace prefixes allowed (`<ns2:Document>`); an AppHdr envelope may come first, so the Document is searched for, not assumed at the top. */
const DOCUMENT_THEN_CHILD = /<(?:[\w.-]+:)?Document\b[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?(\w+)[\s>/]/;

function recognizeXml(text: string, lookup: Lookup): Recognition | undefined {
  const start = text.trimStart();
  if (!start.startsWith("<")) return undefined;
  const match = DOCUMENT_THEN_CHILD.exec(text);
  if (!match) return undefined;
  const root = ISO_20022_ROOTS[match[1]!];
  if (!root) return undefined;
  const adapter = lookup(root.adapter);
  if (!adapter) return undefined;
  const namespace = /urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3}\.\d{3}\.\d{2})/.exec(text)?.[1];
  const evidence = `XML Document whose root message is ${match[1]} (${root.message})${namespace ? `, namespace ${namespace}` : ""}`;
  return { adapter, confidence: namespace ? 0.99 : 0.95, evidence };
}

function recognizeSwift(text: string, lookup: Lookup): Recognition | undefined {
  // SOH/ETX bytes frame messages in some bank channels; they are not part of the text.
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/[\u0001\u0003]/g, "\n").split(/\r\n|\n|\r/).slice(0, 400);
  const envelope = /\{2:[IO](940|942)/.exec(text)?.[1];
  const tags = new Set<string>();
  let firstTagLine = -1;
  for (let index = 0; index < lines.length; index++) {
    const tag = /^(?:\{4:)?:(\d{2}[A-Z]?):/.exec(lines[index]!.trimStart())?.[1];
    if (tag === undefined) continue;
    if (firstTagLine < 0) firstTagLine = index;
    tags.add(tag);
  }
  const typeLine = lines.slice(0, MT_SEARCH_LINES).find((line) => /^:?(940|942):?\s*$/.test(line.trim()))?.trim().replace(/:/g, "");
  const startsSoon = firstTagLine >= 0 && firstTagLine < MT_SEARCH_LINES;
  if (!startsSoon || !tags.has("20") || !tags.has("25")) return undefined;
  // MT942 (interim report) has a floor limit (:34F:) and a date/time indication (:13D:) and no opening balance.
  const isInterim = envelope === "942" || typeLine === "942" || (tags.has("34F") && !tags.has("60F") && !tags.has("60M"));
  const adapter = lookup(isInterim ? "mt942" : "mt940");
  if (!adapter) return undefined;
  const hasBalances = tags.has("60F") || tags.has("60M") || tags.has("62F") || tags.has("62M");
  const framing = envelope ? `SWIFT envelope {2:…${envelope}}` : typeLine ? `a ${typeLine} message-type line` : firstTagLine > 0 ? `${firstTagLine} bank header line${firstTagLine === 1 ? "" : "s"} before :20:` : "";
  const kind = isInterim ? "MT942 interim transaction report" : "MT940 statement";
  const evidence = `SWIFT ${kind}: tags ${[...tags].slice(0, 8).map((tag) => `:${tag}:`).join(" ")}${framing ? `; ${framing}` : ""}`;
  return { adapter, confidence: hasBalances || isInterim ? 0.97 : 0.8, evidence };
}

function recognizeBai2(text: string, lookup: Lookup): Recognition | undefined {
  const lines = text.split(/\r\n|\n|\r/, 50).filter((line) => line.trim() !== "");
  if (!/^01,[^,]*,[^,]*,\d{6},/.test(lines[0] ?? "")) return undefined;
  const adapter = lookup("bai2");
  if (!adapter) return undefined;
  const groupAndAccount = lines.some((line) => line.startsWith("02,")) && lines.some((line) => line.startsWith("03,"));
  return {
    adapter,
    confidence: groupAndAccount ? 0.99 : 0.8,
    evidence: `BAI2 file header record "01," on the first line${groupAndAccount ? ", then group (02) and account (03) records" : ""}`,
  };
}

function recognizeStl(text: string, lookup: Lookup): Recognition | undefined {
  const lines = text.split(/\r\n|\n|\r/, 50);
  if (!/^"?RH"?,/.test(lines[0] ?? "")) return undefined;
  const adapter = lookup("paypal_stl");
  if (!adapter) return undefined;
  const sections = lines.some((line) => /^"?(CH|SB)"?,/.test(line));
  return {
    adapter,
    confidence: sections ? 0.99 : 0.8,
    evidence: `PayPal STL: an "RH" report header row on line 1${sections ? ", then CH/SB rows" : ""} (rows of different widths, by design)`,
  };
}

function recognizeHeader(text: string, adapters: readonly FormatAdapter[]): Recognition | undefined {
  const lines = text.split(/\r\n|\n|\r/, HEADER_SEARCH_LINES);
  let best: { adapter: FormatAdapter; columns: readonly string[]; matched: number; share: number; line: number } | undefined;
  lines.forEach((line, index) => {
    const header = new Set(splitHeaderLine(line).map((name) => name.trim()));
    if (header.size < 2) return;
    for (const adapter of adapters) {
      for (const columns of signatureColumnSets(adapter)) {
        if (!columns.every((name) => header.has(name))) continue;
        const candidate = { adapter, columns, matched: columns.length, share: columns.length / header.size, line: index + 1 };
        // Most signature columns wins (payouts' 5 columns are a subset of richer exports); then the tighter fit.
        if (!best || candidate.matched > best.matched || (candidate.matched === best.matched && candidate.share > best.share)) best = candidate;
      }
    }
  });
  if (!best) return undefined;
  const found = best as { adapter: FormatAdapter; columns: readonly string[]; matched: number; share: number; line: number };
  return {
    adapter: found.adapter,
    confidence: Math.round((0.7 + 0.25 * found.share) * 100) / 100,
    evidence: `the header on line ${found.line} has all ${found.matched} signature columns of the ${found.adapter.title} (${found.columns.slice(0, 4).join(", ")}, …)`,
  };
}

/** The header layouts an adapter is recognized by: its signature columns and any alternatives. */
export function signatureColumnSets(adapter: FormatAdapter): ReadonlyArray<readonly string[]> {
  const { columns, alternativeColumns } = adapter.signature;
  return [...(columns && columns.length > 0 ? [columns] : []), ...(alternativeColumns ?? [])].filter((set) => set.length > 0);
}

/** The delimiter giving the most fields; quotes are honoured so a quoted "Net Debit (NC)" stays one name. */
function splitHeaderLine(line: string): string[] {
  let best: string[] = [];
  for (const delimiter of [",", "\t", ";", "|"]) {
    const fields = splitQuoted(line, delimiter);
    if (fields.length > best.length) best = fields;
  }
  return best;
}

function splitQuoted(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index]!;
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === delimiter) {
      fields.push(field);
      field = "";
    } else field += character;
  }
  fields.push(field);
  return fields;
}
