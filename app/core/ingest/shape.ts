/**
 * Where a table starts and ends inside a sheet of records: the header row
 * (after any preamble a bank puts first) and summary rows at the end. Shared
 * by delimited text and spreadsheets; both come here as records of strings.
 */

export interface ShapeRecord {
  line: number;
  fields: readonly string[];
}

/** Looks like data rather than a label: numbers, amounts, dates, null tokens. */
const VALUE_LIKE = [
  /^[-+(\u2212]?\s*[$€£¥]?\s*\d[\d\s.,']*\)?-?$/,
  /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/,
  /^(?:N\/A|n\/a|NULL|null|-)$/,
];

function looksLikeValue(text: string): boolean {
  return VALUE_LIKE.some((pattern) => pattern.test(text));
}

export interface LabelCheck {
  labels: number;
  nonEmpty: number;
  distinct: boolean;
  ok: boolean;
}

/**
 * A header row: at most one empty cell in five (an unnamed index column is
 * common), most cells labels rather than values, and no label twice.
 */
export function checkLabels(fields: readonly string[]): LabelCheck {
  const cells = fields.map((field) => field.trim()).filter((field) => field.length > 0);
  const labels = cells.filter((cell) => !looksLikeValue(cell)).length;
  const distinct = new Set(cells).size === cells.length;
  const emptyAllowed = Math.max(1, Math.floor(fields.length / 5));
  const ok = cells.length > 0 && fields.length - cells.length <= emptyAllowed && labels * 2 > cells.length && distinct;
  return { labels, nonEmpty: cells.length, distinct, ok };
}

/** The most common width; a tie goes to the wider one (a preamble line is narrower than the table). */
export function dominantWidth(records: readonly ShapeRecord[]): number {
  const counts = new Map<number, number>();
  for (const record of records) counts.set(record.fields.length, (counts.get(record.fields.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [candidate, n] of counts) {
    if (n > best || (n === best && candidate > width)) {
      width = candidate;
      best = n;
    }
  }
  return width;
}

export interface HeaderChoice {
  index: number;
  evidence: string;
}

/**
 * The first record as wide as the table whose cells look like labels.
 * `widthRule` "exact" is for delimited text, where every row has all its
 * delimiters; "atLeast" for spreadsheets, whose rows stop at the last
 * non-empty cell.
 */
export function chooseHeader(records: readonly ShapeRecord[], widthRule: "exact" | "atLeast", scope: string): HeaderChoice | null {
  const width = dominantWidth(records);
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const wideEnough = widthRule === "exact" ? record.fields.length === width : record.fields.length >= width;
    if (!wideEnough) continue;
    const check = checkLabels(record.fields);
    if (!check.ok) continue;
    const names = record.fields.filter((field) => field.trim().length > 0).slice(0, 4);
    const listed = `${names.map((name) => `"${name.trim()}"`).join(", ")}${check.nonEmpty > names.length ? ", …" : ""}`;
    const preamble =
      index === 0 ? "" : `; ${index} preamble record${index === 1 ? "" : "s"} before it (line${index === 1 ? "" : "s"} ${describeRange(records, index)}) skipped`;
    return {
      index,
      evidence: `line ${record.line}: the first record with the table's ${width} field${width === 1 ? "" : "s"} whose cells are distinct labels (${check.labels} of ${check.nonEmpty} non-numeric: ${listed})${preamble}; ${scope}`,
    };
  }
  return null;
}

function describeRange(records: readonly ShapeRecord[], end: number): string {
  const first = records[0]!.line;
  const last = records[end - 1]!.line;
  return first === last ? String(first) : `${first}–${last}`;
}

const SUMMARY_LABEL = /^(?:(?:grand|sub)[\s-]?)?totals?\b|^sum(?:me)?\b|^gesamt|^(?:opening|closing|ending|end)\s+balance\b|^saldo\b/i;

/** A total, subtotal or closing-balance label, as banks and marketplaces append. */
export function isSummaryLabel(text: string | null | undefined): boolean {
  return text !== null && text !== undefined && SUMMARY_LABEL.test(text.trim());
}

/**
 * Summaries are a line or three (total, count, closing balance). A longer run
 * of narrow rows at the end is broken data, reported row by row as ragged;
 * a table that is all "summary" is a table of narrow rows.
 */
export const MAX_SUMMARY_ROWS = 3;

/**
 * How many rows at the end are summaries, not data: rows narrower than the
 * header (delimited text only, where width is meaningful), or whose first
 * non-empty cell reads "Total", "Subtotal", "Closing balance"…
 */
export function trailingSummaryCount(rows: readonly ShapeRecord[], headerWidth: number, narrowIsSummary: boolean): number {
  let count = 0;
  for (let i = rows.length - 1; i >= 0 && count <= MAX_SUMMARY_ROWS; i--) {
    const fields = rows[i]!.fields;
    const firstValue = fields.find((field) => field.trim().length > 0);
    const summary = (narrowIsSummary && fields.length < headerWidth) || isSummaryLabel(firstValue);
    if (!summary) break;
    count++;
  }
  return count > MAX_SUMMARY_ROWS || count === rows.length ? 0 : count;
}

/** "lines 4, 9 and 12", or the first few and a count. */
export function describeLines(lines: readonly number[], total = lines.length): string {
  const shown = lines.slice(0, 10);
  const word = total === 1 ? "line" : "lines";
  if (total > shown.length) return `${word} ${shown.join(", ")}, … (${total} in all)`;
  if (shown.length === 1) return `${word} ${shown[0]}`;
  return `${word} ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** Header names as the delimited reader keeps them (trimmed), with problems a user must fix before mapping. */
export function headerWarnings(names: readonly string[]): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  names.forEach((name) => {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  });
  const blank = names.map((name, index) => (name === "" ? index + 1 : 0)).filter((position) => position > 0);
  if (blank.length > 0) warnings.push(`column${blank.length === 1 ? "" : "s"} ${blank.join(", ")} ha${blank.length === 1 ? "s" : "ve"} no name`);
  for (const name of duplicates) warnings.push(`column name "${name}" appears more than once: only the first is read`);
  return warnings;
}
