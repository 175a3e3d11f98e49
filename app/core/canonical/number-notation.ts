import type { NumberFormat } from "./mapped-values";

/**
 * Which decimal notation a column is written in, decided once per file.
 *
 * The same ERP export comes out as "12.500,00" on German regional settings
 * and "12500.00" on English ones, under the same header, so a saved mapping
 * cannot always fix the separator. A separator followed by one or two
 * final digits can only be a decimal point (grouping takes three); a
 * separator followed by four or more (a unit price "12.3456") likewise; a
 * separator repeated within one value can only be grouping. Amounts in ERP
 * and bank exports carry their cents, so one such value decides the column.
 * Only a tail of exactly three digits ("1.250") is ambiguous: a column with
 * nothing else has whole numbers, and its separators are grouping.
 */
export type Notation = { format: NumberFormat } | { problem: string };

const DECIMAL_COMMA = /,(\d{1,2}|\d{4,})\)?-?$/;
const DECIMAL_POINT = /\.(\d{1,2}|\d{4,})\)?-?$/;
const GROUPED_BY_POINT = /\.\d{3}\./;
const GROUPED_BY_COMMA = /,\d{3},/;

export function notationOf(texts: Iterable<string>, thousands: NumberFormat["thousandsSeparator"] | undefined): Notation {
  let comma = false;
  let point = false;
  let pointSeen = false;
  let commaSeen = false;
  for (const text of texts) {
    if (DECIMAL_COMMA.test(text) || GROUPED_BY_POINT.test(text)) comma = true;
    if (DECIMAL_POINT.test(text) || GROUPED_BY_COMMA.test(text)) point = true;
    if (text.includes(".")) pointSeen = true;
    if (text.includes(",")) commaSeen = true;
    if (comma && point) return { problem: 'its values are written with both "," and "." as the decimal separator; set decimalSeparator in the column mapping' };
  }
  if (comma || (!point && pointSeen && !commaSeen)) return { format: { decimalSeparator: ",", thousandsSeparator: thousands ?? "." } };
  return { format: { decimalSeparator: ".", thousandsSeparator: thousands ?? (commaSeen ? "," : "") } };
}
