import type { FieldReader } from "./logical-records";

/**
 * Funds type of a 03 summary or 16 detail, and the fields it brings (BAI2
 * 2005, "Funds type"): 0 immediate, 1 one-day, 2 two-or-more-day, Z unknown
 * and blank have none; S has three amounts (immediate, one-day, two-day or
 * more); V a value date (YYMMDD) and time; D a number of distributions, then
 * that many pairs of days and amount. These are availability, not more
 * money: they are never added to control totals.
 */
export interface FundsType {
  code: string;
  /** Index of the first field after the funds type and its own fields. */
  next: number;
  valueDate?: string;
  /** Field indexes that must hold amounts (S and D distributions), checked but not summed. */
  amountFields: number[];
  /** A D count that is not a number, or more pairs than the record holds: nothing after it can be placed. */
  badCount?: number;
}

export function readFundsType(fields: FieldReader, at: number): FundsType {
  const code = fields.field(at).toUpperCase();
  switch (code) {
    case "S":
      return { code, next: at + 4, amountFields: [at + 1, at + 2, at + 3] };
    case "V":
      return { code, next: at + 3, valueDate: fields.field(at + 1), amountFields: [] };
    case "D": {
      const countText = fields.field(at + 1);
      if (!/^\d+$/.test(countText)) return { code, next: at + 2, amountFields: [], badCount: at + 1 };
      const count = Number(countText);
      // More pairs than the record has fields left: a broken count, not ten million distributions to check.
      if (at + 2 + 2 * count > fields.count) return { code, next: at + 2, amountFields: [], badCount: at + 1 };
      const amountFields: number[] = [];
      for (let i = 0; i < count; i++) amountFields.push(at + 3 + 2 * i);
      return { code, next: at + 2 + 2 * count, amountFields };
    }
    default:
      return { code, next: at + 1, amountFields: [] };
  }
}

export const KNOWN_FUNDS_TYPES: ReadonlySet<string> = new Set(["", "0", "1", "2", "S", "V", "D", "Z"]);
