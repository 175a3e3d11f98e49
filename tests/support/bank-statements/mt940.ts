import type { Random } from "./random";

/**
 * Random MT940 files for the property test: a model of statements (the
 * values a reader must recover), a writer that renders them in any mix of
 * the dialects the mt940 adapter supports, and the records the model says a
 * correct reader returns. parse(write(model)) must equal expectedRecords(model).
 */

export interface EntryModel {
  /** Value date; `clampedDay` is a calendar-impossible day written instead (30 February). */
  value: { year: number; month: number; day: number; writtenDay: number };
  /** Days the entry date lies before the value date, or "blank" (four spaces), or null (left out). */
  entry: number | "blank" | null;
  mark: "C" | "D" | "RC" | "RD";
  fundsCode: string | null;
  minor: bigint;
  type: string;
  customerReference: string;
  bankReference: string | null;
  supplementary: string | null;
  information: InformationModel | null;
}

export type InformationModel =
  | { kind: "free"; text: string }
  | { kind: "german"; gvc: string; separator: string; postingText: string; purpose: string[]; name: string | null }
  | { kind: "swift"; endToEnd: string; name: string; iban: string; remittance: string };

export interface PageModel {
  reference: string;
  statementNumber: number;
  page: number;
  openingTag: "60F" | "60M";
  closingTag: "62F" | "62M";
  opening: bigint;
  entries: EntryModel[];
  date: { year: number; month: number; day: number };
}

export interface FileModel {
  account: string;
  /** The bank appends the currency to :25: ("… EUR" or "…EUR"). */
  accountSuffix: "" | " " | "glued";
  currency: string;
  exponent: number;
  historic: boolean;
  pages: PageModel[];
  dialect: {
    envelope: "none" | "lines" | "glued" | "soh" | "abn";
    header: "none" | "rabobank" | "ing";
    lineEnd: "\n" | "\r\n" | "\r";
    trailingBlanks: boolean;
    atSeparators: boolean;
  };
}

const CURRENCIES: ReadonlyArray<[string, number, boolean]> = [
  ["EUR", 2, false],
  ["USD", 2, false],
  ["JPY", 0, false],
  ["KWD", 3, false],
  ["DEM", 2, true],
  ["ITL", 0, true],
  ["NLG", 2, true],
];
const TYPES = ["NTRF", "NMSC", "FCHG", "N541", "S   ", "S051", "NDDT"];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function randomFile(random: Random): FileModel {
  const [currency, exponent, historic] = random.pick(CURRENCIES);
  const atSeparators = random.chance(0.1);
  const envelope = atSeparators ? "none" : random.pick(["none", "lines", "glued", "soh", "abn"] as const);
  const model: FileModel = {
    account: `DE${String(random.int(10, 99))}${String(random.int(10_000_000, 99_999_999))}${String(random.int(1_000_000_000, 9_999_999_999))}`,
    accountSuffix: random.pick(["", "", " ", "glued"] as const),
    currency,
    exponent,
    historic,
    pages: [],
    dialect: {
      envelope,
      header: envelope === "none" ? random.pick(["none", "rabobank", "ing"] as const) : "none",
      lineEnd: random.pick(["\n", "\r\n", "\r"] as const),
      trailingBlanks: random.chance(0.3),
      atSeparators,
    },
  };
  let balance = BigInt(random.int(-50_000, 5_000_000));
  let statementNumber = random.int(1, 500);
  const year = historic ? random.int(1990, 2001) : random.int(2020, 2030);
  let month = random.int(1, 12);
  for (let statement = random.int(1, 3); statement > 0; statement--) {
    const pages = random.chance(0.3) ? random.int(2, 3) : 1;
    for (let page = 1; page <= pages; page++) {
      const entries: EntryModel[] = [];
      for (let count = random.int(0, 5); count > 0; count--) entries.push(randomEntry(random, year, month));
      const opening = balance;
      for (const entry of entries) balance += signedMinor(entry);
      model.pages.push({
        reference: `STMT${random.int(1000, 9999)}`,
        statementNumber,
        page,
        openingTag: page === 1 ? "60F" : "60M",
        closingTag: page === pages ? "62F" : "62M",
        opening,
        entries,
        date: { year, month, day: random.int(1, 28) },
      });
    }
    statementNumber++;
    month = (month % 12) + 1;
  }
  return model;
}

export function randomEntry(random: Random, year: number, month: number): EntryModel {
  const days = daysIn(year, month);
  // Now and then a 30/360 interest date: a day the month does not have.
  const impossible = days < 31 && random.chance(0.1);
  const writtenDay = impossible ? random.int(days + 1, 31) : random.int(1, days);
  const information = random.chance(0.15) ? null : randomInformation(random);
  return {
    value: { year, month, day: Math.min(writtenDay, days), writtenDay },
    entry: random.pick([null, "blank", 0, 0, 1, 3] as const),
    mark: random.pick(["C", "D", "C", "D", "RC", "RD"] as const),
    fundsCode: random.chance(0.2) ? random.pick(["R", "X"]) : null,
    minor: BigInt(random.int(0, 99_999_999)),
    type: random.pick(TYPES),
    customerReference: random.chance(0.5) ? "NONREF" : `REF${random.int(1, 9_999_999)}`,
    bankReference: random.chance(0.5) ? `B${random.int(1, 999_999_999)}` : null,
    supplementary: random.chance(0.2) ? `/OCMT/EUR${random.int(1, 999)},00/` : null,
    information,
  };
}

