/**
 * Random BAI2 files for the property and fuzz tests: a generator of
 * statements (accounts with entries of every funds type) and a writer with
 * every layout switch the reader supports, so parse(write(x)) can be
 * compared with x. A seeded PRNG keeps every failure reproducible.
 */

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: small, fast, and good enough to spread test cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
  };
}

export type Funds =
  | { code: "" | "0" | "1" | "2" | "Z" }
  | { code: "S"; parts: [bigint, bigint, bigint] }
  | { code: "V"; date: string; time: string }
  | { code: "D"; distributions: Array<[days: number, amount: bigint]> };

export interface Entry {
  typeCode: string;
  amount: bigint;
  funds: Funds;
  bankReference: string;
  customerReference: string;
  text: string;
}

export interface Account {
  number: string;
  /** null: the 03 leaves it blank and the group's currency applies. */
  currency: string | null;
  opening: bigint;
  entries: Entry[];
  /** Write an empty first summary group (",,,,") before the balances. */
  emptyFirstSummary: boolean;
  /** Write the credit (100) and debit (400) totals as summaries too, with this funds type. */
  totals: Funds | null;
  /** Write "+" before non-negative balances. */
  plusSigns: boolean;
}

export interface Bai2File {
  creationDate: string;
  fileId: string;
  asOfDate: string;
  /** null: the 02 leaves it blank (USD). */
  groupCurrency: string | null;
  accounts: Account[];
}

export interface Layout {
  /** Several records on one physical line (every record then ends with "/"). */
  recordsPerLine: boolean;
  /** End records with "/" (when false, one record per line). */
  slash: boolean;
  /** Cut records longer than this into 88 continuations (null: never). */
  maxRecordLength: number | null;
  /** Pad every physical line to 80 columns (needs maxRecordLength ≤ 80). */
  fixedLength: boolean;
  /** Fixed length with no line breaks at all. */
  noLineBreaks: boolean;
  /** Cut between fields with "/" where possible, the 88 starting the next field (otherwise anywhere, mid-value). */
  cutAtFields: boolean;
}

const CREDIT_CODES = ["108", "115", "142", "165", "174", "195", "206", "301", "399"];
const DEBIT_CODES = ["451", "469", "475", "495", "555", "699"];
const WORDS = ["ACME", "PAYOUT", "INV-2026-0042", "REF", "ORIG CO NAME:STRIPE", "WIRE", "LOCKBOX", "A/B", "FEES,", "NET", "DEPOSIT", "PO_1QBZ9YX8WV7UT6SR", "SEC:CCD", "IND ID:42"];
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = { USD: 2, EUR: 2, JPY: 0, KWD: 3, GBP: 2 };

function yymmdd(random: Random): string {
  const year = random.int(0, 30);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return [year, month, day].map((n) => String(n).padStart(2, "0")).join("");
}

function reference(random: Random): string {
  if (random.chance(0.25)) return "";
  return `${random.pick(["R", "BNK", "CHK", "ACH"])}${random.int(1, 99999999)}`;
}

function funds(random: Random): Funds {
  const code = random.pick(["", "0", "1", "2", "Z", "S", "V", "D"] as const);
  switch (code) {
    case "S":
      return { code, parts: [BigInt(random.int(0, 9999)), BigInt(random.int(0, 9999)), BigInt(random.int(0, 9999))] };
    case "V":
      return { code, date: yymmdd(random), time: random.pick(["", "0800", "2400"]) };
    case "D":
      return { code, distributions: Array.from({ length: random.int(0, 3) }, () => [random.int(0, 5), BigInt(random.int(0, 99999))] as [number, bigint]) };
    default:
      return { code };
  }
}

function entry(random: Random): Entry {
  const credit = random.chance(0.5);
  const text = random.chance(0.2) ? "" : Array.from({ length: random.int(1, 12) }, () => random.pick(WORDS)).join(random.pick([" ", ", "]));
  return {
    typeCode: random.pick(credit ? CREDIT_CODES : DEBIT_CODES),
    amount: BigInt(random.int(0, 5_000_000)) * (random.chance(0.1) ? 1_000_000n : 1n),
    funds: funds(random),
    bankReference: reference(random),
    customerReference: reference(random),
    text,
  };
}

