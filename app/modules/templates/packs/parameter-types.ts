import { isCanonicalSchemaId } from "~/core/canonical/schemas";
import { compileAmountParser } from "~/core/values/amounts";
import { currencyExponent, isIsoCurrencyCode } from "~/core/values/currency";
import { isFailure } from "~/core/values/transform-failure";

/**
 * The typed parameter values of manifest version 2: money in major units with
 * its currency, durations, percentages. An operator writes what they mean
 * ("1000.00" USD, "3 days", "1.5" %), and substitution turns it into what the
 * rule-set schema stores (minor units, whole days, basis points). Every
 * conversion is exact: decimal text is read digit by digit, never through a
 * float, and a value that cannot be converted exactly is refused, not rounded.
 */

/** A money parameter's value: the amount as written, its currency, and the exact minor units. */
export interface MoneyValue {
  amount: string;
  currency: string;
  minor: number;
}

/** A duration as whole hours (the finest unit a pack needs: cut-off times are hours, windows are days). */
export interface DurationValue {
  iso: string;
  hours: number;
}

export interface PercentageValue {
  /** As written: "1.5". */
  percent: string;
  basisPoints: number;
}

/** A problem with one part of a composite value: `field` is appended to the parameter's pointer. */
export interface ValueProblem {
  field?: string;
  message: string;
}

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal amount text in a currency, to exact minor units. */
export function parseMoneyAmount(amount: unknown, currency: string): MoneyValue | ValueProblem {
  if (typeof amount !== "string") return { field: "amount", message: 'must be decimal text in major units, e.g. "1000.00" (a JSON number is not exact)' };
  const exponent = currencyExponent(currency);
  if (exponent === undefined || !isIsoCurrencyCode(currency)) return { field: "currency", message: "must be an ISO 4217 currency code such as USD" };
  const text = amount.trim();
  const decimal = DECIMAL_TEXT.exec(text);
  if (!decimal) return { field: "amount", message: `must be a non-negative decimal amount in major units such as ${exampleAmount(exponent)}` };
  const fractionDigits = decimal[2]?.length ?? 0;
  if (fractionDigits > exponent) {
    return { field: "amount", message: exponent === 0 ? `${currency} has no minor units: write a whole amount such as ${exampleAmount(0)}` : `${currency} has ${exponent} decimal places: write at most ${exponent}, e.g. ${exampleAmount(exponent)}` };
  }
  const minor = compileAmountParser({ decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: exponent })(text);
  if (minor === null) return { field: "amount", message: "must not be blank" };
  if (isFailure(minor)) return { field: "amount", message: minor.message };
  return { amount: text, currency, minor };
}

function exampleAmount(exponent: number): string {
  return exponent === 0 ? "1000" : `1000.${"0".repeat(exponent)}`;
}

export function isValueProblem(value: object): value is ValueProblem {
  return "message" in value;
}

const ISO_DURATION = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(\d+)H)?)$/;
const FRIENDLY_DURATION = /^(\d+)\s*(week|day|hour)s?$/i;
const HOURS_PER = { week: 168, day: 24, hour: 1 } as const;
/** A year: no reconciliation window or cut-off is longer. */
const MAX_DURATION_HOURS = 366 * 24;

/** ISO 8601 weeks, days and hours (`P3D`, `PT12H`, `P1DT12H`, `P2W`) or "3 days" / "12 hours". */
export function parseDuration(value: unknown): DurationValue | ValueProblem {
  const duration = 'must be a duration in days or hours: ISO 8601 such as "P3D" or "PT12H", or "3 days"';
  if (typeof value !== "string") return { message: duration };
  const text = value.trim();
  let hours: number;
  const iso = ISO_DURATION.exec(text);
  const friendly = FRIENDLY_DURATION.exec(text);
  if (iso && text !== "P" && text !== "PT") {
    hours = Number(iso[1] ?? 0) * HOURS_PER.week + Number(iso[2] ?? 0) * HOURS_PER.day + Number(iso[3] ?? 0);
  } else if (friendly) {
    hours = Number(friendly[1]) * HOURS_PER[friendly[2]!.toLowerCase() as keyof typeof HOURS_PER];
  } else {
    return { message: duration };
  }
  if (hours > MAX_DURATION_HOURS) return { message: "must be at most a year (P366D)" };
  return { iso: isoDuration(hours), hours };
}

/** The canonical ISO form: whole days as `P3D`, the rest as `PT36H`. */
export function isoDuration(hours: number): string {
  if (hours === 0) return "P0D";
  return hours % 24 === 0 ? `P${hours / 24}D` : `PT${hours}H`;
}

const PERCENT_TEXT = /^(\d+)(?:\.(\d{1,2}))?$/;

/** Percent text ("1.5") to exact basis points (150); a basis point is the finest step, so at most two decimals. */
export function parsePercentage(value: unknown): PercentageValue | ValueProblem {
  if (typeof value !== "string") return { message: 'must be a percentage as decimal text such as "1.5" (a JSON number is not exact)' };
  const text = value.trim();
  const percent = PERCENT_TEXT.exec(text);
  if (!percent) {
    return { message: /^\d+\.\d{3,}$/.test(text) ? "must have at most two decimals (one basis point is 0.01%)" : 'must be a non-negative percentage such as "1.5"' };
  }
  const basisPoints = Number(percent[1]) * 100 + Number((percent[2] ?? "").padEnd(2, "0"));
  if (basisPoints > 10_000) return { message: "must be at most 100" };
  return { percent: text, basisPoints };
}

/** What a fileInput parameter may list: a canonical schema id, or an adapter name. */
export function isAcceptedFileKind(kind: string, adapterExists: (name: string) => boolean): boolean {
  return isCanonicalSchemaId(kind) || adapterExists(kind);
}