function randomInformation(random: Random): InformationModel {
  switch (random.int(0, 2)) {
    case 0:
      return { kind: "free", text: random.words(1, 25) };
    case 1: {
      const purpose: string[] = [];
      for (let count = random.int(1, 4); count > 0; count--) purpose.push(random.words(1, 3).slice(0, 27));
      return { kind: "german", gvc: String(random.int(0, 999)).padStart(3, "0"), separator: random.pick(["?", "#", "^"]), postingText: random.words(1, 2), purpose, name: random.chance(0.7) ? random.words(1, 3) : null };
    }
    default:
      return { kind: "swift", endToEnd: `E2E${random.int(1, 999_999)}`, name: random.words(1, 4), iban: `NL${random.int(10, 99)}RABO0${random.int(100_000_000, 999_999_999)}`, remittance: random.words(1, 12) };
  }
}

function signedMinor(entry: EntryModel): bigint {
  return entry.mark === "C" || entry.mark === "RD" ? entry.minor : -entry.minor;
}

function two(value: number): string {
  return String(value).padStart(2, "0");
}

function yymmdd(date: { year: number; month: number; day: number }): string {
  return `${two(date.year % 100)}${two(date.month)}${two(date.day)}`;
}

function swiftAmount(minor: bigint, exponent: number): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  return exponent === 0 ? `${digits},` : `${digits.slice(0, -exponent)},${digits.slice(-exponent)}`;
}

function balance(tag: string, minor: bigint, date: PageModel["date"], model: FileModel): string {
  return `:${tag}:${minor < 0n ? "D" : "C"}${yymmdd(date)}${model.currency}${swiftAmount(minor, model.exponent)}`;
}

/** Cuts text into 65-character lines; a blank that would end a line starts the next (trailing blanks are not significant in SWIFT). */
function wrap(text: string, width = 65): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = width;
    while (cut > 1 && rest[cut - 1] === " ") cut--;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}

function informationText(information: InformationModel): string {
  switch (information.kind) {
    case "free":
      return information.text;
    case "german": {
      const s = information.separator;
      const purpose = information.purpose.map((part, index) => `${s}${20 + index}${part}`).join("");
      return `${information.gvc}${s}00${information.postingText}${purpose}${information.name === null ? "" : `${s}32${information.name}`}`;
    }
    case "swift":
      return `/EREF/${information.endToEnd}/NAME/${information.name}/IBAN/${information.iban}/REMI/USTD//${information.remittance}/`;
  }
}