export function randomFile(random: Random): Bai2File {
  return {
    creationDate: yymmdd(random),
    fileId: String(random.int(1, 999)),
    asOfDate: yymmdd(random),
    groupCurrency: random.pick([null, "USD", "EUR", "JPY", "KWD"]),
    accounts: Array.from({ length: random.int(1, 3) }, () => ({
      number: String(random.int(1000, 999999999)),
      currency: random.pick([null, null, "GBP", "USD", "JPY"]),
      opening: BigInt(random.int(-5_000_000, 50_000_000)),
      entries: Array.from({ length: random.int(0, 8) }, () => entry(random)),
      emptyFirstSummary: random.chance(0.3),
      totals: random.chance(0.5) ? funds(random) : null,
      plusSigns: random.chance(0.3),
    })),
  };
}

export function randomLayout(random: Random): Layout {
  const recordsPerLine = random.chance(0.25);
  const fixedLength = !recordsPerLine && random.chance(0.3);
  const slash = recordsPerLine || random.chance(0.7);
  return {
    recordsPerLine,
    slash,
    fixedLength,
    noLineBreaks: fixedLength && slash && random.chance(0.5),
    maxRecordLength: fixedLength ? 80 : random.pick([null, 40, 60, 80]),
    cutAtFields: random.chance(0.5),
  };
}

function fundsFields(value: Funds): string[] {
  switch (value.code) {
    case "S":
      return ["S", ...value.parts.map(String)];
    case "V":
      return ["V", value.date, value.time];
    case "D":
      return ["D", String(value.distributions.length), ...value.distributions.flatMap(([days, amount]) => [String(days), String(amount)])];
    default:
      return [value.code];
  }
}

export function closingBalance(account: Account): bigint {
  let closing = account.opening;
  for (const item of account.entries) closing += CREDIT_CODES.includes(item.typeCode) ? item.amount : -item.amount;
  return closing;
}

function signed(value: bigint, plus: boolean): string {
  return value >= 0n && plus ? `+${value}` : String(value);
}

/** Logical records (without "/"), and for each the index of the field where a 16's text begins. */
function logicalRecords(file: Bai2File): Array<{ text: string; textField: number | null; detail: boolean }> {
  const records: Array<{ text: string; textField: number | null; detail: boolean }> = [];
  const plain = (text: string) => records.push({ text, textField: null, detail: false });
  plain(`01,BANKID,CUSTID,${file.creationDate},0600,${file.fileId},${"80"},,2`);
  plain(`02,CUSTID,BANKID,1,${file.asOfDate},2400,${file.groupCurrency ?? ""},2`);
  let groupTotal = 0n;
  for (const account of file.accounts) {
    const accountStart = records.length;
    let total = 0n;
    const summaries: string[] = [];
    if (account.emptyFirstSummary) summaries.push("", "", "", "");
    const closing = closingBalance(account);
    summaries.push("010", signed(account.opening, account.plusSigns), "", "", "015", signed(closing, account.plusSigns), "", "");
    total += account.opening + closing;
    if (account.totals) {
      const credits = account.entries.filter((e) => CREDIT_CODES.includes(e.typeCode));
      const debits = account.entries.filter((e) => !CREDIT_CODES.includes(e.typeCode));
      const creditSum = credits.reduce((sum, e) => sum + e.amount, 0n);
      const debitSum = debits.reduce((sum, e) => sum + e.amount, 0n);
      summaries.push("100", String(creditSum), String(credits.length), ...fundsFields(account.totals));
      summaries.push("400", String(debitSum), String(debits.length), ...fundsFields(account.totals));
      total += creditSum + debitSum;
    }
    plain(`03,${account.number},${account.currency ?? ""},${summaries.join(",")}`);
    for (const item of account.entries) {
      const fields = ["16", item.typeCode, String(item.amount), ...fundsFields(item.funds), item.bankReference, item.customerReference];
      records.push({ text: `${fields.join(",")},${item.text}`, textField: fields.length, detail: true });
      total += item.amount;
    }
    records.push({ text: "", textField: null, detail: false }); // the 49, written once its count is known
    const trailer = records.length - 1;
    records[trailer] = { text: `49,${total},__COUNT_${accountStart}__`, textField: null, detail: false };
    groupTotal += total;
  }
  plain(`98,${groupTotal},${file.accounts.length},__GROUP__`);
  plain(`99,${groupTotal},1,__FILE__`);
  return records;
}

