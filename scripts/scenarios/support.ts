import type { AnswerKey, ExpectedScenarioException, GeneratedScenario, RecordIdentity } from "~/modules/templates/index.server";

/**
 * What every scenario generator shares: a seeded random source (the same
 * seed writes the same bytes), CSV writing with the dirt real exports carry,
 * Windows-1252 encoding, and the answer key being built alongside the files.
 */
export interface GeneratorOptions {
  seed: number;
  /** Roughly how many ordinary records per input; the injected conditions come on top. */
  size: number;
}

export type ScenarioGenerator = (options: GeneratorOptions) => GeneratedScenario;

/** mulberry32: small, fast and good enough to pick amounts and shuffle rows; never Math.random. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** An id of `length` characters from `alphabet`, e.g. Stripe's base62 object ids. */
  token(length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  digits(length: number): string {
    return this.token(length, "0123456789");
  }
  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    return values;
  }
}

/** One CSV field, quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string | number, delimiter = ","): string {
  const text = String(value);
  return text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r") ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number>, delimiter = ","): string {
  return values.map((value) => csvField(value, delimiter)).join(delimiter);
}

export interface CsvText {
  header: string[];
  rows: Array<Record<string, string | number>>;
  delimiter?: string;
  /** Windows exports end lines with CRLF. */
  crlf?: boolean;
  /** Lines before the header (bank exports put the account and period there). */
  preamble?: string[];
  /** Excel leaves delimiter-only lines at the end of a sheet saved as CSV. */
  trailingEmptyLines?: number;
}

export function csvText(file: CsvText): string {
  const delimiter = file.delimiter ?? ",";
  const eol = file.crlf ? "\r\n" : "\n";
  const lines = [...(file.preamble ?? []), csvLine(file.header, delimiter)];
  for (const row of file.rows) lines.push(csvLine(file.header.map((column) => row[column] ?? ""), delimiter));
  for (let i = 0; i < (file.trailingEmptyLines ?? 0); i++) lines.push(delimiter.repeat(file.header.length - 1));
  return lines.join(eol) + eol;
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

// The code points Windows-1252 puts in 0x80–0x9F; everything else below 0x100 is Latin-1.
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89,
  0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

export function windows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_HIGH[code];
    if (byte === undefined) throw new Error(`'${char}' has no Windows-1252 byte`);
    out[length++] = byte;
  }
  return out.slice(0, length);
}

/** Minor units as "1234.56" (or with a decimal comma and dot thousands, as German and Dutch exports write it). */
export function major(minor: number, style: "dot" | "comma" | "comma-thousands" = "dot", decimals = 2): string {
  const sign = minor < 0 ? "-" : "";
  const absolute = Math.abs(minor);
  const scale = 10 ** decimals;
  const whole = Math.floor(absolute / scale);
  const fraction = decimals === 0 ? "" : String(absolute % scale).padStart(decimals, "0");
  if (style === "dot") return `${sign}${whole}${decimals === 0 ? "" : "."}${fraction}`;
  const grouped = style === "comma-thousands" ? String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".") : String(whole);
  return `${sign}${grouped}${decimals === 0 ? "" : ","}${fraction}`;
}

/** A calendar day as UTC midnight milliseconds, and the day formats the exports write. */
export function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}
export function addDays(time: number, days: number): number {
  return time + days * 86_400_000;
}
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
export function usDay(time: number): string {
  const [year, month, date] = isoDay(time).split("-");
  return `${month}/${date}/${year}`;
}
export function germanDay(time: number): string {
  const [year, month, date] = isoDay(time).split("-");
  return `${date}.${month}.${year}`;
}
/** Skips Saturdays and Sundays, the way a bank books. */
export function addBusinessDays(time: number, days: number): number {
  let current = time;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    const weekday = new Date(current).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return current;
}
export function isWeekend(time: number): boolean {
  const weekday = new Date(time).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The answer key of one scenario, filled while the generator writes rows. */
export class AnswerKeyBuilder {
  readonly key: AnswerKey;
  constructor(pack: string, options: GeneratorOptions) {
    this.key = { pack, seed: options.seed, size: options.size, identities: {}, streams: {} };
  }
  identify(fileName: string, identity: RecordIdentity): void {
    this.key.identities[fileName] = identity;
  }
  stream(streamKey: string, samples: Record<string, string>) {
    const stream = { samples, exceptions: [] as ExpectedScenarioException[], matches: [] as Array<{ step: string; records: string[] }> };
    this.key.streams[streamKey] = stream;
    return {
      exception: (step: string, type: string, records: string[], condition: string) => stream.exceptions.push({ step, type, records, condition }),
      match: (step: string, records: string[]) => stream.matches.push({ step, records }),
    };
  }
}