function entryDateOf(entry: EntryModel): { year: number; month: number; day: number } | null {
  if (entry.entry === null || entry.entry === "blank") return null;
  const date = new Date(Date.UTC(entry.value.year, entry.value.month - 1, entry.value.day - entry.entry));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The file's text and the line of every :61:, in order. As "mt942" every
 * page is an interim report: :34F: floor limits and :13D: instead of the
 * opening balance, :90D:/:90C: entry totals instead of the closing one.
 */
export function writeMt940(model: FileModel, kind: "mt940" | "mt942" = "mt940"): { text: string; entryLines: number[] } {
  const lines: string[] = [];
  const entryLines: number[] = [];
  const { dialect } = model;
  if (dialect.header === "rabobank") lines.push(":940:");
  if (dialect.header === "ing") lines.push("0000 01INGBNL2AXXXX00001", "0000 01INGBNL2AXXXX00001", "940 00");
  const suffix = model.accountSuffix === "" ? "" : model.accountSuffix === " " ? ` ${model.currency}` : model.currency;
  for (const page of model.pages) {
    const open = `{1:F01BANKDEFFAXXX0000000000}{2:O${kind === "mt940" ? "940" : "942"}1200260306BANKDEFFAXXX00000000002603061200N}{4:`;
    if (dialect.envelope === "lines" || dialect.envelope === "glued") lines.push(open);
    if (dialect.envelope === "soh") lines.push(`\u0001${open}`);
    if (dialect.envelope === "abn") lines.push("ABNANL2A", "940", "ABNANL2A");
    lines.push(`:20:${page.reference}`, `:25:${model.account}${suffix}`, `:28C:${String(page.statementNumber).padStart(5, "0")}/${String(page.page).padStart(3, "0")}`);
    if (kind === "mt940") lines.push(balance(page.openingTag, page.opening, page.date, model));
    else lines.push(`:34F:${model.currency}D0,`, `:34F:${model.currency}C${swiftAmount(0n, model.exponent)}`, `:13D:${yymmdd(page.date)}1430+0100`);
    let closing = page.opening;
    for (const entry of page.entries) {
      closing += signedMinor(entry);
      entryLines.push(lines.length + 1);
      const entryDate = entryDateOf(entry);
      const entryText = entry.entry === "blank" ? "    " : entryDate ? `${two(entryDate.month)}${two(entryDate.day)}` : "";
      const value = `${two(entry.value.year % 100)}${two(entry.value.month)}${two(entry.value.writtenDay)}`;
      const bank = entry.bankReference === null ? "" : `//${entry.bankReference}`;
      lines.push(`:61:${value}${entryText}${entry.mark}${entry.fundsCode ?? ""}${swiftAmount(entry.minor, model.exponent)}${entry.type}${entry.customerReference}${bank}`);
      if (entry.supplementary !== null) lines.push(entry.supplementary);
      if (entry.information) {
        const [first, ...rest] = wrap(informationText(entry.information));
        lines.push(`:86:${first}`, ...rest);
      }
    }
    if (kind === "mt940") lines.push(balance(page.closingTag, closing, page.date, model));
    else {
      const debits = page.entries.filter((entry) => entry.mark === "D" || entry.mark === "RC");
      const credits = page.entries.filter((entry) => !debits.includes(entry));
      const total = (entries: EntryModel[]) => swiftAmount(entries.reduce((sum, entry) => sum + entry.minor, 0n), model.exponent);
      lines.push(`:90D:${debits.length}${model.currency}${total(debits)}`, `:90C:${credits.length}${model.currency}${total(credits)}`);
    }
    if (dialect.envelope === "lines") lines.push("-}", "{5:{CHK:0123456789AB}}");
    if (dialect.envelope === "glued") lines[lines.length - 1] += "-}{5:}";
    if (dialect.envelope === "soh") lines.push("-}{5:{CHK:0123456789AB}}\u0003");
    if (dialect.envelope === "abn") lines.push("-");
  }
  if (dialect.atSeparators) return { text: lines.join("@@") + dialect.lineEnd, entryLines: entryLines.map(() => 1) };
  const text = lines.map((line) => (dialect.trailingBlanks ? `${line}  ` : line)).join(dialect.lineEnd) + dialect.lineEnd;
  return { text, entryLines };
}

export interface ExpectedRecord {
  line: number;
  "@amount": string;
  "@currency": string;
  "@date": string;
  "@value_date": string;
  "@reference": string | null;
  "@remittance": string | null;
  "@counterparty": string | null;
  "@account": string;
  "@record_type": string;
  "@statement_id": string;
  "@opening_balance": string | null;
  "@closing_balance": string | null;
}

function iso(date: { year: number; month: number; day: number }): string {
  return `${date.year}-${two(date.month)}-${two(date.day)}`;
}

function formatMajor(minor: bigint, exponent: number): string {
  const text = swiftAmount(minor, exponent).replace(",", exponent === 0 ? "" : ".");
  return minor < 0n ? `-${text}` : text;
}

/** What a correct reader returns for the model, and how many warnings it must raise (clamped dates, historic openings). */
export function expectedRecords(model: FileModel, entryLines: number[], kind: "mt940" | "mt942" = "mt940"): { records: ExpectedRecord[]; warnings: number } {
  const records: ExpectedRecord[] = [];
  let warnings = 0;
  let index = 0;
  for (const page of model.pages) {
    if (model.historic) warnings++;
    const closing = page.entries.reduce((sum, entry) => sum + signedMinor(entry), page.opening);
    for (const entry of page.entries) {
      if (entry.value.writtenDay !== entry.value.day) warnings++;
      const information = entry.information;
      const endToEnd = information?.kind === "swift" ? information.endToEnd : null;
      const entryDate = entryDateOf(entry);
      records.push({
        line: entryLines[index++]!,
        "@amount": formatMajor(signedMinor(entry), model.exponent),
        "@currency": model.currency,
        "@date": iso(entryDate ?? entry.value),
        "@value_date": iso(entry.value),
        "@reference": entry.bankReference ?? (entry.customerReference === "NONREF" ? null : entry.customerReference) ?? endToEnd,
        "@remittance": information === null ? null : information.kind === "free" ? information.text : information.kind === "swift" ? information.remittance : information.purpose.join("").trim(),
        "@counterparty": information?.kind === "swift" ? information.name : information?.kind === "german" ? information.name : null,
        "@account": model.account,
        "@record_type": entry.mark === "C" || entry.mark === "RD" ? "credit" : "debit",
        "@statement_id": `${String(page.statementNumber).padStart(5, "0")}/${String(page.page).padStart(3, "0")}`,
        "@opening_balance": kind === "mt940" ? formatMajor(page.opening, model.exponent) : null,
        "@closing_balance": kind === "mt940" ? formatMajor(closing, model.exponent) : null,
      });
    }
  }
  return { records, warnings };
}