export interface WrittenFile {
  text: string;
  /** Physical line of each 16, in order. */
  detailLines: number[];
}

/** Writes the file in the layout; record counts (49/98/99) count the physical records written, 88s included. */
export function writeBai2(file: Bai2File, layout: Layout): WrittenFile {
  const logical = logicalRecords(file);
  // Physical records per logical record (continuations included), decided before counts are filled in.
  const physical: string[][] = logical.map((record) => cut(record, layout));
  const counts = physical.map((pieces) => pieces.length);
  const total = (from: number, to: number) => counts.slice(from, to + 1).reduce((sum, n) => sum + n, 0);
  const filled = logical.map((record, index) => {
    let text = record.text;
    const accountCount = /__COUNT_(\d+)__/.exec(text);
    if (accountCount) text = text.replace(accountCount[0], String(total(Number(accountCount[1]), index)));
    if (text.includes("__GROUP__")) text = text.replace("__GROUP__", String(total(1, index)));
    if (text.includes("__FILE__")) text = text.replace("__FILE__", String(total(0, index)));
    return { ...record, text };
  });
  // Counts are short numbers: filling them in cannot change how a trailer is cut (trailers stay under 40 characters).
  const pieces = filled.map((record) => cut(record, layout));
  const lines: string[] = [];
  const detailLines: number[] = [];
  let current = "";
  filled.forEach((record, index) => {
    for (const [pieceIndex, piece] of pieces[index]!.entries()) {
      if (layout.recordsPerLine) {
        if (record.detail && pieceIndex === 0) detailLines.push(lines.length + 1);
        current += (current === "" ? "" : random01(index) ? " " : "") + piece;
        // A piece cut mid-value has no "/": only the end of the line ends it.
        if (!piece.endsWith("/") || current.length > 100 || index === filled.length - 1) {
          lines.push(current);
          current = "";
        }
      } else {
        if (record.detail && pieceIndex === 0) detailLines.push(lines.length + 1);
        lines.push(layout.fixedLength ? piece.padEnd(80) : piece);
      }
    }
  });
  if (current !== "") lines.push(current);
  const text = layout.noLineBreaks ? lines.join("") : `${lines.join("\n")}\n`;
  return { text, detailLines };
}

/** A deterministic choice of separator between records on one line ("/" alone or "/ "). */
function random01(index: number): boolean {
  return index % 3 === 0;
}

/**
 * One logical record as physical records: "NN,…" then 88s. A record that
 * ends complete gets "/"; a record cut mid-field does not (its 88 resumes
 * the field), as the specification asks.
 */
function cut(record: { text: string; textField: number | null }, layout: Layout): string[] {
  const end = layout.slash ? "/" : "";
  const max = layout.maxRecordLength;
  if (max === null || record.text.length + 1 <= max) return [record.text + end];
  const pieces: string[] = [];
  let rest = record.text;
  let first = true;
  // Where the text of a 16 begins: cuts before it may end with "/" at a comma; cuts in it never do.
  let textStart = record.textField === null ? Number.POSITIVE_INFINITY : nthComma(record.text, record.textField - 1) + 1;
  while (true) {
    const prefix = first ? "" : "88,";
    const room = max - prefix.length - 1;
    if (rest.length <= room) {
      pieces.push(prefix + rest + end);
      break;
    }
    let at = room;
    const comma = rest.lastIndexOf(",", at);
    if (layout.cutAtFields && comma > 2 && comma < textStart) {
      // A cut between fields: the record ends with "/", the 88 starts with the next field.
      pieces.push(`${prefix}${rest.slice(0, comma)}/`);
      rest = rest.slice(comma + 1);
      textStart -= comma + 1;
    } else {
      // A cut mid-value: no "/", the 88 resumes exactly where this stopped. Never after a space (trailing
      // spaces are padding) nor after a "/" (it would read as the record's end).
      while (at > 1 && (rest[at - 1] === " " || rest[at - 1] === "/")) at--;
      pieces.push(prefix + rest.slice(0, at));
      rest = rest.slice(at);
      textStart -= at;
    }
    first = false;
  }
  return pieces;
}

function nthComma(text: string, n: number): number {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(",", index + 1);
  return index;
}
