/**
 * Money formatting for explanations. Amounts stay integer minor units
 * everywhere in the engine; only the human-readable reason strings place a
 * decimal point, using the currency's ISO 4217 minor units.
 */

/** ISO 4217 exponents that differ from the usual 2. Unknown or absent currencies format with 2. */
const MINOR_UNITS = new Map<string, number>([
  ["BIF", 0], ["CLP", 0], ["DJF", 0], ["GNF", 0], ["ISK", 0], ["JPY", 0], ["KMF", 0], ["KRW", 0],
  ["PYG", 0], ["RWF", 0], ["UGX", 0], ["UYI", 0], ["VND", 0], ["VUV", 0], ["XAF", 0], ["XOF", 0], ["XPF", 0],
  ["BHD", 3], ["IQD", 3], ["JOD", 3], ["KWD", 3], ["LYD", 3], ["OMR", 3], ["TND", 3],
  ["CLF", 4], ["UYW", 4],
  // Withdrawn codes old bank statements still carry, booked in whole units (app/core/values/currency.ts).
  ["BEF", 0], ["ESP", 0], ["GRD", 0], ["ITL", 0], ["LUF", 0], ["PTE", 0], ["TRL", 0],
]);

export function minorUnitsOf(currency: string | null): number {
  if (currency === null) return 2;
  return MINOR_UNITS.get(currency) ?? 2;
}

/**
 * "12345" minor units of USD → "123.45"; of JPY → "12345"; of KWD → "12.345".
 * Works on the integer's digits, never on a fractional number, so large
 * amounts print exactly. NaN (no amount) → null.
 */
export function formatMinor(amountMinor: number, currency: string | null): string | null {
  if (Number.isNaN(amountMinor)) return null;
  const digits = minorUnitsOf(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const absolute = Math.abs(amountMinor);
  if (digits === 0) return sign + String(absolute);
  if (digits === 2) {
    // The usual case, without the padding strings: whole units and two digits.
    const cents = absolute % 100;
    return `${sign}${(absolute - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
  }
  const magnitude = String(absolute);
  const padded = magnitude.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, padded.length - digits)}.${padded.slice(padded.length - digits)}`;
}
